/*
 * Compose files to the container model: each service becomes a struct
 * container with origin ORIGIN_COMPOSE and the position of every setting,
 * so the section 5 rules run on it as they run on a live container.
 */
#ifndef SW_LINT_COMPOSE_H
#define SW_LINT_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"
#include "util/buf.h"

struct compose_options {
	char *const *environ; /* the process environment */
	/* The .env file to read; NULL reads .env beside the compose file. */
	const char *env_file;
	/* Active profiles. With none, every service is assessed whatever
	 * its profiles; with some, only the services Compose would start. */
	const char *const *profiles;
	size_t n_profiles;
};

/*
 * Loads the compose file at `path` into a new target of `m`, named by the
 * path, with transport kind "file". Settings that lint does not support
 * (extends, remote includes, ...) become notes of the target. Local files
 * named by `include` are appended to `includes` (paths allocated in the
 * model's arena) for the caller to lint as well.
 *
 * Returns 0, or SW_EINVAL with "PATH:LINE:COLUMN: what is wrong" in `err`
 * for invalid YAML, an unknown top-level or service key, or a value
 * Compose would reject; SW_EIO when a file cannot be read; SW_ENOMEM.
 */
int compose_load(struct model *m, const char *path,
		 const struct compose_options *opts, struct strlist *includes,
		 struct buf *err);

/*
 * Loads compose text already read (`len` bytes, no NUL inside) as if it
 * were the file at `path`, whose directory is the project directory.
 */
int compose_load_text(struct model *m, const char *path, const char *text,
		      size_t len, const struct compose_options *opts,
		      struct strlist *includes, struct buf *err);

/* Whether a file name is one Compose looks for by default. */
bool compose_is_default_name(const char *name);

#endif
