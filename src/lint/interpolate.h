/*
 * Variable interpolation as Docker Compose does it, and the variables it
 * reads: the process environment over a .env file.
 *
 * Syntax (compose-spec "Interpolation"): $VAR and ${VAR} substitute the
 * value, empty when unset; ${VAR:-default} uses the default when VAR is
 * unset or empty, ${VAR-default} only when unset; ${VAR:?message} and
 * ${VAR?message} fail with the message when VAR is unset or empty, or
 * unset; ${VAR:+alt} and ${VAR+alt} give alt when VAR is set and not
 * empty, or set; "$$" is a literal "$". Defaults, alternatives and
 * messages are interpolated too. A "$" before anything else stays as it is.
 */
#ifndef SW_LINT_INTERPOLATE_H
#define SW_LINT_INTERPOLATE_H

#include <stddef.h>

#include "model/model.h"
#include "util/arena.h"
#include "util/buf.h"

/* Nesting of ${...} inside defaults, so input cannot exhaust the stack. */
#define INTERPOLATE_DEPTH_MAX 32
/* 1 MiB: the longest value one interpolation may produce. */
#define INTERPOLATE_OUTPUT_MAX ((size_t)1 << 20)

/* A set of variables; later settings of one name replace earlier ones. */
struct varmap {
	struct arena arena;
	struct kv *vars;
	size_t n;
	size_t cap;
};

void varmap_init(struct varmap *vm);
void varmap_clear(struct varmap *vm);
/* Sets `name`; returns 0 or SW_ENOMEM. */
int varmap_set(struct varmap *vm, const char *name, const char *value);
/* Returns the value of `name`, or NULL when it is not set. */
const char *varmap_get(const struct varmap *vm, const char *name);
/* Adds every NAME=value entry of a NULL-terminated environment array. */
int varmap_add_environ(struct varmap *vm, char *const *environ);

/*
 * Called once per reference to a variable that is not set and has no
 * default; Compose substitutes an empty string and warns.
 */
typedef void (*unset_fn)(void *data, const char *name);

struct interpolation {
	const struct varmap *vars;
	unset_fn unset; /* may be NULL */
	void *unset_data;
};

/*
 * Appends `in` with every reference substituted to `out`. Fails with
 * SW_EINVAL and a message in `err` for a malformed reference ("${}",
 * "${1}", "${A:x}", an unterminated "${") and for a ${VAR:?message}
 * whose variable is missing; SW_ELIMIT past INTERPOLATE_DEPTH_MAX or
 * INTERPOLATE_OUTPUT_MAX.
 */
int interpolate(const struct interpolation *ip, const char *in, struct buf *out,
		struct buf *err);

/*
 * Reads a .env file (`text`, from `path`) into `vm`. A name already set
 * (from the process environment) keeps its value, as Compose gives the
 * environment precedence. Lines are NAME=value, optionally after
 * "export "; '#' starts a comment line, or an inline comment after
 * whitespace in an unquoted value; 'single quotes' keep the text as it
 * is; "double quotes" understand \n, \r, \t, \\, \" and \$ and may span
 * lines; unquoted and double-quoted values are interpolated with the
 * variables set so far. A bare NAME takes the process environment's
 * value. Fails with SW_EINVAL and "PATH:LINE: what is wrong" in `err`.
 */
int dotenv_parse(struct varmap *vm, const char *path, const char *text,
		 char *const *environ, struct buf *err);

#endif
