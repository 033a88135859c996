/*
 * Reads the local host under a root directory ("/" or a read-only mount of
 * the host's root). Paths are resolved one component at a time with
 * lstat. Symlinks are followed as if the root were "/": an absolute target
 * starts again at the root and ".." stops there, so no symlink leads out
 * of the assessed root.
 *
 * NOTE: the checks and the reads are separate system calls, so a file
 * swapped between them is read as it was at the second call.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "collect/host_reader.h"
#include "util/error.h"
#include "util/strutil.h"

/* 40: symlinks followed in one path, as Linux allows (MAXSYMLINKS). */
#define SYMLINKS_MAX 40
/* 10 s: the longest auditctl may take. */
#define AUDITCTL_TIMEOUT_MS 10000

struct local_reader {
	int root_fd;
	char root[PATH_MAX];
};

static int errno_code(int e)
{
	switch (e) {
	case ENOENT:
	case ENOTDIR:
		return SW_ENOTFOUND;
	case EACCES:
	case EPERM:
		return SW_EPERM;
	default:
		return SW_EIO;
	}
}

static int path_error(const char *path, int e, struct buf *err)
{
	buf_printf(err, "%s: %s", path, strerror(e));
	return errno_code(e);
}

/* The resolved path relative to the root, for the *at() calls. */
static const char *rel(const struct buf *resolved)
{
	return resolved->len ? resolved->data + 1 : ".";
}

static void parent_of(struct buf *resolved)
{
	while (resolved->len && resolved->data[resolved->len - 1] != '/')
		resolved->len--;
	if (resolved->len)
		resolved->len--;
	if (resolved->data)
		resolved->data[resolved->len] = '\0';
}

/* Replaces `pending` by `target` followed by what is left of it at `rest`. */
static int pending_replace(char *pending, size_t size, const char *target,
			   const char *rest)
{
	char next[PATH_MAX * 2];

	if ((size_t)snprintf(next, sizeof(next), "%s/%s", target, rest) >=
	    sizeof(next))
		return SW_ELIMIT;
	if (strlen(next) >= size)
		return SW_ELIMIT;
	memcpy(pending, next, strlen(next) + 1);
	return 0;
}

/*
 * Resolves `path` inside the root into `resolved` ("/a/b", or "" for the
 * root). The last component is followed when `follow` is set; `link` then
 * gets the target of a final symlink.
 */
static int resolve(struct local_reader *l, const char *path, bool follow,
		   struct buf *resolved, char *link, size_t link_len,
		   struct buf *err)
{
	char pending[PATH_MAX * 2];
	char *p = pending;
	int hops = 0;

	if (strlen(path) >= sizeof(pending))
		return path_error(path, ENAMETOOLONG, err);
	memcpy(pending, path, strlen(path) + 1);
	buf_reset(resolved);
	if (link)
		link[0] = '\0';
	while (*p) {
		char comp[NAME_MAX + 1], target[PATH_MAX];
		size_t n, prev;
		struct stat st;
		ssize_t tl;
		bool last;

		p += strspn(p, "/");
		if (!*p)
			break;
		n = strcspn(p, "/");
		if (n > NAME_MAX)
			return path_error(path, ENAMETOOLONG, err);
		memcpy(comp, p, n);
		comp[n] = '\0';
		p += n;
		last = p[strspn(p, "/")] == '\0';
		if (str_eq(comp, "."))
			continue;
		if (str_eq(comp, "..")) {
			parent_of(resolved);
			continue;
		}
		prev = resolved->len;
		if (buf_putc(resolved, '/') || buf_puts(resolved, comp))
			return SW_ENOMEM;
		if (fstatat(l->root_fd, rel(resolved), &st,
			    AT_SYMLINK_NOFOLLOW))
			return path_error(path, errno, err);
		if (!S_ISLNK(st.st_mode) || (last && !follow))
			continue;
		if (++hops > SYMLINKS_MAX)
			return path_error(path, ELOOP, err);
		tl = readlinkat(l->root_fd, rel(resolved), target,
				sizeof(target) - 1);
		if (tl < 0)
			return path_error(path, errno, err);
		target[tl] = '\0';
		if (last && link && !link[0]) {
			size_t keep = strnlen(target, link_len - 1);

			memcpy(link, target, keep);
			link[keep] = '\0';
		}
		if (target[0] == '/')
			buf_reset(resolved);
		else {
			resolved->len = prev;
			resolved->data[prev] = '\0';
		}
		if (pending_replace(pending, sizeof(pending), target, p))
			return path_error(path, ENAMETOOLONG, err);
		p = pending;
	}
	return 0;
}

static int local_read_file(struct host_reader *r, const char *path,
			   struct buf *out, struct buf *err)
{
	struct local_reader *l = r->ctx;
	struct buf resolved = BUF_INIT;
	char chunk[16384];
	struct stat st;
	int fd = -1, rc;

