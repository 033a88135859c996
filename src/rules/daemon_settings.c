#include "rules/daemon_settings.h"

#include <stdlib.h>

#include "rules/evidence.h"
#include "util/error.h"
#include "util/strutil.h"

const struct daemon_setting *daemon_setting_find(const struct daemon *d,
						 const char *name)
{
	for (size_t i = 0; i < d->n_settings; i++)
		if (str_eq(d->settings[i].name, name))
			return &d->settings[i];
	return NULL;
}

json_t *daemon_setting_json(const struct daemon_setting *s)
{
	const char *text = s->value ? s->value : "";
	json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);

	return v ? v : json_string(text);
}

int daemon_setting_bool(const struct daemon_setting *s, bool *out)
{
	json_t *v = daemon_setting_json(s);
	const char *str = json_string_value(v);
	int rc = 0;

	if (json_is_boolean(v))
		*out = json_is_true(v);
	else if (str && (str_eq(str, "true") || str_eq(str, "false")))
		*out = str_eq(str, "true");
	else
		rc = SW_EINVAL;
	json_decref(v);
	return rc;
}

int daemon_setting_format(const struct daemon_setting *s, struct buf *out,
			  size_t max)
{
	json_t *v = daemon_setting_json(s);
	char *text = NULL;
	const char *shown;
	int rc;

	if (json_is_string(v))
		shown = json_string_value(v);
	else {
		text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		shown = text ? text : "";
	}
	rc = evidence_append(out, shown, max);
	free(text);
	json_decref(v);
	return rc;
}
