#include "lint/compose_priv.h"

#include <stdio.h>
#include <string.h>

#include "util/error.h"
#include "util/strutil.h"

void compose_note(struct compose_ctx *cx, const char *fmt, ...)
{
	va_list ap;
	char *note;

	va_start(ap, fmt);
	{
		struct buf b = BUF_INIT;

		buf_vprintf(&b, fmt, ap);
		note = arena_strdup(cx->a, buf_str(&b));
		buf_clear(&b);
	}
	va_end(ap);
	if (!note || strlist_contains(&cx->notes, note))
		return;
	if (cx->notes.n == cx->notes_cap) {
		size_t cap = cx->notes_cap ? cx->notes_cap * 2 : 8;
		const char **v = arena_calloc(cx->a, cap, sizeof(*v));

		if (!v)
			return;
		if (cx->notes.n)
			memcpy(v, cx->notes.v, cx->notes.n * sizeof(*v));
		cx->notes.v = v;
		cx->notes_cap = cap;
	}
	cx->notes.v[cx->notes.n++] = note;
}

int compose_fail(struct compose_ctx *cx, struct location loc, const char *key,
		 const char *fmt, ...)
{
	va_list ap;

	buf_reset(cx->err);
	buf_printf(cx->err, "%s:%u:%u: ", cx->path, loc.line, loc.column);
	if (cx->service)
		buf_printf(cx->err, "services.%s%s%s: ", cx->service,
			   key ? "." : "", key ? key : "");
	else if (key)
		buf_printf(cx->err, "%s: ", key);
	va_start(ap, fmt);
	buf_vprintf(cx->err, fmt, ap);
	va_end(ap);
	return SW_EINVAL;
}

int cv_expect_mapping(struct compose_ctx *cx, const struct ynode *n,
		      const char *key)
{
	if (n->kind == YNODE_MAPPING)
		return 0;
	if (n->kind == YNODE_NULL)
		return compose_fail(cx, n->loc, key,
				    "expected a mapping, found nothing");
	return compose_fail(cx, n->loc, key, "expected a mapping, found a %s",
			    ynode_kind_name(n));
}

int cv_string(struct compose_ctx *cx, const struct ynode *n, const char *key,
	      const char **out)
{
	if (n->kind == YNODE_NULL) {
		*out = "";
		return 0;
	}
	if (n->kind != YNODE_SCALAR)
		return compose_fail(cx, n->loc, key,
				    "expected a string, found a %s",
				    ynode_kind_name(n));
	*out = n->text;
	return 0;
}

int cv_bool(struct compose_ctx *cx, const struct ynode *n, const char *key,
	    bool *out)
{
	static const char *const yes[] = {"true", "y", "yes", "on"};
	static const char *const no[] = {"false", "n", "no", "off"};

	if (n->kind == YNODE_SCALAR) {
		for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
			if (str_ieq(n->text, yes[i])) {
				*out = true;
				return 0;
			}
			if (str_ieq(n->text, no[i])) {
				*out = false;
				return 0;
			}
		}
	}
	return compose_fail(
	    cx, n->loc, key, "invalid boolean '%s': use true or false",
	    n->kind == YNODE_SCALAR ? n->text : ynode_kind_name(n));
}

int cv_int(struct compose_ctx *cx, const struct ynode *n, const char *key,
	   int64_t min, int64_t max, int64_t *out)
{
	if (n->kind == YNODE_SCALAR && !parse_int64(n->text, min, max, out))
		return 0;
	return compose_fail(cx, n->loc, key,
			    "invalid number '%s': use a whole number from "
			    "%lld to %lld",
			    n->kind == YNODE_SCALAR ? n->text
						    : ynode_kind_name(n),
			    (long long)min, (long long)max);
}

/* Parses "123" or "123.456" into a whole part and up to nine decimals,
 * scaled so that `*nano` is the fraction in units of 10^-9. */
