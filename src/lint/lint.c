#include "lint/lint.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/error.h"
#include "util/strutil.h"
#include "util/timefmt.h"

enum file_kind { KIND_COMPOSE, KIND_DOCKERFILE };

struct job {
	char *path;
	enum file_kind kind;
};

struct run {
	struct model *m;
	const struct lint_options *opts;
	lint_warn_fn warn;
	void *warn_data;
	struct buf *err;
	struct job *jobs;
	size_t n_jobs, cap_jobs;
	char **seen; /* real paths of the files queued */
	size_t n_seen, cap_seen;
};

static void warn(struct run *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void warn(struct run *r, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	if (!r->warn)
		return;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	r->warn(r->warn_data, buf_str(&b));
	buf_clear(&b);
}

static bool seen_before(struct run *r, const char *path, int *rc)
{
	char *real = realpath(path, NULL);

	*rc = 0;
	if (!real)
		return false; /* reading it reports the error */
	for (size_t i = 0; i < r->n_seen; i++) {
		if (str_eq(r->seen[i], real)) {
			free(real);
			return true;
		}
	}
	if (r->n_seen == r->cap_seen) {
		size_t cap = r->cap_seen ? r->cap_seen * 2 : 16;
		char **grown = realloc(r->seen, cap * sizeof(*grown));

		if (!grown) {
			free(real);
			*rc = SW_ENOMEM;
			return false;
		}
		r->seen = grown;
		r->cap_seen = cap;
	}
	r->seen[r->n_seen++] = real;
	return false;
}

static int job_add(struct run *r, const char *path, enum file_kind kind)
{
	int rc;

	if (seen_before(r, path, &rc) || rc)
		return rc;
	if (r->n_jobs == LINT_FILES_MAX) {
		buf_printf(r->err,
			   "more than %d compose files and Dockerfiles were "
			   "found; give the directory of one project",
			   LINT_FILES_MAX);
		return SW_ELIMIT;
	}
	if (r->n_jobs == r->cap_jobs) {
		size_t cap = r->cap_jobs ? r->cap_jobs * 2 : 16;
		struct job *grown = realloc(r->jobs, cap * sizeof(*grown));

		if (!grown)
			return SW_ENOMEM;
		r->jobs = grown;
		r->cap_jobs = cap;
	}
	r->jobs[r->n_jobs].path = strdup(path);
	if (!r->jobs[r->n_jobs].path)
		return SW_ENOMEM;
	r->jobs[r->n_jobs++].kind = kind;
	return 0;
}

static bool is_override_name(const char *name)
{
	return str_eq(name, "compose.override.yaml") ||
	       str_eq(name, "compose.override.yml") ||
	       str_eq(name, "docker-compose.override.yml") ||
	       str_eq(name, "docker-compose.override.yaml");
}

static bool is_vcs_dir(const char *name)
{
	return str_eq(name, ".git") || str_eq(name, ".hg") ||
	       str_eq(name, ".svn");
}

static char *path_join(const char *dir, const char *name)
{
	size_t len = strlen(dir);
	struct buf b = BUF_INIT;

	if (str_eq(dir, "."))
		buf_puts(&b, name);
	else
		buf_printf(&b, "%s%s%s", dir,
			   len && dir[len - 1] == '/' ? "" : "/", name);
	if (b.failed) {
		buf_clear(&b);
		return NULL;
	}
	return buf_steal(&b);
}

static int walk_dir(struct run *r, const char *dir, int depth);

/* Queues one directory entry: a file to lint, or a directory to read. */
static int walk_entry(struct run *r, const char *dir, const char *name,
		      int depth)
{
	char *path = path_join(dir, name);
	struct stat st, target;
	int rc = 0;

	if (!path)
		return SW_ENOMEM;
	if (lstat(path, &st) != 0) {
		buf_printf(r->err, "%s: cannot read: %s", path,
			   strerror(errno));
		free(path);
		return SW_EIO;
	}
	if (S_ISLNK(st.st_mode) && stat(path, &target) == 0 &&
	    S_ISDIR(target.st_mode)) {
		warn(r, "%s: a symbolic link to a directory; not followed",
		     path);
	} else if (S_ISDIR(st.st_mode)) {
		if (!is_vcs_dir(name))
			rc = walk_dir(r, path, depth + 1);
	} else if (compose_is_default_name(name)) {
		rc = job_add(r, path, KIND_COMPOSE);
	} else if (dockerfile_is_name(name)) {
		rc = job_add(r, path, KIND_DOCKERFILE);
	} else if (is_override_name(name)) {
		warn(r,
		     "%s: override files are not merged into the compose file "
		     "beside them; lint it with -f to assess it on its own",
		     path);
	}
	free(path);
	return rc;
}

static int walk_dir(struct run *r, const char *dir, int depth)
{
	struct dirent **names = NULL;
	int n, rc = 0;

	if (depth > LINT_DEPTH_MAX) {
		warn(r, "%s: deeper than %d directory levels; not searched",
		     dir, LINT_DEPTH_MAX);
		return 0;
	}
	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		buf_printf(r->err, "%s: cannot read the directory: %s", dir,
			   strerror(errno));
		return SW_EIO;
	}
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;

		if (!rc && !str_eq(name, ".") && !str_eq(name, ".."))
			rc = walk_entry(r, dir, name, depth);
		free(names[i]);
	}
	free(names);
	return rc;
}

