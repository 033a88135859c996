/*
 * Host collection: reads host facts (daemon configuration, the engine's
 * command line, systemd units, audit rules, mounts, owners and modes, the
 * docker group) from the local host, from a host root mounted read-only
 * (--host-root), or over SSH, and stores them as the snapshot target's
 * "host" part. Collection only reads; over SSH it runs fixed commands
 * (cat, stat, readlink, auditctl -l, getent) with quoted arguments.
 */
#ifndef SW_COLLECT_HOST_H
#define SW_COLLECT_HOST_H

#include <jansson.h>

#include "util/buf.h"

struct host_options {
	/* The host's root directory: "/" (NULL means "/") or a mount of it. */
	const char *root;
	/* Comma-separated user names for 1.1.2; NULL when not given. */
	const char *trusted_users;
	/* The engine's daemon.json; NULL: from its --config-file or default. */
	const char *config_file;
	/* ssh://[user@]host[:port] to read over SSH; NULL reads locally. */
	const char *ssh_url;
};

/*
 * Collects host facts into `target`, a snapshot target object that
 * collect_target() made; its "info" part names the engine's data root and
 * tells a rootless engine. Sets target's "host" part and returns 0 even
 * when parts of the host could not be read (each part records why). Fails
 * with SW_EINVAL for invalid options, SW_ECONNECT when the SSH host cannot
 * be reached, or SW_ENOMEM, with a message in `err`.
 */
int host_collect(const struct host_options *o, json_t *target, struct buf *err);

/*
 * Sets the trusted users of every target's host part of a snapshot, so
 * `scan --snapshot FILE --trusted-users a,b` decides 1.1.2 against the
 * list given now. Targets without host data are left alone.
 */
int host_snapshot_set_trusted_users(json_t *snapshot, const char *users,
				    struct buf *err);

#endif
