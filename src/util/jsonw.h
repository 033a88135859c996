/*
 * Streaming JSON writer: writes a document token by token, so a report of
 * 100,000 results needs no tree in memory. Strings are escaped to ASCII
 * (RFC 8259, with \uXXXX for every control and non-ASCII character), and
 * invalid UTF-8 becomes U+FFFD, so no byte from an engine or a file can
 * break the document or a consumer's terminal.
 */
#ifndef SW_JSONW_H
#define SW_JSONW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Nesting deeper than this is a programming error in a reporter. */
#define JSONW_MAX_DEPTH 32

struct jsonw {
	FILE *out;
	bool pretty; /* indent by two spaces per level */
	int depth;
	bool has_items[JSONW_MAX_DEPTH]; /* an item was written at depth */
	bool after_key;
};

void jsonw_init(struct jsonw *w, FILE *out, bool pretty);
void jsonw_object_begin(struct jsonw *w);
void jsonw_object_end(struct jsonw *w);
void jsonw_array_begin(struct jsonw *w);
void jsonw_array_end(struct jsonw *w);
void jsonw_key(struct jsonw *w, const char *key);
/* NULL is written as null. */
void jsonw_string(struct jsonw *w, const char *s);
void jsonw_int(struct jsonw *w, int64_t v);
/* Writes `v` with `decimals` places (1 to 6), rounded as printf does. */
void jsonw_real(struct jsonw *w, double v, int decimals);
void jsonw_bool(struct jsonw *w, bool v);
void jsonw_null(struct jsonw *w);

/* Shorthands for "key": value members. */
void jsonw_member_string(struct jsonw *w, const char *key, const char *s);
void jsonw_member_int(struct jsonw *w, const char *key, int64_t v);
void jsonw_member_real(struct jsonw *w, const char *key, double v,
		       int decimals);
void jsonw_member_bool(struct jsonw *w, const char *key, bool v);

#endif
