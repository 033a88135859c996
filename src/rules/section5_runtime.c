/*
 * Section 5 checks on the daemon's swarm mode (5.1) and on what runs in a
 * container: host namespaces (5.10, 5.16, 5.17, 5.21, 5.31), sshd (5.7),
 * exec sessions (5.23, 5.24), health checks (5.27) and the image (5.28).
 */
#include <inttypes.h>
#include <string.h>

#include "rules/evidence.h"
#include "rules/section5.h"
#include "util/strutil.h"

/* Hex digits of an ID shown in evidence, as the docker CLI shortens IDs. */
#define SHORT_ID_LEN 12

void check_5_1(const struct target *t, const void *obj, struct verdict *v)
{
	const struct target *target = obj ? obj : t;
	const struct daemon *d = &target->daemon;
	const char *state = d->swarm_state;

	if (d->info_status != PART_COLLECTED) {
		verdict_error(v,
			      "the swarm state is not known: /info was not "
			      "collected (%s)",
			      part_status_name(d->info_status));
		return;
	}
	if (str_eq(state, "inactive"))
		verdict_pass(v, CF_NONE, "Swarm.LocalNodeState is inactive");
	else if (str_eq(state, "active") && d->swarm_manager)
		verdict_fail(v, CF_NONE,
			     "Swarm.LocalNodeState is active; this node is a "
			     "manager of a swarm of %" PRId64 " nodes",
			     d->swarm_nodes);
	else if (str_eq(state, "active") || str_eq(state, "pending") ||
		 str_eq(state, "locked") || str_eq(state, "error"))
		verdict_fail(v, CF_NONE,
			     "Swarm.LocalNodeState is %s, so swarm mode is "
			     "enabled",
			     state);
	else if (!*state)
		verdict_error(v, "/info has no Swarm.LocalNodeState");
	else
		verdict_error(v,
			      "Swarm.LocalNodeState is '%s', which is not a "
			      "state the engine documents",
			      state);
}

/* Decides a host namespace rule: "host" fails, anything else passes. */
static void check_host_mode(struct verdict *v, enum cfield field,
			    const char *name, const char *mode)
{
	if (str_eq(mode, "host"))
		verdict_fail(v, field, "HostConfig.%s is host", name);
	else if (*mode)
		verdict_pass(v, field, "HostConfig.%s is %s", name, mode);
	else
		verdict_pass(v, field,
			     "HostConfig.%s is empty, so the container has its "
			     "own namespace",
			     name);
}

/*
 * Decides a host namespace rule for a mode that may join another
 * container's namespace: the container is on the host's namespace when
 * the container it joins, directly or through others, is.
 */
static void check_joined_mode(const struct target *t, const struct container *c,
			      struct verdict *v, enum cfield field,
			      const char *name)
{
	const char *mode = container_namespace_mode(c, field);
	struct namespace_owner o;
	int join = namespace_owner_find(t, c, field, &o);

	if (!o.n_chain && join == NAMESPACE_OWN) {
		check_host_mode(v, field, name, mode);
		return;
	}
	verdict_begin(v, ST_PASS);
	v->field = field;
	buf_printf(v->evidence, "HostConfig.%s is ", name);
	evidence_append(v->evidence, mode, EVIDENCE_VALUE_MAX);
	switch (join) {
	case NAMESPACE_MISSING:
		v->status = ST_ERROR;
		buf_puts(v->evidence, ", which names no assessed container");
		if (!container_from_file(c))
			buf_puts(v->evidence, "; scan with --all to include "
					      "stopped containers");
		return;
	case NAMESPACE_OUTSIDE:
		v->status = ST_MANUAL;
		buf_puts(v->evidence, ", a container outside the file; check "
				      "that it does not use the host's "
				      "namespace");
		return;
	case NAMESPACE_LOOP:
		v->status = ST_ERROR;
		buf_puts(v->evidence, ", and following the containers it "
				      "joins comes back to one already seen");
		return;
	}
	buf_puts(v->evidence, ": ");
	namespace_chain_describe(v->evidence, c, &o);
	if (str_eq(o.mode, "host")) {
		v->status = ST_FAIL;
		buf_printf(v->evidence,
			   ", whose HostConfig.%s is host, so the container "
			   "uses the host's namespace",
			   name);
	} else {
		buf_printf(v->evidence, ", whose HostConfig.%s is ", name);
		evidence_append(v->evidence, *o.mode ? o.mode : "empty",
				EVIDENCE_VALUE_MAX);
	}
}

void check_5_10(const struct target *t, const void *obj, struct verdict *v)
{
	check_joined_mode(t, obj, v, CF_NETWORK_MODE, "NetworkMode");
}

void check_5_16(const struct target *t, const void *obj, struct verdict *v)
{
	check_joined_mode(t, obj, v, CF_PID_MODE, "PidMode");
}

