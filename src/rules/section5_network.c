/*
 * Section 5 checks on published ports and networks: privileged host ports
 * (5.8), open ports (5.9), the host interface (5.14) and the default
 * bridge (5.30).
 */
#include <string.h>

#include "rules/section5.h"
#include "util/strutil.h"

/* Ports below this are privileged on Linux (ip_unprivileged_port_start). */
#define PRIVILEGED_PORT_END 1024

/* Adds one binding as the docker CLI shows it: "127.0.0.1:8080->80/tcp",
 * "[::]:8080->80/tcp", with "*" for an empty HostIp. */
static void port_describe(struct evidence_list *l, const struct port_binding *p)
{
	const char *ip = *p->host_ip ? p->host_ip : "*";
	bool v6 = strchr(ip, ':') && ip[0] != '[';

	if (p->host_port_end > p->host_port)
		evidence_list_add(l, "%s%s%s:%u-%u->%s", v6 ? "[" : "", ip,
				  v6 ? "]" : "", p->host_port, p->host_port_end,
				  p->container_port);
	else
		evidence_list_add(l, "%s%s%s:%u->%s", v6 ? "[" : "", ip,
				  v6 ? "]" : "", p->host_port,
				  p->container_port);
}

void check_5_8(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;
	struct evidence_list low, all;
	struct location first = {0}; /* the first offending binding */
	bool engine_chosen = false;

	(void)t;
	if (!c->n_ports) {
		verdict_pass(v, CF_PORTS, "no ports are published");
		return;
	}
	evidence_list_init(&low);
	evidence_list_init(&all);
	for (size_t i = 0; i < c->n_ports; i++) {
		const struct port_binding *p = &c->ports[i];

		/* Port 0 lets the engine pick a free ephemeral port. A range
		 * counts by its lowest port. */
		if (p->host_port == 0)
			engine_chosen = true;
		else if (p->host_port < PRIVILEGED_PORT_END) {
			port_describe(&low, p);
			if (!first.line)
				first = p->loc;
		}
		port_describe(&all, p);
	}
	if (low.n) {
		verdict_fail(v, CF_PORTS,
			     "PortBindings publish host ports below %d: %s",
			     PRIVILEGED_PORT_END, evidence_list_str(&low));
		v->loc = first;
	} else
		verdict_pass(v, CF_PORTS,
			     "no host port below %d is published (%s)%s",
			     PRIVILEGED_PORT_END, evidence_list_str(&all),
			     engine_chosen ? "; host port 0 means the engine "
					     "chooses a free port"
					   : "");
	evidence_list_clear(&low);
	evidence_list_clear(&all);
}

void check_5_9(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;
	struct evidence_list ports;

	(void)t;
	if (str_eq(c->network_mode, "host")) {
		verdict_set(v, ST_MANUAL, CF_NETWORK_MODE,
			    "HostConfig.NetworkMode is host, so every port the "
			    "container listens on is open on the host; check "
			    "that each is needed");
		return;
	}
	if (!c->n_ports) {
		verdict_pass(v, CF_PORTS, "no ports are published");
		return;
	}
	evidence_list_init(&ports);
	for (size_t i = 0; i < c->n_ports; i++)
		port_describe(&ports, &c->ports[i]);
	verdict_set(v, ST_MANUAL, CF_PORTS,
		    "published ports: %s; check that each is needed",
		    evidence_list_str(&ports));
	evidence_list_clear(&ports);
}

/* Whether a HostIp means every interface: empty, 0.0.0.0 or ::. */
static bool is_wildcard_ip(const char *ip)
{
	return !*ip || str_eq(ip, "0.0.0.0") || str_eq(ip, "::") ||
	       str_eq(ip, "[::]");
}

void check_5_14(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;
	struct evidence_list wild, bound;
	struct location first = {0};

	(void)t;
	if (!c->n_ports) {
		verdict_pass(v, CF_PORTS, "no ports are published");
		return;
	}
	evidence_list_init(&wild);
	evidence_list_init(&bound);
	for (size_t i = 0; i < c->n_ports; i++) {
		const struct port_binding *p = &c->ports[i];

		if (is_wildcard_ip(p->host_ip)) {
			port_describe(&wild, p);
			if (!first.line)
				first = p->loc;
		} else {
			port_describe(&bound, p);
		}
	}
	if (wild.n) {
		verdict_fail(v, CF_PORTS,
			     "PortBindings listen on every host interface: %s",
			     evidence_list_str(&wild));
		v->loc = first;
	} else
		verdict_pass(v, CF_PORTS,
			     "every published port is bound to one host "
			     "address: %s",
			     evidence_list_str(&bound));
	evidence_list_clear(&wild);
	evidence_list_clear(&bound);
}

void check_5_30(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;
	const char *mode = c->network_mode;

	(void)t;
	/* "default" is the engine's name for the bridge network on Linux. */
	if (str_eq(mode, "default") || str_eq(mode, "bridge"))
		verdict_fail(v, CF_NETWORK_MODE,
			     "HostConfig.NetworkMode is %s, which attaches the "
			     "container to the default network bridge",
			     mode);
	else if (strlist_contains(&c->networks, "bridge"))
		verdict_fail(v, CF_NETWORK_MODE,
			     "NetworkSettings.Networks includes the default "
			     "network bridge");
	else if (*mode)
		verdict_pass(v, CF_NETWORK_MODE, "HostConfig.NetworkMode is %s",
			     mode);
	else
		verdict_pass(v, CF_NETWORK_MODE,
			     "the container is not attached to the default "
			     "network bridge");
}
