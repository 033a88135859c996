#include "model/jget.h"

#include "util/error.h"

const char *jget_string(struct arena *a, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	const char *s = json_is_string(v) ? json_string_value(v) : "";
	char *copy;

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
	return 0;
}

bool jget_bool(json_t *obj, const char *key)
{
	return json_is_true(json_object_get(obj, key));
}

json_t *jget_object(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_object(v) ? v : NULL;
}

json_t *jget_array(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_array(v) ? v : NULL;
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
		if (!json_is_string(v))
			continue;
		l->v[l->n] = arena_strdup(a, json_string_value(v));
		if (!l->v[l->n])
			return SW_ENOMEM;
		l->n++;
	}
	return 0;
}
