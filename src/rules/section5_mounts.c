/*
 * Section 5 checks on the host files a container can reach:
 * sensitive directories (5.6), the root file system (5.13), devices (5.18),
 * mount propagation (5.20) and the engine socket (5.32).
 */
#include <string.h>

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
	struct buf path;

	(void)t;
	buf_init(&path, PATH_BYTES);
	evidence_list_init(&bad);
	evidence_list_init(&binds);
	for (size_t i = 0; i < c->n_mounts; i++) {
		const struct mount *m = &c->mounts[i];
		const char *clean;

		/* Volumes and tmpfs live in the engine's storage, not at a
		 * host path the user chose. Relative paths of a compose file
		 * are relative to the project directory.
		 * NOTE: a local volume created with o=bind,device=/etc does
		 * reach /etc, but its device is only in the volume's own
		 * inspect document, which is not collected. */
		if (m->type != MOUNT_BIND || m->source[0] != '/')
			continue;
		clean = path_clean(&path, m->source);
		evidence_list_add(&binds, "%s", clean);
		if (sensitive_dir_of(clean)) {
			evidence_list_add(&bad, "%s at %s%s", clean,
					  m->destination,
					  m->read_only ? " (read-only)" : "");
			if (!first.line)
				first = m->loc;
		}
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
	evidence_list_clear(&bad);
	evidence_list_clear(&binds);
	buf_clear(&path);
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

void check_5_18(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;
	struct evidence_list devices;

	(void)t;
	if (c->privileged) {
		verdict_na(v, "HostConfig.Privileged is true, which exposes "
			      "every host device; rule 5.5 covers privileged "
			      "containers");
		return;
	}
	/* NOTE: HostConfig.DeviceCgroupRules can also allow host devices;
	 * the model does not carry them yet. */
	if (!c->n_devices) {
		verdict_pass(v, CF_DEVICES, "HostConfig.Devices is empty");
		return;
	}
	evidence_list_init(&devices);
	for (size_t i = 0; i < c->n_devices; i++) {
		const struct device *d = &c->devices[i];

		evidence_list_add(&devices, "%s at %s (%s)", d->host_path,
				  *d->container_path ? d->container_path
						     : d->host_path,
				  *d->permissions ? d->permissions : "rwm");
	}
	verdict_fail(v, CF_DEVICES, "HostConfig.Devices maps %s",
		     evidence_list_str(&devices));
	evidence_list_clear(&devices);
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

/* Whether the bind source `path` is, or contains, the socket of the engine
 * the target was reached through. */
static bool holds_engine_socket(const struct target *t, const char *path,
				struct buf *scratch)
{
	const char *socket;

	if (!t->endpoint || !str_starts_with(t->endpoint, "unix://"))
		return false;
	socket = path_clean(scratch, t->endpoint + strlen("unix://"));
	return path_is_within(socket, path);
}

void check_5_32(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;
	struct evidence_list found;
	struct location first = {0};
	struct buf path, scratch;

	buf_init(&path, PATH_BYTES);
	buf_init(&scratch, PATH_BYTES);
	evidence_list_init(&found);
	for (size_t i = 0; i < c->n_mounts; i++) {
		const struct mount *m = &c->mounts[i];
		size_t before = found.n;
		const char *clean;

		if (m->type != MOUNT_BIND || m->source[0] != '/')
			continue;
		clean = path_clean(&path, m->source);
		/* Read-only does not help: connect() on a socket needs no
		 * write access to the mount. */
		if (is_socket_name(clean) ||
		    holds_engine_socket(t, clean, &scratch))
			evidence_list_add(&found, "%s at %s%s", clean,
					  m->destination,
					  m->read_only ? " (read-only)" : "");
		else if (is_socket_dir(clean))
			evidence_list_add(&found,
					  "%s at %s (a directory that contains "
					  "engine sockets%s)",
					  clean, m->destination,
					  m->read_only ? ", read-only" : "");
		if (found.n > before && !first.line)
			first = m->loc;
	}
	if (found.n) {
		verdict_fail(v, CF_MOUNTS, "Mounts binds an engine socket: %s",
			     evidence_list_str(&found));
		v->loc = first;
	} else
		verdict_pass(v, CF_MOUNTS,
			     "no mount binds an engine socket or a directory "
			     "that contains one");
	evidence_list_clear(&found);
	buf_clear(&path);
	buf_clear(&scratch);
}