static const char *parse_decimal(const char *s, int64_t *whole, int64_t *nano)
{
	int64_t scale = 100000000;

	*whole = 0;
	*nano = 0;
	if (*s < '0' || *s > '9')
		return NULL;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (*whole > (INT64_MAX - 9) / 10)
			return NULL;
		*whole = *whole * 10 + (*s - '0');
	}
	if (*s != '.')
		return s;
	s++;
	if (*s < '0' || *s > '9')
		return NULL;
	for (; *s >= '0' && *s <= '9'; s++) {
		*nano += (*s - '0') * scale;
		scale /= 10;
	}
	return s;
}

bool parse_nano(const char *s, int64_t *out)
{
	int64_t whole, nano;
	const char *end = parse_decimal(s, &whole, &nano);

	if (!end || *end || whole > INT64_MAX / 1000000000 - 1)
		return false;
	*out = whole * 1000000000 + nano;
	return true;
}

bool parse_byte_size(const char *s, int64_t *out)
{
	static const char units[] = "bkmgtp";
	int64_t whole, nano, frac, mult = 1;
	const char *p = parse_decimal(s, &whole, &nano);
	const char *u;

	if (!p)
		return false;
	if (*p == ' ')
		p++;
	if (*p && (u = strchr(units + 1, *p | 0x20)) != NULL) {
		for (const char *k = units; k < u; k++)
			mult *= 1024;
		p++;
		if (*p == 'i' || *p == 'I')
			p++;
	}
	if (*p == 'b' || *p == 'B')
		p++;
	if (*p || whole > INT64_MAX / mult)
		return false;
	if (mult <= (int64_t)1 << 30) {
		frac = nano * mult / 1000000000;
	} else {
		/* nano * mult would overflow: split mult = hi * 2^30. */
		int64_t x = nano * (mult >> 30);

		frac = (x / 1000000000) * ((int64_t)1 << 30) +
		       (x % 1000000000) * ((int64_t)1 << 30) / 1000000000;
	}
	if (whole * mult > INT64_MAX - frac)
		return false;
	*out = whole * mult + frac;
	return true;
}

int cv_bytes(struct compose_ctx *cx, const struct ynode *n, const char *key,
	     int64_t *out)
{
	if (n->kind == YNODE_SCALAR && parse_byte_size(n->text, out))
		return 0;
	return compose_fail(cx, n->loc, key,
			    "invalid size '%s': use bytes or a number with "
			    "a unit, such as 512m or 2g",
			    n->kind == YNODE_SCALAR ? n->text
						    : ynode_kind_name(n));
}

int cv_nano_cpus(struct compose_ctx *cx, const struct ynode *n, const char *key,
		 int64_t *out)
{
	if (n->kind == YNODE_SCALAR && parse_nano(n->text, out))
		return 0;
	return compose_fail(cx, n->loc, key,
			    "invalid number of CPUs '%s': use a number such "
			    "as 0.5 or 2",
			    n->kind == YNODE_SCALAR ? n->text
						    : ynode_kind_name(n));
}

int cv_strlist(struct compose_ctx *cx, const struct ynode *n, const char *key,
	       bool single, struct strlist *out)
{
	out->v = NULL;
	out->n = 0;
	if (n->kind == YNODE_NULL)
		return 0;
	if (n->kind == YNODE_SCALAR && single) {
		out->v = arena_calloc(cx->a, 1, sizeof(*out->v));
		if (!out->v)
			return SW_ENOMEM;
		out->v[out->n++] = n->text;
		return 0;
	}
	if (n->kind != YNODE_SEQUENCE)
		return compose_fail(cx, n->loc, key,
				    "expected a list of strings, found a %s",
				    ynode_kind_name(n));
	out->v = arena_calloc(cx->a, n->n_items + 1, sizeof(*out->v));
	if (!out->v)
		return SW_ENOMEM;
	for (size_t i = 0; i < n->n_items; i++) {
		const struct ynode *item = n->items[i];

		if (item->kind != YNODE_SCALAR)
			return compose_fail(cx, item->loc, key,
					    "expected a string, found a %s",
					    ynode_kind_name(item));
		out->v[out->n++] = item->text;
	}
	return 0;
}
