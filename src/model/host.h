/*
 * Host facts: what collection read from the Docker host itself (files,
 * the engine's process, systemd units, audit rules, mounts, the docker
 * group). Sections 1 and 3 read these; section 2 reads the effective daemon
 * configuration that normalization folds into `struct daemon`'s settings.
 *
 * Every fact group carries a part status, so a rule can tell "no audit
 * rules" (collected, empty) from "could not read audit rules" (denied or
 * failed). Strings live in the model's arena and are never NULL.
 */
#ifndef SW_MODEL_HOST_H
#define SW_MODEL_HOST_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "model/model.h"
#include "util/buf.h"

/* Status of one fact group, with the collector's reason when not read. */
struct host_part {
	enum part_status status;
	const char *error; /* "" when collected */
};

enum host_file_type {
	HOST_FILE_UNKNOWN = 0,
	HOST_FILE_REGULAR,
	HOST_FILE_DIRECTORY,
	HOST_FILE_SOCKET,
	HOST_FILE_SYMLINK,
	HOST_FILE_OTHER,
};

/*
 * Owner and mode of one path. Symlinks are followed as the host follows
 * them, with the assessed root as "/": an absolute target starts again at
 * the root and ".." stops there, so none leads out of the root. `link` is
 * the target of the path itself when that is a symlink.
 */
struct host_file {
	const char *path;	 /* absolute path on the host */
	enum part_status status; /* NOT_PRESENT: no such file */
	const char *error;	 /* "" unless status is DENIED or FAILED */
	enum host_file_type type;
	uint32_t mode; /* permission bits with setuid, setgid and sticky */
	int64_t uid;
	int64_t gid;
	const char *owner; /* user name; "" when the host has none */
	const char *group; /* group name; "" when the host has none */
	const char *link;  /* the symlink target followed; "" for none */
};

/* One audit rule that watches a path. */
struct audit_rule {
	const char *text;    /* the rule as written */
	const char *path;    /* -w PATH, -F path=PATH or -F dir=PATH */
	bool subtree;	     /* -F dir=: covers everything below `path` */
	const char *perms;   /* -p or -F perm=; "" means every access */
	const char *key;     /* -k or -F key=; "" when none */
	struct location loc; /* rule file and line; path NULL for auditctl */
};

/* One line of the mount table. */
struct mount_entry {
	const char *mount_point;
	const char *source; /* device, "" when unknown */
	const char *device; /* "MAJOR:MINOR" from mountinfo, else "" */
	const char *fstype;
	const char *options;
};

/* The paths collection found in use on the host; "" when not found. */
struct host_paths {
	const char *dockerd;
	const char *containerd;
	const char *containerd_shim;
	const char *containerd_shim_runc_v1;
	const char *containerd_shim_runc_v2;
	const char *runc;
	const char *docker_service; /* the docker.service unit file */
	const char *docker_socket;  /* the docker.socket unit file */
	const char *config_file;    /* daemon.json, whether or not it exists */
	const char *containerd_socket;
	const char *data_root; /* configured, before userns remapping */
};

/*
 * Where a path that a container reaches leads on the host: a bind source,
 * a bind-mounted volume's device or an engine socket, with every symlink
 * followed inside the assessed root.
 */
struct host_bind {
	const char *path;	 /* as the engine or configuration gave it */
	enum part_status status; /* NOT_PRESENT: no such file */
	const char *error;	 /* "" unless DENIED or FAILED */
	const char *resolved;	 /* "" unless collected */
	enum host_file_type type;
};

struct host_facts {
	const char *root; /* "/", the --host-root path, or the ssh:// URL */
	const char *via;  /* "local" or "ssh" */

	struct host_part daemon_config; /* daemon.json */
	struct host_part process;	/* the engine's /proc entries */
	int64_t daemon_pid;		/* 0 when not found */
	int64_t daemon_uid;		/* the engine's user; -1 unknown */
	struct strlist cmdline;		/* the engine's argv */
	struct host_part units;		/* docker.service, docker.socket */
	struct strlist exec_start;	/* argv of ExecStart after drop-ins */
	struct strlist listen_streams;	/* docker.socket ListenStream= */

	struct host_part audit;
	const char *audit_source; /* "auditctl -l" or "rule files" */
	struct audit_rule *audit_rules;
	size_t n_audit_rules;

	struct host_part mounts;
	struct mount_entry *mount_table;
	size_t n_mounts;

	struct host_part files;
	struct host_file *file_stats;
	size_t n_files;

	struct host_part group; /* the docker group */
	const char *group_name;
	int64_t group_gid;
	struct strlist group_members; /* listed and primary members */
	bool trusted_users_set;	      /* --trusted-users was given */
	struct strlist trusted_users;

	struct host_part binds; /* ABSENT in snapshots from older versions */
	struct host_bind *bind_paths;
	size_t n_binds;

	struct host_paths paths;
	struct strlist sockets;	 /* unix sockets the engine listens on */
	struct strlist problems; /* config conflicts and unknown keys */
};

/* Returns the resolution of `path`, or NULL when it was not resolved. */
const struct host_bind *host_bind_find(const struct host_facts *h,
				       const char *path);

/* Names a file type as snapshots spell it ("directory"), and back. */
const char *host_file_type_name(enum host_file_type t);
enum host_file_type host_file_type_parse(const char *name);

/* Fills the binds of `h` from the host part `host` (model/host_binds.c). */
int host_binds_load(struct arena *a, json_t *host, struct host_facts *h);

/* Returns the stats of `path`, or NULL when collection did not stat it. */
const struct host_file *host_file_find(const struct host_facts *h,
				       const char *path);

/*
 * Builds `t->host` and the effective daemon settings of `t->daemon` from a
 * snapshot target's "host" part (see docs/snapshot.md). `host` is the
 * part's data and `status` its status; `info` is GET /info or NULL. Without
 * host data `t->host` stays NULL. Returns 0, SW_ENOMEM, or SW_EINVAL with a
 * message in `err` when the data is not an object.
 */
int normalize_host(struct arena *a, json_t *host, enum part_status status,
		   json_t *info, struct target *t, struct buf *err);

#endif
