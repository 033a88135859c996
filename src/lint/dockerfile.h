/*
 * Dockerfiles for `stridewatch lint`, read as BuildKit's Dockerfile
 * frontend reads them: parser directives (escape, syntax, check), line
 * continuations with the escape character, comment lines (also inside a
 * continued instruction), heredocs (<<EOF, <<-EOF, <<"EOF"), instructions
 * in any case, and the JSON and shell forms.
 *
 * dockerfile_load() turns the final stage into a struct image of origin
 * ORIGIN_DOCKERFILE. Its user and health check are those in effect in the
 * final stage, inherited through stages built FROM an earlier stage. A
 * USER in a discarded build stage does not count. The checks of section 4
 * that judge the Dockerfile's text rather than the built image (4.7, 4.9,
 * 4.10) see every stage: `history` lists every instruction of the file in
 * file order, `env` every ENV and `args` every ARG, with their values as
 * written (quotes removed, nothing substituted), so a check can tell a
 * literal from a "$REFERENCE".
 */
#ifndef SW_LINT_DOCKERFILE_H
#define SW_LINT_DOCKERFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"
#include "util/buf.h"

struct df_heredoc {
	const char *name; /* the delimiter word, quotes removed */
	const char *body; /* the lines between, each ending in "\n" */
	bool expand;	  /* an unquoted delimiter: the body is expanded */
};

struct df_instruction {
	const char *keyword; /* upper case: "RUN", "FROM", ... */
	/* Keyword and arguments as one line, continuations joined, with
	 * each heredoc appended after a newline as it is written. */
	const char *text;
	const char *args;     /* after the keyword and any --flags */
	struct strlist flags; /* "--from=build", "--chown=app", ... */
	bool json;	      /* the JSON (exec) form */
	struct strlist argv;  /* the JSON array's strings, when `json` */
	struct df_heredoc *heredocs;
	size_t n_heredocs;
	struct location loc; /* the keyword */
};

struct dockerfile {
	const char *path;
	char escape; /* '\\' or '`' */
	struct df_instruction *ins;
	size_t n_ins;
};

/*
 * Parses `text` (`len` bytes) into instructions allocated in `a`. Fails
 * with SW_EINVAL and "PATH:LINE:COLUMN: what is wrong" in `err` for an
 * invalid or repeated parser directive, an unknown instruction, an
 * instruction without its arguments, or a heredoc that is never closed.
 */
int dockerfile_parse(struct arena *a, const char *path, const char *text,
		     size_t len, struct dockerfile *out, struct buf *err);

struct dockerfile_options {
	/* --build-arg values, NAME=value, overriding ARG defaults. */
	const char *const *build_args;
	size_t n_build_args;
};

/*
 * Reads and parses the Dockerfile at `path` and adds a target to `m`
 * named by the path, with transport kind "file", holding the final
 * stage's image. Fails as dockerfile_parse() does, and also for a file
 * without FROM, an instruction other than ARG before the first FROM, a
 * malformed ENV, ARG, USER or HEALTHCHECK, or an unterminated quote.
 */
int dockerfile_load(struct model *m, const char *path,
		    const struct dockerfile_options *opts, struct buf *err);

/* Loads Dockerfile text already read (NUL-terminated) as the file at
 * `path`. */
int dockerfile_load_text(struct model *m, const char *path, const char *text,
			 const struct dockerfile_options *opts,
			 struct buf *err);

/* Whether a file name is a Dockerfile's: "Dockerfile", "Dockerfile.*" or
 * "*.Dockerfile". */
bool dockerfile_is_name(const char *name);

#endif
