/*
 * Lenient accessors for engine documents: a missing or mistyped field reads
 * as the type's zero value, because engines of different versions omit or
 * retype fields and a rule must still see the rest.
 */
#ifndef SW_JGET_H
#define SW_JGET_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "model/model.h"
#include "util/arena.h"

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
