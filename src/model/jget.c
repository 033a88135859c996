#include "model/jget.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/error.h"

/*
 * The first type mismatch of the current normalization. A field that is
 * present with the wrong type must not silently read as its default: a
 * snapshot with "Privileged": "true" would otherwise pass 5.5.
 */
static _Thread_local struct {
	bool active;
	bool failed;
	char context[160];
	char message[320];
} mismatch;

void jget_check_begin(void)
{
	mismatch.active = true;
	mismatch.failed = false;
	mismatch.context[0] = '\0';
	mismatch.message[0] = '\0';
}

void jget_set_context(const char *context)
{
	snprintf(mismatch.context, sizeof(mismatch.context), "%s", context);
}

bool jget_check_end(struct buf *err)
{
	bool failed = mismatch.failed;

	if (failed && err)
		buf_puts(err, mismatch.message);
	mismatch.active = false;
	mismatch.failed = false;
	return !failed;
}

void jget_fail(const char *fmt, ...)
{
	size_t len;
	va_list ap;

	if (!mismatch.active || mismatch.failed)
		return;
	mismatch.failed = true;
	snprintf(mismatch.message, sizeof(mismatch.message), "%s%s",
		 mismatch.context, mismatch.context[0] ? ": " : "");
	len = strlen(mismatch.message);
	va_start(ap, fmt);
	vsnprintf(mismatch.message + len, sizeof(mismatch.message) - len, fmt,
		  ap);
	va_end(ap);
}

static const char *type_name(json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
		return "null";
	}
	return "unknown";
}

/* Records a field of the wrong type; null counts as absent. */
static void mismatch_note(const char *key, json_t *v, const char *expected)
{
	if (!v || json_is_null(v) || !mismatch.active || mismatch.failed)
		return;
	mismatch.failed = true;
	snprintf(mismatch.message, sizeof(mismatch.message),
		 "%s%sfield \"%s\" is %s, expected %s", mismatch.context,
		 mismatch.context[0] ? ": " : "", key, type_name(v), expected);
}

const char *jget_string(struct arena *a, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	const char *s = json_is_string(v) ? json_string_value(v) : "";
	char *copy;

	if (!json_is_string(v))
		mismatch_note(key, v, "a string");
	if (!*s)
		return "";
	copy = arena_strdup(a, s);
	return copy ? copy : "";
}

int64_t jget_int(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (json_is_integer(v))
		return (int64_t)json_integer_value(v);
	if (json_is_real(v))
		return (int64_t)json_real_value(v);
	mismatch_note(key, v, "a number");
	return 0;
}

bool jget_bool(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_boolean(v))
		mismatch_note(key, v, "a boolean");
	return json_is_true(v);
}

json_t *jget_object(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (json_is_object(v))
		return v;
	mismatch_note(key, v, "an object");
	return NULL;
}

json_t *jget_array(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (json_is_array(v))
		return v;
	mismatch_note(key, v, "an array");
	return NULL;
}

int jget_strlist(struct arena *a, json_t *arr, struct strlist *l)
{
	size_t i, n = json_array_size(arr);
	json_t *v;

	l->v = NULL;
	l->n = 0;
	if (!n)
		return 0;
	l->v = arena_calloc(a, n, sizeof(*l->v));
	if (!l->v)
		return SW_ENOMEM;
	json_array_foreach(arr, i, v)
	{
		if (!json_is_string(v)) {
			mismatch_note("[]", v, "a string in the list");
			continue;
		}
		l->v[l->n] = arena_strdup(a, json_string_value(v));
		if (!l->v[l->n])
			return SW_ENOMEM;
		l->n++;
	}
	return 0;
}
