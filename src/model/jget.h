/*
 * Accessors for engine documents: a missing or null field reads as the
 * type's zero value, because engines of different versions omit fields. A
 * field present with another type also reads as zero, and between
 * jget_check_begin() and jget_check_end() it is recorded as an error, so a
 * mistyped snapshot is rejected instead of passing rules by default.
 */
#ifndef SW_JGET_H
#define SW_JGET_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "model/model.h"
#include "util/arena.h"
#include "util/buf.h"

/* Starts recording type mismatches for this thread. */
void jget_check_begin(void);
/* Names the document being read, for the message ("container 3"). */
void jget_set_context(const char *context);
/* Records an error of another kind (an unknown part status, say). */
void jget_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * Stops recording. Returns true when no field had the wrong type; else
 * false, with the first mismatch described in `err` (may be NULL).
 */
bool jget_check_end(struct buf *err);

/* Copies a string field into `a`; "" when missing or not a string. */
const char *jget_string(struct arena *a, json_t *obj, const char *key);
int64_t jget_int(json_t *obj, const char *key);
bool jget_bool(json_t *obj, const char *key);
/* Returns the member when it is an object (array), else NULL. */
json_t *jget_object(json_t *obj, const char *key);
json_t *jget_array(json_t *obj, const char *key);
/* Copies the string elements of an array; others are skipped. */
int jget_strlist(struct arena *a, json_t *arr, struct strlist *out);

#endif
