/*
 * Reads a host over SSH with fixed, read-only commands (cat, stat,
 * readlink, realpath, find, grep on /proc, auditctl -l), each argument
 * quoted for the remote shell by ssh_session_run().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/host_reader.h"
#include "collect/ssh.h"
#include "util/error.h"
#include "util/strutil.h"

/* 10 s: how long connecting for host facts may take. */
#define REMOTE_CONNECT_TIMEOUT_MS 10000

struct remote_reader {
	struct ssh_session *session;
};

/* Classifies a failed command by its (LC_ALL=C) message. */
static int remote_error(const char *path, const struct buf *errout,
			struct buf *err)
{
	const char *msg = buf_str(errout);

	buf_printf(err, "%s: ", path);
	escape_terminal(err, msg, 300);
	if (str_icontains(msg, "No such file") ||
	    str_icontains(msg, "Not a directory"))
		return SW_ENOTFOUND;
	if (str_icontains(msg, "Permission denied") ||
	    str_icontains(msg, "Operation not permitted"))
		return SW_EPERM;
	return SW_EIO;
}

static int remote_run(struct host_reader *r, const char *const *argv,
		      const char *path, struct buf *out, struct buf *err)
{
	struct remote_reader *rr = r->ctx;
	struct buf errout = BUF_INIT;
	int status = 0, rc;

	rc = ssh_session_run(rr->session, argv, out, &errout, &status, err);
	if (!rc && status)
		rc = remote_error(path, &errout, err);
	buf_clear(&errout);
	return rc;
}

static int remote_read_file(struct host_reader *r, const char *path,
			    struct buf *out, struct buf *err)
{
	const char *const argv[] = {"cat", "--", path, NULL};

	return remote_run(r, argv, path, out, err);
}

static enum host_file_type type_from_hex(unsigned long raw)
{
	switch (raw & 0170000) {
	case 0100000:
		return HOST_FILE_REGULAR;
	case 0040000:
		return HOST_FILE_DIRECTORY;
	case 0140000:
		return HOST_FILE_SOCKET;
	case 0120000:
		return HOST_FILE_SYMLINK;
	default:
		return HOST_FILE_OTHER;
	}
}

/* Parses `stat -c '%f %u %g'`: raw mode in hex, uid, gid. */
static int stat_parse(const char *line, struct host_stat *st)
{
	unsigned long raw;
	long long uid, gid;

	if (sscanf(line, "%lx %lld %lld", &raw, &uid, &gid) != 3)
		return SW_EPROTO;
	st->type = type_from_hex(raw);
	st->mode = (uint32_t)(raw & 07777);
	st->uid = uid;
	st->gid = gid;
	return 0;
}

static int remote_stat(struct host_reader *r, const char *path,
		       struct host_stat *st, struct buf *err)
{
	const char *const lstat_argv[] = {"stat", "-c", "%f %u %g",
					  "--",	  path, NULL};
	const char *const stat_argv[] = {"stat", "-L", "-c", "%f %u %g",
					 "--",	 path, NULL};
	const char *const link_argv[] = {"readlink", "--", path, NULL};
	struct buf out = BUF_INIT;
	int rc;

	memset(st, 0, sizeof(*st));
	buf_init(&out, 4096);
	rc = remote_run(r, lstat_argv, path, &out, err);
	if (!rc)
		rc = stat_parse(buf_str(&out), st);
	if (!rc && st->type == HOST_FILE_SYMLINK) {
		buf_reset(&out);
		if (!remote_run(r, link_argv, path, &out, err)) {
			size_t n = strcspn(buf_str(&out), "\n");

			snprintf(st->link, sizeof(st->link), "%.*s", (int)n,
				 buf_str(&out));
		}
		buf_reset(&out);
		rc = remote_run(r, stat_argv, path, &out, err);
		if (!rc)
			rc = stat_parse(buf_str(&out), st);
	}
	if (rc == SW_EPROTO)
		buf_printf(err, "%s: unexpected output from stat", path);
	buf_clear(&out);
	return rc;
}

