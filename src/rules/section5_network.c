/*
 * Section 5 checks on published ports and networks: privileged host ports
 * (5.8), open ports (5.9), the host interface (5.14) and the default
 * bridge (5.30).
 */
#include <arpa/inet.h>
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

enum host_ip_kind {
	HOST_IP_EVERY,	 /* every interface */
	HOST_IP_ONE,	 /* one address */
	HOST_IP_INVALID, /* not an IP address */
};

static bool bytes_zero(const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/*
 * Whether `s` is a dotted quad with leading zeros ("000.000.000.000"),
 * which inet_pton rejects. Engines built with Go before 1.17 read each
 * part as decimal. Later ones cannot parse such an address and bind every
 * interface, as dockerd 20.10.24 did for 000.000.000.000. Sets `*zero`
 * when every part is zero.
 */
static bool zero_padded_quad(const char *s, bool *zero)
{
	unsigned part;

	*zero = true;
	for (int i = 0; i < 4; i++) {
		size_t digits = strspn(s, "0123456789");
		char text[4];

		if (digits == 0 || digits > 3 || s[digits] != (i < 3 ? '.' : 0))
			return false;
		memcpy(text, s, digits);
		text[digits] = '\0';
		if (parse_uint(text, 255, &part))
			return false;
		*zero = *zero && part == 0;
		s += digits + 1;
	}
	return true;
}

/*
 * Classifies a HostIp as the engine binds it: empty, an all-zero IPv4 or
 * IPv6 address or the IPv4-mapped ::ffff:0.0.0.0 is every interface.
 * Brackets around an IPv6 address are dropped.
 */
static enum host_ip_kind host_ip_classify(const char *ip)
{
	static const unsigned char v4_mapped[12] = {0, 0, 0, 0, 0,    0,
						    0, 0, 0, 0, 0xff, 0xff};
	unsigned char addr[16];
	char text[INET6_ADDRSTRLEN];
	size_t n = strlen(ip);
	bool zero;

	if (n == 0)
		return HOST_IP_EVERY;
	if (n >= 2 && ip[0] == '[' && ip[n - 1] == ']') {
		ip++;
		n -= 2;
	}
	if (n >= sizeof(text))
		return HOST_IP_INVALID;
	memcpy(text, ip, n);
	text[n] = '\0';
	if (inet_pton(AF_INET, text, addr) == 1)
		return bytes_zero(addr, 4) ? HOST_IP_EVERY : HOST_IP_ONE;
	if (inet_pton(AF_INET6, text, addr) == 1) {
		if (bytes_zero(addr, 16) ||
		    (!memcmp(addr, v4_mapped, 12) && bytes_zero(addr + 12, 4)))
			return HOST_IP_EVERY;
		return HOST_IP_ONE;
	}
	if (zero_padded_quad(text, &zero) && zero)
		return HOST_IP_EVERY;
	return HOST_IP_INVALID;
}

void check_5_14(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;
	struct evidence_list wild, bound, invalid;
	struct location first = {0};
	struct location first_invalid = {0};

	(void)t;
	if (!c->n_ports) {
		verdict_pass(v, CF_PORTS, "no ports are published");
		return;
	}
	evidence_list_init(&wild);
	evidence_list_init(&bound);
	evidence_list_init(&invalid);
	for (size_t i = 0; i < c->n_ports; i++) {
		const struct port_binding *p = &c->ports[i];

		switch (host_ip_classify(p->host_ip)) {
		case HOST_IP_EVERY:
			port_describe(&wild, p);
			if (!first.line)
				first = p->loc;
			break;
		case HOST_IP_ONE:
			port_describe(&bound, p);
			break;
		case HOST_IP_INVALID:
			port_describe(&invalid, p);
			if (!first_invalid.line)
				first_invalid = p->loc;
			break;
		}
	}
	if (wild.n) {
		verdict_fail(v, CF_PORTS,
			     "PortBindings listen on every host interface: %s",
			     evidence_list_str(&wild));
		v->loc = first;
	} else if (invalid.n) {
		verdict_set(v, ST_ERROR, CF_PORTS,
			    "PortBindings have a HostIp that is not an IP "
			    "address: %s; an engine that cannot parse HostIp "
			    "may bind every interface",
			    evidence_list_str(&invalid));
		v->loc = first_invalid;
	} else
		verdict_pass(v, CF_PORTS,
			     "every published port is bound to one host "
			     "address: %s",
			     evidence_list_str(&bound));
	evidence_list_clear(&wild);
	evidence_list_clear(&bound);
	evidence_list_clear(&invalid);
}

/*
 * Whether the engine has its default bridge network: 1 yes, 0 no (dockerd
 * --bridge=none), -1 unknown because the networks were not collected.
 */
static int engine_has_default_bridge(const struct target *t)
{
	if (t->networks_status != PART_COLLECTED)
		return -1;
	for (size_t i = 0; i < t->n_networks; i++)
		if (str_eq(t->networks[i].name, "bridge") &&
		    str_eq(t->networks[i].driver, "bridge"))
			return 1;
	return 0;
}

static void check_bridge(const struct target *t, const struct container *c,
			 struct verdict *v);

/*
 * A container with NetworkMode container:ID is on the network of the
 * container it joins: judges that one and names both.
 */
static bool check_joined_bridge(const struct target *t,
				const struct container *c, struct verdict *v)
{
	struct namespace_owner o;
	struct buf owner;

	if (namespace_owner_find(t, c, CF_NETWORK_MODE, &o) != NAMESPACE_OWN ||
	    !o.n_chain)
		return false;
	check_bridge(t, o.owner, v);
	if (v->status != ST_FAIL)
		return false;
	buf_init(&owner, EVIDENCE_LIST_BYTES);
	buf_puts(&owner, buf_str(v->evidence));
	buf_reset(v->evidence);
	namespace_chain_describe(v->evidence, c, &o);
	buf_puts(v->evidence, ", whose ");
	buf_puts(v->evidence, buf_str(&owner));
	buf_clear(&owner);
	return true;
}

void check_5_30(const struct target *t, const void *obj, struct verdict *v)
{
	if (!check_joined_bridge(t, obj, v))
		check_bridge(t, obj, v);
}

static void check_bridge(const struct target *t, const struct container *c,
			 struct verdict *v)
{
	const char *mode = c->network_mode;
	bool on_bridge = strlist_contains(&c->networks, "bridge");
	int bridge = container_from_file(c) ? -1 : engine_has_default_bridge(t);

	/* "default" is the engine's name for the bridge network on Linux. */
	if ((str_eq(mode, "default") || str_eq(mode, "bridge") || on_bridge) &&
	    bridge == 0)
		verdict_pass(
		    v, CF_NETWORK_MODE,
		    "HostConfig.NetworkMode is %s, but the engine has "
		    "no default bridge network (dockerd --bridge=none), "
		    "so the container is not attached to one",
		    *mode ? mode : "empty");
	else if ((str_eq(mode, "default") || str_eq(mode, "bridge")) &&
		 c->running && !on_bridge && !container_from_file(c))
		/* Normalization drops entries with an empty NetworkID. */
		verdict_pass(
		    v, CF_NETWORK_MODE,
		    "HostConfig.NetworkMode is %s, but the running "
		    "container is not attached to the default bridge "
		    "(NetworkSettings.Networks has no bridge entry with "
		    "a NetworkID)",
		    mode);
	else if (str_eq(mode, "default") || str_eq(mode, "bridge"))
		verdict_fail(v, CF_NETWORK_MODE,
			     "HostConfig.NetworkMode is %s, which attaches the "
			     "container to the default network bridge",
			     mode);
	else if (on_bridge)
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