static bool has_yaml_suffix(const char *path)
{
	return str_ends_with(path, ".yml") || str_ends_with(path, ".yaml");
}

/* Queues a path given on the command line. */
static int add_path(struct run *r, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	struct stat st;

	if (stat(path, &st) != 0) {
		int e = errno;

		buf_printf(r->err, "%s: cannot read: %s", path, strerror(e));
		return e == ENOENT ? SW_ENOTFOUND : SW_EIO;
	}
	if (S_ISDIR(st.st_mode))
		return walk_dir(r, path, 0);
	if (compose_is_default_name(name) || has_yaml_suffix(name) ||
	    is_override_name(name))
		return job_add(r, path, KIND_COMPOSE);
	if (dockerfile_is_name(name))
		return job_add(r, path, KIND_DOCKERFILE);
	buf_printf(r->err,
		   "%s: not a compose file or a Dockerfile by its name; give "
		   "a compose file with -f FILE",
		   path);
	return SW_EINVAL;
}

static int lint_job(struct run *r, const struct job *j)
{
	struct strlist includes = {0};
	int rc;

	if (j->kind == KIND_DOCKERFILE)
		return dockerfile_load(r->m, j->path, &r->opts->dockerfile,
				       r->err);
	rc = compose_load(r->m, j->path, &r->opts->compose, &includes, r->err);
	for (size_t i = 0; !rc && i < includes.n; i++) {
		if (access(includes.v[i], F_OK) != 0) {
			buf_printf(r->err,
				   "%s: the file '%s' that it includes was "
				   "not found",
				   j->path, includes.v[i]);
			return SW_ENOTFOUND;
		}
		rc = job_add(r, includes.v[i], KIND_COMPOSE);
	}
	return rc;
}

static const char *now_rfc3339(struct arena *a)
{
	char stamp[RFC3339_SIZE];

	format_rfc3339(time(NULL), stamp);
	return arena_strdup(a, stamp);
}

int lint_paths(struct model *m, const char *const *paths, size_t n_paths,
	       const struct lint_options *opts, lint_warn_fn warn_fn,
	       void *warn_data, struct buf *err)
{
	struct run r = {.m = m,
			.opts = opts,
			.warn = warn_fn,
			.warn_data = warn_data,
			.err = err};
	int rc = 0;

	for (size_t i = 0; i < opts->n_compose_files && !rc; i++)
		rc = job_add(&r, opts->compose_files[i], KIND_COMPOSE);
	for (size_t i = 0; i < n_paths && !rc; i++)
		rc = add_path(&r, paths[i]);
	if (!rc && !n_paths && !opts->n_compose_files)
		rc = add_path(&r, ".");
	if (!rc && !r.n_jobs) {
		buf_printf(err,
			   "no compose files or Dockerfiles were found under "
			   "%s",
			   n_paths ? paths[0] : ".");
		rc = SW_ENOTFOUND;
	}
	/* Included files join the queue while it is worked through. */
	for (size_t i = 0; i < r.n_jobs && !rc; i++)
		rc = lint_job(&r, &r.jobs[i]);
	if (!rc) {
		m->collected_at = now_rfc3339(&m->arena);
		rc = m->collected_at ? 0 : SW_ENOMEM;
	}
	for (size_t i = 0; i < r.n_jobs; i++)
		free(r.jobs[i].path);
	for (size_t i = 0; i < r.n_seen; i++)
		free(r.seen[i]);
	free(r.jobs);
	free(r.seen);
	return rc;
}

static bool lint_decides(const struct rule *r)
{
	return r->applies_to == OBJ_CONTAINER || r->applies_to == OBJ_IMAGE;
}

int lint_exclude_engine_rules(struct selection *sel)
{
	size_t count, extra = 0;
	const struct rule *all = rules_all(&count);
	const char **grown;

	for (size_t i = 0; i < count; i++)
		extra += !lint_decides(&all[i]);
	grown =
	    realloc(sel->exclude, (sel->n_exclude + extra) * sizeof(*grown));
	if (!grown)
		return SW_ENOMEM;
	sel->exclude = grown;
	for (size_t i = 0; i < count; i++)
		if (!lint_decides(&all[i]))
			sel->exclude[sel->n_exclude++] = all[i].id;
	return 0;
}
