#include "monitor/config_reader.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/error.h"
#include "util/strutil.h"

int config_invalid(struct parser *p, const struct ynode *at, const char *fmt,
		   ...)
{
	va_list ap;

	buf_printf(p->err, "%s:%u:%u: %s: ", p->path, at->loc.line,
		   at->loc.column, p->key);
	va_start(ap, fmt);
	buf_vprintf(p->err, fmt, ap);
	va_end(ap);
	return SW_EINVAL;
}

size_t config_key_push(struct parser *p, const char *name, long index)
{
	size_t len = strlen(p->key);

	if (name)
		snprintf(p->key + len, sizeof(p->key) - len, "%s%s",
			 len ? "." : "", name);
	else
		snprintf(p->key + len, sizeof(p->key) - len, "[%ld]", index);
	return len;
}

void config_key_pop(struct parser *p, size_t len)
{
	p->key[len] = '\0';
}

int config_want_kind(struct parser *p, const struct ynode *v,
		     enum ynode_kind kind, const char *example)
{
	static const char *const names[] = {
	    [YNODE_NULL] = "a value",
	    [YNODE_SCALAR] = "a string or number",
	    [YNODE_MAPPING] = "a mapping of keys",
	    [YNODE_SEQUENCE] = "a list",
	};

	if (v->kind == kind)
		return 0;
	return config_invalid(p, v, "expected %s but found %s; write it as %s",
			      names[kind], ynode_kind_name(v), example);
}

int config_mapping_apply(struct parser *p, const struct ynode *map,
			 const struct key_handler *keys, void *obj,
			 const char *example)
{
	int rc = config_want_kind(p, map, YNODE_MAPPING, example);

	for (size_t i = 0; i < map->n_pairs && !rc; i++) {
		const struct ypair *pair = &map->pairs[i];
		const struct key_handler *h = keys;
		size_t saved;

		while (h->key && !str_eq(h->key, pair->key))
			h++;
		saved = config_key_push(p, pair->key, 0);
		if (!h->key) {
			struct buf known = BUF_INIT;

			for (h = keys; h->key; h++)
				buf_printf(&known, "%s%s",
					   known.len ? ", " : "", h->key);
			buf_printf(p->err,
				   "%s:%u:%u: %s: unknown key; the keys here "
				   "are %s (see docs/watch.md)",
				   p->path, pair->loc.line, pair->loc.column,
				   p->key, buf_str(&known));
			buf_clear(&known);
			rc = SW_EINVAL;
		} else {
			rc = h->fn(p, pair->value, obj);
		}
		config_key_pop(p, saved);
	}
	return rc;
}

int config_read_string(struct parser *p, const struct ynode *v,
		       const char *example, const char **out)
{
	int rc = config_want_kind(p, v, YNODE_SCALAR, example);

	if (rc)
		return rc;
	if (!*v->text)
		return config_invalid(
		    p, v, "the value is empty; write it as %s", example);
	*out = v->text;
	return 0;
}

int config_read_bool(struct parser *p, const struct ynode *v, bool *out)
{
	if (v->kind == YNODE_SCALAR && v->plain &&
	    (str_eq(v->text, "true") || str_eq(v->text, "false"))) {
		*out = str_eq(v->text, "true");
		return 0;
	}
	return config_invalid(
	    p, v, "invalid value '%s'; expected true or false",
	    v->kind == YNODE_SCALAR ? v->text : ynode_kind_name(v));
}

int duration_parse(const char *s, int64_t *ms)
{
	static const struct {
		const char *unit;
		int64_t ms;
	} units[] = {{"ms", 1},	     {"s", 1000},     {"m", 60000},
		     {"h", 3600000}, {"d", 86400000}, {NULL, 0}};
	char digits[24];
	size_t n = 0;
	int64_t v;

	while (s && isdigit((unsigned char)s[n]) && n < sizeof(digits) - 1) {
		digits[n] = s[n];
		n++;
	}
	digits[n] = '\0';
	if (!n || parse_int64(digits, 0, INT64_MAX, &v))
		return SW_EINVAL;
	for (size_t i = 0; units[i].unit; i++) {
		if (!str_eq(s + n, units[i].unit))
			continue;
		if (v > INT64_MAX / units[i].ms)
			return SW_EINVAL;
		*ms = v * units[i].ms;
		return 0;
	}
	return SW_EINVAL;
}