	rc = resolve(l, path, true, &resolved, NULL, 0, err);
	if (rc)
		goto out;
	fd = openat(l->root_fd, rel(&resolved),
		    O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		rc = path_error(path, errno, err);
		goto out;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		buf_printf(err, "%s: not a regular file", path);
		rc = SW_EIO;
		goto out;
	}
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = path_error(path, errno, err);
			break;
		}
		if (n == 0)
			break;
		if (buf_append(out, chunk, (size_t)n)) {
			buf_printf(err, "%s is larger than %zu bytes", path,
				   out->max);
			rc = SW_ELIMIT;
			break;
		}
	}
out:
	if (fd >= 0)
		close(fd);
	buf_clear(&resolved);
	return rc;
}

static enum host_file_type type_of(mode_t m)
{
	if (S_ISREG(m))
		return HOST_FILE_REGULAR;
	if (S_ISDIR(m))
		return HOST_FILE_DIRECTORY;
	if (S_ISSOCK(m))
		return HOST_FILE_SOCKET;
	if (S_ISLNK(m))
		return HOST_FILE_SYMLINK;
	return HOST_FILE_OTHER;
}

static int local_stat(struct host_reader *r, const char *path,
		      struct host_stat *hs, struct buf *err)
{
	struct local_reader *l = r->ctx;
	struct buf resolved = BUF_INIT;
	struct stat st;
	int rc;

	memset(hs, 0, sizeof(*hs));
	rc = resolve(l, path, true, &resolved, hs->link, sizeof(hs->link), err);
	if (!rc &&
	    fstatat(l->root_fd, rel(&resolved), &st, AT_SYMLINK_NOFOLLOW))
		rc = path_error(path, errno, err);
	if (!rc) {
		hs->type = type_of(st.st_mode);
		hs->mode = (uint32_t)(st.st_mode & 07777);
		hs->uid = st.st_uid;
		hs->gid = st.st_gid;
	}
	buf_clear(&resolved);
	return rc;
}

