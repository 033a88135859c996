/*
 * Section 5 checks on the host files a container can reach:
 * sensitive directories (5.6), the root file system (5.13), devices (5.18),
 * mount propagation (5.20) and the engine socket (5.32).
 */
#include <string.h>

#include "model/host.h"
#include "rules/section5.h"
#include "util/strutil.h"

/* Bytes of a cleaned host path. */
#define PATH_BYTES 4096

/* Host directories whose content must not reach a container (CIS 5.6). */
static const char *const sensitive_dirs[] = {
    "/", "/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr",
};

static const char *sensitive_dir_of(const char *path)
{
	for (size_t i = 0;
	     i < sizeof(sensitive_dirs) / sizeof(sensitive_dirs[0]); i++)
		if (path_is_within(path, sensitive_dirs[i]))
			return sensitive_dirs[i];
	return NULL;
}

void check_5_6(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;
	struct evidence_list bad, binds;
	struct location first = {0}; /* the first offending mount, in files */
	struct mount_paths it;
	struct mount_path p;

	/* Volumes without driver options and tmpfs live in the engine's
	 * storage, not at a host path the user chose. */
	mount_paths_init(&it, t, c);
	evidence_list_init(&bad);
	evidence_list_init(&binds);
	while (mount_paths_next(&it, &p)) {
		mount_path_describe(&binds, &p);
		if (!sensitive_dir_of(p.path) &&
		    !(p.resolved && sensitive_dir_of(p.resolved)))
			continue;
		mount_path_describe(&bad, &p);
		if (!first.line)
			first = p.mount->loc;
	}

	if (bad.n) {
		verdict_fail(v, CF_MOUNTS,
			     "Mounts binds sensitive host directories: %s",
			     evidence_list_str(&bad));
		v->loc = first;
	} else if (binds.n)
		verdict_pass(v, CF_MOUNTS,
			     "no sensitive host directory is bind-mounted "
			     "(bind mounts: %s)",
			     evidence_list_str(&binds));
	else
		verdict_pass(v, CF_MOUNTS, "Mounts has no bind mounts");
	if (v->status == ST_PASS)
		mount_paths_notes(&it, v->evidence);
	evidence_list_clear(&bad);
	evidence_list_clear(&binds);
	mount_paths_clear(&it);
}

void check_5_13(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;

	(void)t;
	if (c->read_only_rootfs)
		verdict_pass(v, CF_READ_ONLY,
			     "HostConfig.ReadonlyRootfs is true");
	else
		verdict_fail(v, CF_READ_ONLY,
			     "HostConfig.ReadonlyRootfs is false");
}

/* The access a device cgroup rule gives the container. */
enum device_rule_kind {
	DEVICE_RULE_NODES_ONLY, /* "m" only: creates nodes, opens none */
	DEVICE_RULE_ONE,	/* read or write one device number */
	DEVICE_RULE_BROAD,	/* every device, or every minor of a major */
	DEVICE_RULE_INVALID,
};

static bool device_number_ok(const char *s, size_t n)
{
	if (n == 1 && s[0] == '*')
		return true;
	return n > 0 && n <= 10 && strspn(s, "0123456789") >= n;
}

/*
 * Classifies a rule as the docker CLI validates it:
 * "TYPE MAJOR:MINOR ACCESS" with TYPE a, b or c, numbers or "*", and
 * ACCESS made of r, w and m.
 */
static enum device_rule_kind device_rule_classify(const char *rule)
{
	const char *major = rule + 2, *colon, *minor, *access;
	size_t major_len, minor_len;

	if (!rule[0] || !strchr("abc", rule[0]) || rule[1] != ' ')
		return DEVICE_RULE_INVALID;
	colon = strchr(major, ':');
	if (!colon)
		return DEVICE_RULE_INVALID;
	minor = colon + 1;
	access = strchr(minor, ' ');
	if (!access)
		return DEVICE_RULE_INVALID;
	major_len = (size_t)(colon - major);
	minor_len = (size_t)(access - minor);
	access++;
	if (!device_number_ok(major, major_len) ||
	    !device_number_ok(minor, minor_len) || !*access ||
	    strlen(access) > 3 || strspn(access, "rwm") != strlen(access))
		return DEVICE_RULE_INVALID;
	if (!strpbrk(access, "rw"))
		return DEVICE_RULE_NODES_ONLY;
	if (rule[0] == 'a' || major[0] == '*' || minor[0] == '*')
		return DEVICE_RULE_BROAD;
	return DEVICE_RULE_ONE;
}

