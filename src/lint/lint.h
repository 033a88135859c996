/*
 * `stridewatch lint`: finds compose files and Dockerfiles under the paths
 * given and loads each into one target of a model, for the evaluator to
 * assess with the same rules as a live engine.
 */
#ifndef SW_LINT_H
#define SW_LINT_H

#include <stddef.h>

#include "assess/assess.h"
#include "lint/compose.h"
#include "lint/dockerfile.h"
#include "model/model.h"
#include "util/buf.h"

/* Directory levels the search descends below each path given. */
#define LINT_DEPTH_MAX 32
/* Files one run lints; a larger tree is more likely a wrong path. */
#define LINT_FILES_MAX 10000

struct lint_options {
	struct compose_options compose;
	struct dockerfile_options dockerfile;
	/* Files given with -f: compose files whatever their names. */
	const char *const *compose_files;
	size_t n_compose_files;
};

/* A message about the search itself, not about one file. */
typedef void (*lint_warn_fn)(void *data, const char *message);

/*
 * Lints `paths`, files or directories, into `m` with one target per file
 * in the order found, directories in name order. Without paths it reads
 * "." unless -f files are given. In a directory, compose files are those named
 * compose.yaml, compose.yml, docker-compose.yml or docker-compose.yaml,
 * and Dockerfiles are named Dockerfile, Dockerfile.* or *.Dockerfile. A
 * file given by name is a compose file when it ends in .yml or .yaml.
 * Local files that a compose file includes are linted too, each once.
 * Symbolic links to directories are not followed. `warn` gets a message
 * for each of them and for each override file, which Compose would merge
 * but lint does not.
 *
 * Returns 0, SW_ENOTFOUND when a path does not exist or nothing was found,
 * or the first file's error (SW_EINVAL, SW_EIO, SW_ELIMIT, SW_ENOMEM) with
 * its message in `err`.
 */
int lint_paths(struct model *m, const char *const *paths, size_t n_paths,
	       const struct lint_options *opts, lint_warn_fn warn,
	       void *warn_data, struct buf *err);

/*
 * Adds the rules that need an engine or a host (host, daemon, network and
 * swarm rules) to the exclusions of `sel`, because a file cannot decide
 * them, so they come out as "not selected". The exclusion list must be
 * malloc'ed or NULL, as common_options_clear() frees it. The IDs point
 * into the catalog. Returns 0 or SW_ENOMEM.
 */
int lint_exclude_engine_rules(struct selection *sel);

#endif