static int name_compare(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int local_list_dir(struct host_reader *r, const char *path,
			  json_t *names, struct buf *err)
{
	struct local_reader *l = r->ctx;
	struct buf resolved = BUF_INIT;
	char **list = NULL;
	size_t n = 0, cap = 0;
	struct dirent *d;
	DIR *dir = NULL;
	int fd, rc;

	rc = resolve(l, path, true, &resolved, NULL, 0, err);
	if (rc)
		goto out;
	fd = openat(l->root_fd, rel(&resolved),
		    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	dir = fd < 0 ? NULL : fdopendir(fd);
	if (!dir) {
		rc = path_error(path, errno, err);
		if (fd >= 0)
			close(fd);
		goto out;
	}
	while ((d = readdir(dir))) {
		if (str_eq(d->d_name, ".") || str_eq(d->d_name, ".."))
			continue;
		if (n == cap) {
			char **grown =
			    realloc(list, (cap ? cap * 2 : 64) * sizeof(*list));

			if (!grown) {
				rc = SW_ENOMEM;
				goto out;
			}
			list = grown;
			cap = cap ? cap * 2 : 64;
		}
		list[n] = strdup(d->d_name);
		if (!list[n]) {
			rc = SW_ENOMEM;
			goto out;
		}
		n++;
	}
	qsort(list, n, sizeof(*list), name_compare);
	for (size_t i = 0; i < n && !rc; i++)
		if (json_array_append_new(names, json_string(list[i])))
			rc = SW_ENOMEM;
out:
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
	if (dir)
		closedir(dir);
	buf_clear(&resolved);
	return rc;
}

static int local_readlink(struct host_reader *r, const char *path,
			  struct buf *out, struct buf *err)
{
	struct local_reader *l = r->ctx;
	struct buf resolved = BUF_INIT;
	char target[PATH_MAX];
	ssize_t n = -1;
	int rc;

	rc = resolve(l, path, false, &resolved, NULL, 0, err);
	if (!rc) {
		n = readlinkat(l->root_fd, rel(&resolved), target,
			       sizeof(target) - 1);
		if (n < 0)
			rc = path_error(path, errno, err);
	}
	if (!rc)
		rc = buf_append(out, target, (size_t)n);
	buf_clear(&resolved);
	return rc;
}

static int local_resolve(struct host_reader *r, const char *path,
			 struct buf *out, struct buf *err)
{
	struct local_reader *l = r->ctx;
	struct buf resolved = BUF_INIT;
	int rc;

	rc = resolve(l, path, true, &resolved, NULL, 0, err);
	if (!rc)
		rc = buf_puts(out, resolved.len ? buf_str(&resolved) : "/");
	buf_clear(&resolved);
	return rc;
}

static int local_find_pids(struct host_reader *r, const char *comm,
			   json_t *pids, struct buf *err)
{
	json_t *names = json_array();
	struct buf text = BUF_INIT, ignored = BUF_INIT;
	size_t i;
	json_t *name;
	int rc;

	if (!names)
		return SW_ENOMEM;
	buf_init(&text, 256);
	rc = local_list_dir(r, "/proc", names, err);
	json_array_foreach(names, i, name)
	{
		const char *s = json_string_value(name);
		char path[64];
		int64_t pid;

		if (rc || parse_int64(s, 1, INT32_MAX, &pid))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", s);
		buf_reset(&text);
		buf_reset(&ignored);
		if (local_read_file(r, path, &text, &ignored))
			continue; /* the process ended meanwhile */
		if (text.len && text.data[text.len - 1] == '\n')
			text.data[--text.len] = '\0';
		if (str_eq(buf_str(&text), comm) &&
		    json_array_append_new(pids, json_integer((json_int_t)pid)))
			rc = SW_ENOMEM;
	}
	json_decref(names);
	buf_clear(&text);
	buf_clear(&ignored);
	return rc;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Runs `auditctl -l`, which lists the kernel's rules whatever the root. */
static int local_auditctl(struct host_reader *r, struct buf *out,
			  struct buf *err)
{
	/*
	 * Fixed paths and environment: stridewatch runs as root, so neither
	 * PATH nor another variable of the caller picks what runs.
	 */
	static const char *const paths[] = {"/usr/sbin/auditctl",
					    "/sbin/auditctl"};
	static char *const argv[] = {"auditctl", "-l", NULL};
	static char *const envp[] = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin",
				     "LC_ALL=C", NULL};
	const char *program = NULL;
	posix_spawn_file_actions_t fa;
	int p[2], status = 0, rc = 0;
	long deadline = now_ms() + AUDITCTL_TIMEOUT_MS;
	char chunk[4096];
	pid_t pid;

	(void)r;
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]) && !program;
	     i++)
		if (access(paths[i], X_OK) == 0)
			program = paths[i];
	if (!program) {
		buf_puts(err, "auditctl is not installed (neither "
			      "/usr/sbin/auditctl nor /sbin/auditctl exists)");
		return SW_ENOTFOUND;
	}
	if (pipe2(p, O_CLOEXEC))
		return SW_EIO;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_adddup2(&fa, p[1], 2);
	rc = posix_spawn(&pid, program, &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (rc) {
		close(p[0]);
		buf_printf(err, "cannot run %s: %s", program, strerror(rc));
		return SW_EIO;
	}
	for (;;) {
		struct pollfd pf = {p[0], POLLIN, 0};
		long left = deadline - now_ms();
		ssize_t n;

		if (left <= 0 || poll(&pf, 1, (int)left) <= 0) {
			kill(pid, SIGTERM);
			rc = SW_EIO;
			buf_puts(err, "auditctl -l did not finish in time");
			break;
		}
		n = read(p[0], chunk, sizeof(chunk));
		if (n <= 0)
			break;
		if (buf_append(out, chunk, (size_t)n)) {
			kill(pid, SIGTERM);
			rc = SW_ELIMIT;
			break;
		}
	}
	close(p[0]);
	waitpid(pid, &status, 0);
	if (!rc && (!WIFEXITED(status) || WEXITSTATUS(status))) {
		buf_puts(err, "auditctl -l failed: ");
		escape_terminal(err, buf_str(out), 300);
		rc = str_icontains(buf_str(out), "permission") ||
			     str_icontains(buf_str(out), "must be root")
			 ? SW_EPERM
			 : SW_EIO;
	}
	return rc;
}

static void local_close(struct host_reader *r)
{
	struct local_reader *l = r->ctx;

	if (!l)
		return;
	close(l->root_fd);
	free(l);
	r->ctx = NULL;
}

int host_reader_local(const char *root, struct host_reader *r, struct buf *err)
{
	struct local_reader *l = calloc(1, sizeof(*l));

	if (!l)
		return SW_ENOMEM;
	l->root_fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (l->root_fd < 0) {
		buf_printf(err,
			   "invalid host root '%s': %s; give the directory "
			   "where the host's root is mounted",
			   root, strerror(errno));
		free(l);
		return SW_EINVAL;
	}
	snprintf(l->root, sizeof(l->root), "%s", root);
	*r = (struct host_reader){
	    .root = l->root,
	    .via = "local",
	    .ctx = l,
	    .read_file = local_read_file,
	    .stat = local_stat,
	    .list_dir = local_list_dir,
	    .resolve = local_resolve,
	    .readlink = local_readlink,
	    .find_pids = local_find_pids,
	    .auditctl = local_auditctl,
	    .close = local_close,
	};
	return 0;
}
