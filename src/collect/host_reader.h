/*
 * How host collection reads a host: locally under a root directory, or
 * over SSH. Paths are always absolute paths on the assessed host; the
 * local reader resolves them inside its root, the SSH reader runs fixed
 * commands on them.
 */
#ifndef SW_COLLECT_HOST_READER_H
#define SW_COLLECT_HOST_READER_H

#include <jansson.h>
#include <stdint.h>

#include "model/host.h"
#include "util/buf.h"

struct host_stat {
	enum host_file_type type;
	uint32_t mode; /* st_mode & 07777 */
	int64_t uid;
	int64_t gid;
	char link[256]; /* the symlink target followed, "" for none */
};

struct host_reader {
	const char *root; /* "/", the host root, or the ssh:// URL */
	const char *via;  /* "local" or "ssh" */
	void *ctx;

	/*
	 * Each returns 0, SW_ENOTFOUND, SW_EPERM, SW_ELIMIT (the file is
	 * larger than `out`'s maximum), or SW_EIO with a reason in `err`.
	 */
	int (*read_file)(struct host_reader *r, const char *path,
			 struct buf *out, struct buf *err);
	/* Follows symlinks inside the root; a final symlink sets `link`. */
	int (*stat)(struct host_reader *r, const char *path,
		    struct host_stat *st, struct buf *err);
	/* Adds the names in a directory to `names`, sorted. */
	int (*list_dir)(struct host_reader *r, const char *path, json_t *names,
			struct buf *err);
	/*
	 * Writes the path `path` leads to with every symlink followed (as
	 * realpath does, inside the root) into `out`; every component must
	 * exist.
	 */
	int (*resolve)(struct host_reader *r, const char *path, struct buf *out,
		       struct buf *err);
	/* Reads a symlink's target without following it. */
	int (*readlink)(struct host_reader *r, const char *path,
			struct buf *out, struct buf *err);
	/* Adds the process IDs whose /proc/PID/comm is `comm`. */
	int (*find_pids)(struct host_reader *r, const char *comm, json_t *pids,
			 struct buf *err);
	/* Runs `auditctl -l`; SW_ENOTFOUND when auditctl is missing. */
	int (*auditctl)(struct host_reader *r, struct buf *out,
			struct buf *err);
	void (*close)(struct host_reader *r);
};

/*
 * Resolves the bind sources, bind-mounted volume devices and engine sockets
 * named in the snapshot `target` (its containers, volumes and endpoint,
 * and the sockets of the configuration in `host`) and stores where each
 * leads as the "binds" part of `host`. `info` is GET /info or NULL. A path
 * that cannot be resolved gets an entry with its status; only SW_ENOMEM
 * fails the call.
 */
int host_binds_collect(struct host_reader *r, json_t *target, json_t *info,
		       json_t *host);

/* Opens a reader for the local host under `root`; SW_EINVAL with a message
 * when `root` is not a directory. */
int host_reader_local(const char *root, struct host_reader *r, struct buf *err);

/* Opens a reader over SSH; errors as ssh_session_open(). */
int host_reader_ssh(const char *url, struct host_reader *r, struct buf *err);

#endif