void check_5_17(const struct target *t, const void *obj, struct verdict *v)
{
	check_joined_mode(t, obj, v, CF_IPC_MODE, "IpcMode");
}

void check_5_21(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;

	(void)t;
	check_host_mode(v, CF_UTS_MODE, "UTSMode", c->uts_mode);
}

void check_5_31(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;
	const struct daemon *d = &t->daemon;

	if (str_eq(c->userns_mode, "host") || container_from_file(c) ||
	    d->info_status != PART_COLLECTED || d->userns || d->rootless) {
		check_host_mode(v, CF_USERNS_MODE, "UsernsMode",
				c->userns_mode);
		return;
	}
	/* The container requests nothing special, but without remapping its
	 * UIDs are host UIDs anyway; the daemon rule 2.9 scores that. */
	verdict_pass(v, CF_USERNS_MODE,
		     "HostConfig.UsernsMode is %s; the daemon runs without "
		     "userns-remap, so container UIDs are host UIDs (rule 2.9)",
		     *c->userns_mode ? c->userns_mode : "empty");
}

/* SSH servers by executable name. */
static const char *const ssh_servers[] = {"sshd", "dropbear"};

/*
 * Returns the length of the executable's base name in a /top command line
 * and points `*base` at it. sshd renames its session processes to
 * "sshd: user@pts/0", so a trailing colon is dropped.
 */
static size_t command_basename(const char *cmd, const char **base)
{
	size_t len = strcspn(cmd, " \t");
	const char *slash;

	while (len && cmd[len - 1] == ':')
		len--;
	slash = memrchr(cmd, '/', len);
	if (slash) {
		len -= (size_t)(slash + 1 - cmd);
		cmd = slash + 1;
	}
	*base = cmd;
	return len;
}

static bool runs_ssh_server(const struct process *p)
{
	const char *base;
	size_t len = command_basename(p->cmd, &base);

	for (size_t i = 0; i < sizeof(ssh_servers) / sizeof(ssh_servers[0]);
	     i++)
		if (len == strlen(ssh_servers[i]) &&
		    strncmp(base, ssh_servers[i], len) == 0)
			return true;
	return false;
}

void check_5_7(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;
	struct evidence_list found;

	(void)t;
	if (container_from_file(c)) {
		verdict_manual(v, "a file defines no running processes; check "
				  "that the image's command starts no sshd");
		return;
	}
	if (!c->running) {
		verdict_na(v,
			   "the container is not running (State.Status is "
			   "%s)",
			   *c->state ? c->state : "unknown");
		return;
	}
	if (c->top_status == PART_ABSENT) {
		verdict_manual(v, "the process list (/top) was not collected");
		return;
	}
	/* Collection records a /top that returned 404 or 409 as not present. */
	if (c->top_status == PART_NOT_PRESENT) {
		verdict_na(v, "the container stopped before its processes "
			      "could be listed (/top is not present)");
		return;
	}
	if (c->top_status != PART_COLLECTED) {
		verdict_error(v,
			      "the process list (/top) could not be read: %s",
			      part_status_name(c->top_status));
		return;
	}

	evidence_list_init(&found);
	for (size_t i = 0; i < c->n_processes; i++) {
		const struct process *p = &c->processes[i];
		size_t len;

		if (!runs_ssh_server(p))
			continue;
		/* Only the executable: the arguments may hold secrets. */
		len = strcspn(p->cmd, " \t");
		evidence_list_add(&found, "PID %s runs %.*s",
				  p->pid ? p->pid : "?", (int)len, p->cmd);
	}
	if (found.n)
		verdict_fail(v, CF_NONE, "/top lists an SSH server: %s",
			     evidence_list_str(&found));
	else
		verdict_pass(v, CF_NONE,
			     "/top lists no SSH server among %zu processes",
			     c->n_processes);
	evidence_list_clear(&found);
}

/* Whether the exec sessions could be read; sets the verdict if not. */
static bool execs_readable(const struct container *c, struct verdict *v)
{
	if (container_from_file(c)) {
		verdict_na(v, "a file has no exec sessions; `stridewatch "
			      "watch` sees them on the engine");
		return false;
	}
	if (c->exec_status == PART_DENIED || c->exec_status == PART_FAILED) {
		verdict_error(v, "the exec sessions could not be read: %s",
			      part_status_name(c->exec_status));
		return false;
	}
	if (c->exec_status != PART_COLLECTED && c->running) {
		verdict_manual(v, "the exec sessions were not collected");
		return false;
	}
	return true;
}

