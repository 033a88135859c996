#include "rules/host_checks.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "util/strutil.h"

const struct host_facts *host_checks_facts(const struct target *t,
					   struct verdict *v, const char *what)
{
	if (t->host)
		return t->host;
	verdict_manual(v,
		       "needs host access to read %s: run stridewatch on the "
		       "Docker host, give --host-root DIR, or scan --host "
		       "ssh://USER@HOST",
		       what);
	return NULL;
}

bool host_checks_part(const struct host_part *p, struct verdict *v,
		      const char *what, bool *not_present)
{
	*not_present = false;
	switch (p->status) {
	case PART_COLLECTED:
		return true;
	case PART_NOT_PRESENT:
		*not_present = true;
		return false;
	case PART_DENIED:
		verdict_error(v,
			      "could not read %s: permission denied (%s); "
			      "scan as root or as a user who can read it",
			      what, p->error);
		return false;
	case PART_FAILED:
		verdict_error(v, "could not read %s: %s", what, p->error);
		return false;
	default:
		verdict_manual(v, "%s was not collected; scan with host access",
			       what);
		return false;
	}
}

void host_checks_begin(struct verdict *v, enum status s)
{
	v->status = s;
	v->field = CF_NONE;
	buf_reset(v->evidence);
}

void host_checks_append(struct buf *b, const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max) {
		buf_puts(b, s);
		return;
	}
	n = max;
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	buf_append(b, s, n);
	buf_puts(b, "...");
}

char *host_checks_setting(const struct target *t, const char *name)
{
	const struct daemon *d = &t->daemon;

	for (size_t i = 0; i < d->n_settings; i++) {
		json_t *v;
		char *copy;

		if (!str_eq(d->settings[i].name, name))
			continue;
		v = json_loads(d->settings[i].value, JSON_DECODE_ANY, NULL);
		copy = json_is_string(v) ? strdup(json_string_value(v)) : NULL;
		json_decref(v);
		return copy;
	}
	return NULL;
}
