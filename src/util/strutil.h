/* String and number helpers: parsing, matching and escaping. */
#ifndef SW_STRUTIL_H
#define SW_STRUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/*
 * Parses a whole decimal integer in [min, max]. Leading or trailing junk,
 * an empty string and overflow fail with SW_EINVAL; `*out` is written only on
 * success. This is the only place the project turns text into numbers.
 */
int parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);
int parse_uint(const char *s, unsigned max, unsigned *out);

bool str_eq(const char *a, const char *b);
bool str_ieq(const char *a, const char *b);
bool str_starts_with(const char *s, const char *prefix);
bool str_ends_with(const char *s, const char *suffix);
/* Case-insensitive substring search; NULL arguments never match. */
bool str_icontains(const char *haystack, const char *needle);
bool str_empty(const char *s);

/*
 * Appends `s` for a terminal: control characters (C0, DEL, C1) and invalid
 * UTF-8 become \xNN escapes so an engine-supplied name cannot move the cursor
 * or change colours. At most `max` input bytes are written, then "...".
 */
int escape_terminal(struct buf *out, const char *s, size_t max);

/*
 * Appends `s` with &, <, >, " and ' replaced by HTML entities, and control
 * characters and invalid UTF-8 shown as \xNN text.
 */
int escape_html(struct buf *out, const char *s);

#endif