void check_5_23(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;
	struct evidence_list found;

	(void)t;
	if (!execs_readable(c, v))
		return;
	if (!c->n_execs) {
		verdict_pass(v, CF_NONE,
			     "no exec sessions running at collection time");
		return;
	}
	evidence_list_init(&found);
	for (size_t i = 0; i < c->n_execs; i++) {
		const struct exec_session *x = &c->execs[i];

		if (x->privileged)
			evidence_list_add(
			    &found, "%.*s (%s)", SHORT_ID_LEN, x->id,
			    x->running ? "running" : "not running");
	}
	if (found.n)
		verdict_fail(
		    v, CF_NONE,
		    "exec sessions with ProcessConfig.privileged true: "
		    "%s",
		    evidence_list_str(&found));
	else
		verdict_pass(v, CF_NONE,
			     "exec sessions seen: %zu, none privileged",
			     c->n_execs);
	evidence_list_clear(&found);
}

void check_5_24(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;
	struct evidence_list found;

	(void)t;
	if (!execs_readable(c, v))
		return;
	if (!c->n_execs) {
		verdict_manual(v, "no exec sessions running at collection "
				  "time; `stridewatch watch` decides this "
				  "from the engine's exec events");
		return;
	}
	evidence_list_init(&found);
	for (size_t i = 0; i < c->n_execs; i++) {
		const struct exec_session *x = &c->execs[i];

		/* An exec without a user runs as the container's user. */
		if (*x->user && user_is_root(x->user))
			evidence_list_add(&found, "%.*s as %s", SHORT_ID_LEN,
					  x->id, x->user);
		else if (!*x->user && user_is_root(c->user))
			evidence_list_add(
			    &found, "%.*s as the container's user %s",
			    SHORT_ID_LEN, x->id, *c->user ? c->user : "root");
	}
	if (found.n)
		verdict_fail(v, CF_USER, "exec sessions run as root: %s",
			     evidence_list_str(&found));
	else
		verdict_pass(v, CF_USER,
			     "exec sessions seen: %zu, none as root",
			     c->n_execs);
	evidence_list_clear(&found);
}

/* Returns the length of the health check's kind ("CMD", "CMD-SHELL"),
 * which is all the evidence shows: the command may hold credentials. */
static int health_kind_len(const struct healthcheck *h)
{
	return (int)strcspn(h->test, " \t");
}

void check_5_27(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;
	const struct healthcheck *h = &c->health;
	const char *source = "Config.Healthcheck";

	(void)t;
	if (!h->present && c->image_ref && c->image_ref->health.present) {
		h = &c->image_ref->health;
		source = "the image's Healthcheck";
	}
	/* An engine merges the image's health check into Config at create
	 * time; a file's image may not have been resolved. */
	if (!h->present && container_from_file(c) && !c->image_ref) {
		verdict_set(v, ST_MANUAL, CF_HEALTHCHECK,
			    "healthcheck is not set, and whether the image %s "
			    "defines a HEALTHCHECK is not known",
			    c->image);
		return;
	}
	if (!h->present) {
		verdict_fail(v, CF_HEALTHCHECK,
			     "Config.Healthcheck is not set and the image has "
			     "none");
		return;
	}
	if (h->disabled) {
		verdict_fail(v, CF_HEALTHCHECK,
			     "%s.Test is NONE, which disables the health check",
			     source);
		return;
	}
	if (c->running && *c->health_status)
		verdict_pass(v, CF_HEALTHCHECK,
			     "%s.Test is set (%.*s); State.Health.Status is %s",
			     source, health_kind_len(h), h->test,
			     c->health_status);
	else
		verdict_pass(v, CF_HEALTHCHECK, "%s.Test is set (%.*s)", source,
			     health_kind_len(h), h->test);
}

/* Returns what an image reference names (a tag, a digest or an ID). */
static const char *image_reference_kind(const char *ref)
{
	const char *slash = strrchr(ref, '/');
	const char *colon = strrchr(slash ? slash : ref, ':');
	size_t hex = strspn(ref, "0123456789abcdef");

	if (str_starts_with(ref, "sha256:") || (hex == 64 && !ref[hex]))
		return "an image ID, not a tag";
	if (strchr(ref, '@'))
		return "pinned by digest";
	if (!colon)
		return "untagged, so it means latest";
	if (str_eq(colon + 1, "latest"))
		return "the latest tag";
	return "a fixed tag";
}

void check_5_28(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;

	(void)t;
	if (*c->image_id)
		verdict_set(
		    v, ST_MANUAL, CF_IMAGE,
		    "Config.Image is %s (%s), image %.*s; check that it "
		    "is the current version in its registry",
		    c->image, image_reference_kind(c->image), SHORT_ID_LEN + 7,
		    c->image_id);
	else
		verdict_set(v, ST_MANUAL, CF_IMAGE,
			    "Config.Image is %s (%s); check that it is the "
			    "current version in its registry",
			    c->image, image_reference_kind(c->image));
}
