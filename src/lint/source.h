/*
 * Source files for `stridewatch lint`: reading a compose file or Dockerfile
 * with a size limit, and the UTF-8 checks both parsers need.
 */
#ifndef SW_LINT_SOURCE_H
#define SW_LINT_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"
#include "util/buf.h"

/* 4 MiB: the largest compose file or Dockerfile that lint reads. */
#define SOURCE_MAX ((size_t)4 << 20)

/*
 * Reads the whole file at `path` into a NUL-terminated buffer in `out`,
 * which the caller clears. Fails with SW_EIO (cannot open or read),
 * SW_ELIMIT (larger than SOURCE_MAX) or SW_EINVAL (contains a NUL byte);
 * `err` then names the file and the reason.
 */
int source_read(const char *path, struct buf *out, struct buf *err);

/*
 * Returns the offset of the first byte of `s` that is not part of a valid
 * UTF-8 sequence (overlong forms and surrogates are invalid), or `len`
 * when all of it is valid.
 */
size_t utf8_invalid_offset(const char *s, size_t len);

/* Returns the 1-based line and column (in bytes) of `offset` in `s`. */
struct location source_location(const char *path, const char *s, size_t offset);

/*
 * Copies `s` into `a`, replacing every invalid UTF-8 sequence by U+FFFD,
 * so that reporters can write it as JSON or XML. Returns NULL when out of
 * memory.
 */
char *utf8_sanitize(struct arena *a, const char *s);

/*
 * Adds a target for the lint file shown as `name` to `m`: transport kind
 * "file", endpoint the file, and every daemon string "" (a file has no
 * engine). Returns the target, or NULL when out of memory.
 */
struct target *lint_target_add(struct model *m, const char *name);

#endif