static int name_compare(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds NUL-separated names from `text` to `names`, sorted. */
static int names_add(const struct buf *text, json_t *names)
{
	const char *list[4096];
	size_t n = 0;

	for (size_t pos = 0; pos < text->len && n < 4096;) {
		const char *s = text->data + pos;
		size_t len = strnlen(s, text->len - pos);

		if (len)
			list[n++] = s;
		pos += len + 1;
	}
	qsort(list, n, sizeof(*list), name_compare);
	for (size_t i = 0; i < n; i++)
		if (json_array_append_new(names, json_string(list[i])))
			return SW_ENOMEM;
	return 0;
}

static int remote_list_dir(struct host_reader *r, const char *path,
			   json_t *names, struct buf *err)
{
	const char *const argv[] = {"find",  "-H",	  path, "-mindepth",
				    "1",     "-maxdepth", "1",	"-printf",
				    "%f\\0", NULL};
	struct buf out = BUF_INIT;
	int rc;

	rc = remote_run(r, argv, path, &out, err);
	if (!rc)
		rc = names_add(&out, names);
	buf_clear(&out);
	return rc;
}

static int remote_readlink(struct host_reader *r, const char *path,
			   struct buf *out, struct buf *err)
{
	const char *const argv[] = {"readlink", "--", path, NULL};
	int rc = remote_run(r, argv, path, out, err);

	while (!rc && out->len && out->data[out->len - 1] == '\n')
		out->data[--out->len] = '\0';
	return rc;
}

static int remote_resolve(struct host_reader *r, const char *path,
			  struct buf *out, struct buf *err)
{
	const char *const argv[] = {"realpath", "-e", "--", path, NULL};
	int rc = remote_run(r, argv, path, out, err);

	while (!rc && out->len && out->data[out->len - 1] == '\n')
		out->data[--out->len] = '\0';
	return rc;
}

static int remote_find_pids(struct host_reader *r, const char *comm,
			    json_t *pids, struct buf *err)
{
	struct remote_reader *rr = r->ctx;
	struct buf out = BUF_INIT, errout = BUF_INIT;
	int status = 0, rc;
	char *save = NULL;

	/* A constant command: the glob is the remote shell's only job. */
	if (!str_eq(comm, "dockerd") && !str_eq(comm, "containerd"))
		return SW_EINVAL;
	rc = ssh_session_run_fixed(rr->session,
				   str_eq(comm, "dockerd")
				       ? "grep -s -l -x -F dockerd "
					 "/proc/[0-9]*/comm"
				       : "grep -s -l -x -F containerd "
					 "/proc/[0-9]*/comm",
				   &out, &errout, &status, err);
	for (char *line = rc ? NULL : strtok_r(out.data, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		int64_t pid;
		char digits[24];

		if (sscanf(line, "/proc/%23[0-9]/comm", digits) != 1 ||
		    parse_int64(digits, 1, INT32_MAX, &pid))
			continue;
		if (json_array_append_new(pids, json_integer((json_int_t)pid)))
			rc = SW_ENOMEM;
	}
	buf_clear(&out);
	buf_clear(&errout);
	return rc;
}

static int remote_auditctl(struct host_reader *r, struct buf *out,
			   struct buf *err)
{
	struct remote_reader *rr = r->ctx;
	const char *const argv[] = {"auditctl", "-l", NULL};
	struct buf errout = BUF_INIT;
	int status = 0, rc;

	rc = ssh_session_run(rr->session, argv, out, &errout, &status, err);
	if (!rc && status) {
		buf_puts(err, "auditctl -l failed: ");
		escape_terminal(err, buf_str(&errout), 300);
		if (status == 127)
			rc = SW_ENOTFOUND;
		else if (str_icontains(buf_str(&errout), "permission") ||
			 str_icontains(buf_str(&errout), "must be root"))
			rc = SW_EPERM;
		else
			rc = SW_EIO;
	}
	buf_clear(&errout);
	return rc;
}

static void remote_close(struct host_reader *r)
{
	free(r->ctx);
	r->ctx = NULL;
}

int host_reader_ssh(const char *url, struct host_reader *r, struct buf *err)
{
	struct remote_reader *rr = calloc(1, sizeof(*rr));
	int rc;

	if (!rr)
		return SW_ENOMEM;
	rc =
	    ssh_session_open(url, REMOTE_CONNECT_TIMEOUT_MS, &rr->session, err);
	if (rc) {
		free(rr);
		return rc;
	}
	*r = (struct host_reader){
	    .root = ssh_session_url(rr->session),
	    .via = "ssh",
	    .ctx = rr,
	    .read_file = remote_read_file,
	    .stat = remote_stat,
	    .list_dir = remote_list_dir,
	    .resolve = remote_resolve,
	    .readlink = remote_readlink,
	    .find_pids = remote_find_pids,
	    .auditctl = remote_auditctl,
	    .close = remote_close,
	};
	return 0;
}