int config_read_duration(struct parser *p, const struct ynode *v,
			 int64_t min_ms, int64_t *out)
{
	int64_t ms;
	int rc = config_want_kind(p, v, YNODE_SCALAR, "a duration such as 15m");

	if (rc)
		return rc;
	if (duration_parse(v->text, &ms))
		return config_invalid(
		    p, v,
		    "invalid duration '%s'; write a whole number "
		    "with a unit: ms, s, m, h or d (as in 30s or "
		    "15m)",
		    v->text);
	if (ms < min_ms)
		return config_invalid(
		    p, v,
		    "duration '%s' is too short; use at least "
		    "%lld ms",
		    v->text, (long long)min_ms);
	*out = ms;
	return 0;
}

int config_read_int(struct parser *p, const struct ynode *v, int64_t min,
		    int64_t max, int64_t *out)
{
	int rc = config_want_kind(p, v, YNODE_SCALAR, "a whole number");

	if (rc)
		return rc;
	if (parse_int64(v->text, min, max, out))
		return config_invalid(
		    p, v,
		    "invalid value '%s'; expected a whole number "
		    "from %lld to %lld",
		    v->text, (long long)min, (long long)max);
	return 0;
}

int config_read_string_list(struct parser *p, const struct ynode *v, size_t max,
			    const char ***out, size_t *n)
{
	const char **list;

	if (v->kind == YNODE_SCALAR) {
		list = arena_calloc(p->a, 1, sizeof(*list));
		if (!list)
			return SW_ENOMEM;
		list[0] = v->text;
		*out = list;
		*n = 1;
		return 0;
	}
	if (config_want_kind(p, v, YNODE_SEQUENCE,
			     "a list such as [5.5, 5.31]"))
		return SW_EINVAL;
	if (v->n_items > max)
		return config_invalid(p, v,
				      "the list has %zu entries; at most %zu "
				      "are accepted",
				      v->n_items, max);
	list = arena_calloc(p->a, v->n_items + 1, sizeof(*list));
	if (!list)
		return SW_ENOMEM;
	for (size_t i = 0; i < v->n_items; i++) {
		size_t saved = config_key_push(p, NULL, (long)i);
		int rc =
		    config_read_string(p, v->items[i], "a string", &list[i]);

		config_key_pop(p, saved);
		if (rc)
			return rc;
	}
	*out = list;
	*n = v->n_items;
	return 0;
}

int config_read_secret_file(struct parser *p, const struct ynode *v,
			    const char **out)
{
	struct buf text;
	char chunk[512];
	size_t n;
	FILE *f = fopen(v->text, "re");
	int rc = 0;

	if (!f)
		return config_invalid(
		    p, v,
		    "cannot read '%s': %s; create the file or "
		    "fix the path",
		    v->text, strerror(errno));
	buf_init(&text, TOKEN_MAX_BYTES);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && !rc)
		rc = buf_append(&text, chunk, n);
	fclose(f);
	while (text.len && isspace((unsigned char)text.data[text.len - 1]))
		text.data[--text.len] = '\0';
	if (rc || !text.len) {
		buf_clear(&text);
		return config_invalid(
		    p, v,
		    "'%s' is empty or larger than %d bytes; put "
		    "the token on one line",
		    v->text, TOKEN_MAX_BYTES);
	}
	*out = arena_strdup(p->a, buf_str(&text));
	buf_clear(&text);
	return *out ? 0 : SW_ENOMEM;
}
