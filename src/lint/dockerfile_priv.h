/*
 * Internals shared by the Dockerfile parser (dockerfile.c), its word
 * handling (dockerfile_words.c) and the stage model (dockerfile_image.c).
 */
#ifndef SW_LINT_DOCKERFILE_PRIV_H
#define SW_LINT_DOCKERFILE_PRIV_H

#include "lint/dockerfile.h"

/* Variables in scope for substitution. A name not set here is looked up
 * in `fallback`, so ENV values can win over ARG values of the same name. */
struct df_vars {
	struct kv *v;
	size_t n;
	size_t cap;
	const struct df_vars *fallback; /* may be NULL */
};

/* Sets `name` (both strings must outlive the set); 0 or SW_ENOMEM. */
int df_vars_set(struct df_vars *vars, const char *name, const char *value);
/* Returns the value, or NULL when the name is not set here or in the
 * fallback. */
const char *df_vars_get(const struct df_vars *vars, const char *name,
			size_t len);
/* Empties the set; the fallback is kept. */
void df_vars_clear(struct df_vars *vars);
/* Replaces the content of `to` by a copy of `from`'s own entries. */
int df_vars_copy(struct df_vars *to, const struct df_vars *from);

/*
 * Splits `s` into words at unquoted blanks, as the frontend splits ENV,
 * ARG and LABEL arguments: quotes group and stay in the word, the escape
 * character keeps the next character in the word. Fails with SW_EINVAL
 * when a quote is never closed.
 */
int df_words(struct arena *a, const char *s, char escape, struct strlist *out);

/*
 * Processes one word as the frontend does before using it: removes quotes,
 * applies escapes and, with `vars`, substitutes $NAME, ${NAME},
 * ${NAME:-word}, ${NAME-word}, ${NAME:+word}, ${NAME+word}, ${NAME:?msg}
 * and ${NAME?msg} (not inside single quotes). Appends the result to
 * `out`. Fails with SW_EINVAL and a message in `err` for an unterminated
 * quote or ${, an unsupported modifier, or a ${NAME?msg} that fires.
 */
int df_word_process(const char *word, char escape, const struct df_vars *vars,
		    struct buf *out, struct buf *err);

/* Processes into the arena; NULL on failure with `err` set. */
const char *df_word(struct arena *a, const char *word, char escape,
		    const struct df_vars *vars, struct buf *err);

#endif