/* Adds the rules that open devices to `found`, the invalid ones to
 * `invalid`. */
static void device_rules_scan(const struct container *c,
			      struct evidence_list *found,
			      struct evidence_list *invalid)
{
	for (size_t i = 0; i < c->device_cgroup_rules.n; i++) {
		const char *rule = c->device_cgroup_rules.v[i];

		switch (device_rule_classify(rule)) {
		case DEVICE_RULE_NODES_ONLY:
			break;
		case DEVICE_RULE_ONE:
			evidence_list_add(found, "'%s'", rule);
			break;
		case DEVICE_RULE_BROAD:
			evidence_list_add(found, "'%s' (%s)", rule,
					  rule[0] == 'a' || rule[2] == '*'
					      ? "every device"
					      : "every device of one major "
						"number");
			break;
		case DEVICE_RULE_INVALID:
			evidence_list_add(invalid, "'%s'", rule);
			break;
		}
	}
}

void check_5_18(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;
	struct evidence_list devices, rules, invalid;

	(void)t;
	if (c->privileged) {
		verdict_na(v, "HostConfig.Privileged is true, which exposes "
			      "every host device; rule 5.5 covers privileged "
			      "containers");
		return;
	}
	evidence_list_init(&devices);
	evidence_list_init(&rules);
	evidence_list_init(&invalid);
	for (size_t i = 0; i < c->n_devices; i++) {
		const struct device *d = &c->devices[i];

		evidence_list_add(&devices, "%s at %s (%s)", d->host_path,
				  *d->container_path ? d->container_path
						     : d->host_path,
				  *d->permissions ? d->permissions : "rwm");
	}
	/* A rule lets the container create device nodes (CAP_MKNOD is in
	 * the default set) and open them: host devices without --device. */
	device_rules_scan(c, &rules, &invalid);
	if (devices.n && rules.n)
		verdict_fail(v, CF_DEVICES,
			     "HostConfig.Devices maps %s; DeviceCgroupRules "
			     "allow %s",
			     evidence_list_str(&devices),
			     evidence_list_str(&rules));
	else if (devices.n)
		verdict_fail(v, CF_DEVICES, "HostConfig.Devices maps %s",
			     evidence_list_str(&devices));
	else if (rules.n)
		verdict_fail(v, CF_DEVICES,
			     "HostConfig.DeviceCgroupRules allow %s",
			     evidence_list_str(&rules));
	else if (invalid.n)
		verdict_error(v,
			      "HostConfig.DeviceCgroupRules has rules that are "
			      "not of the form 'TYPE MAJOR:MINOR ACCESS': %s",
			      evidence_list_str(&invalid));
	else if (c->device_cgroup_rules.n)
		verdict_pass(
		    v, CF_DEVICES,
		    "HostConfig.Devices is empty and DeviceCgroupRules "
		    "only allow creating device nodes (m)");
	else
		verdict_pass(v, CF_DEVICES, "HostConfig.Devices is empty");
	evidence_list_clear(&devices);
	evidence_list_clear(&rules);
	evidence_list_clear(&invalid);
}

void check_5_20(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;
	struct evidence_list shared;
	struct location first = {0};

	(void)t;
	evidence_list_init(&shared);
	for (size_t i = 0; i < c->n_mounts; i++) {
		const struct mount *m = &c->mounts[i];

		if (str_eq(m->propagation, "shared") ||
		    str_eq(m->propagation, "rshared")) {
			evidence_list_add(&shared, "%s at %s is %s", m->source,
					  m->destination, m->propagation);
			if (!first.line)
				first = m->loc;
		}
	}
	if (shared.n) {
		verdict_fail(v, CF_MOUNTS, "Mounts propagation: %s",
			     evidence_list_str(&shared));
		v->loc = first;
	} else
		verdict_pass(v, CF_MOUNTS,
			     "no mount has shared or rshared propagation");
	evidence_list_clear(&shared);
}

/* File names of sockets that give control of an engine or runtime. */
static const char *const socket_names[] = {
    "docker.sock", "containerd.sock",  "podman.sock",
    "crio.sock",   "cri-dockerd.sock",
};

/* Host directories that contain such sockets in standard installations.
 * /run/docker contains the socket of the containerd that dockerd starts. */
static const char *const socket_dirs[] = {
    "/",
    "/run",
    "/var/run",
    "/run/containerd",
    "/var/run/containerd",
    "/run/docker",
    "/var/run/docker",
    "/run/podman",
    "/var/run/podman",
    "/run/crio",
    "/var/run/crio",
    "/run/user",
    "/var/run/user",
};

static bool is_socket_name(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	for (size_t i = 0; i < sizeof(socket_names) / sizeof(socket_names[0]);
	     i++)
		if (str_eq(base, socket_names[i]))
			return true;
	return false;
}

/* Whether `path` is /run/user/UID or /var/run/user/UID, where a rootless
 * engine keeps its socket. */
static bool is_user_runtime_dir(const char *path)
{
	unsigned uid;

	if (str_starts_with(path, "/var"))
		path += 4;
	if (!str_starts_with(path, "/run/user/"))
		return false;
	return parse_uint(path + strlen("/run/user/"), 4294967295u, &uid) == 0;
}

static bool is_socket_dir(const char *path)
{
	for (size_t i = 0; i < sizeof(socket_dirs) / sizeof(socket_dirs[0]);
	     i++)
		if (str_eq(path, socket_dirs[i]))
			return true;
	return is_user_runtime_dir(path);
}

/* Whether `path` is, or contains, the socket `socket` or what it
 * resolves to on the host. */
static bool holds_socket(const struct target *t, const char *path,
			 const char *socket, struct buf *scratch)
{
	const struct host_bind *b = host_bind_find(t->host, socket);

	if (socket[0] == '/' &&
	    path_is_within(path_clean(scratch, socket), path))
		return true;
	return b && b->status == PART_COLLECTED &&
	       path_is_within(path_clean(scratch, b->resolved), path);
}

/* Whether the host path `path` is, or contains, a socket of the engine:
 * the one the target was reached through, or one its configuration
 * listens on. */
static bool holds_engine_socket(const struct target *t, const char *path,
				struct buf *scratch)
{
	if (str_starts_with(t->endpoint, "unix://") &&
	    holds_socket(t, path, t->endpoint + strlen("unix://"), scratch))
		return true;
	for (size_t i = 0; t->host && i < t->host->sockets.n; i++)
		if (holds_socket(t, path, t->host->sockets.v[i], scratch))
			return true;
	return false;
}

/* How a host path gives control of an engine: 0 not at all, 1 a socket,
 * 2 a directory that contains engine sockets. */
static int engine_access(const struct target *t, const char *path,
			 struct buf *scratch)
{
	if (is_socket_name(path) || holds_engine_socket(t, path, scratch))
		return 1;
	return is_socket_dir(path) ? 2 : 0;
}

void check_5_32(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;
	struct evidence_list found;
	struct location first = {0};
	struct mount_paths it;
	struct mount_path p;
	struct buf scratch;

	buf_init(&scratch, PATH_BYTES);
	mount_paths_init(&it, t, c);
	evidence_list_init(&found);
	while (mount_paths_next(&it, &p)) {
		int access = p.device ? 0 : engine_access(t, p.path, &scratch);
		int resolved =
		    p.resolved ? engine_access(t, p.resolved, &scratch) : 0;
		struct evidence_list what;

		/* Read-only does not help: connect() on a socket needs no
		 * write access to the mount. */
		if (resolved == 1 || (resolved && !access))
			access = resolved;
		if (!access)
			continue;
		evidence_list_init(&what);
		mount_path_describe(&what, &p);
		if (access == 1)
			evidence_list_add(&found, "%s",
					  evidence_list_str(&what));
		else
			evidence_list_add(&found,
					  "%s (a directory that contains "
					  "engine sockets)",
					  evidence_list_str(&what));
		evidence_list_clear(&what);
		if (!first.line)
			first = p.mount->loc;
	}
	if (found.n) {
		verdict_fail(v, CF_MOUNTS, "Mounts binds an engine socket: %s",
			     evidence_list_str(&found));
		v->loc = first;
	} else {
		verdict_pass(v, CF_MOUNTS,
			     "no mount binds an engine socket or a directory "
			     "that contains one");
		mount_paths_notes(&it, v->evidence);
	}
	evidence_list_clear(&found);
	mount_paths_clear(&it);
	buf_clear(&scratch);
}
