/*
 * Section 5, container runtime: the check table and the helpers that the
 * section5_*.c files share.
 */
#include "rules/section5.h"

#include <stdarg.h>
#include <string.h>

#include "util/strutil.h"

const struct rule_check section5_checks[] = {
    {"5.1", check_5_1},	  {"5.2", check_5_2},	{"5.3", check_5_3},
    {"5.4", check_5_4},	  {"5.5", check_5_5},	{"5.6", check_5_6},
    {"5.7", check_5_7},	  {"5.8", check_5_8},	{"5.9", check_5_9},
    {"5.10", check_5_10}, {"5.11", check_5_11}, {"5.12", check_5_12},
    {"5.13", check_5_13}, {"5.14", check_5_14}, {"5.15", check_5_15},
    {"5.16", check_5_16}, {"5.17", check_5_17}, {"5.18", check_5_18},
    {"5.19", check_5_19}, {"5.20", check_5_20}, {"5.21", check_5_21},
    {"5.22", check_5_22}, {"5.23", check_5_23}, {"5.24", check_5_24},
    {"5.25", check_5_25}, {"5.26", check_5_26}, {"5.27", check_5_27},
    {"5.28", check_5_28}, {"5.29", check_5_29}, {"5.30", check_5_30},
    {"5.31", check_5_31}, {"5.32", check_5_32}, {NULL, NULL},
};

void evidence_list_init(struct evidence_list *l)
{
	buf_init(&l->text, EVIDENCE_LIST_BYTES);
	l->n = 0;
	l->ended = false;
}

void evidence_list_add(struct evidence_list *l, const char *fmt, ...)
{
	size_t before = l->text.len;
	va_list ap;

	l->n++;
	if (l->n > EVIDENCE_LIST_MAX || l->ended)
		return;
	if (before)
		buf_puts(&l->text, ", ");
	va_start(ap, fmt);
	buf_vprintf(&l->text, fmt, ap);
	va_end(ap);
	/* An item that did not fit is dropped whole, not cut in the middle. */
	if (l->text.failed && l->text.len > before) {
		l->text.len = before;
		l->text.data[before] = '\0';
	}
}

const char *evidence_list_str(struct evidence_list *l)
{
	if (l->n > EVIDENCE_LIST_MAX && !l->ended)
		buf_printf(&l->text, " and %zu more", l->n - EVIDENCE_LIST_MAX);
	l->ended = true;
	return buf_str(&l->text);
}

void evidence_list_clear(struct evidence_list *l)
{
	buf_clear(&l->text);
	l->n = 0;
	l->ended = false;
}

/* Drops the last component of the clean prefix in `out`, keeping "/". */
static void path_pop(struct buf *out, size_t root)
{
	while (out->len > root && out->data[out->len - 1] != '/')
		out->len--;
	if (out->len > root)
		out->len--;
	out->data[out->len] = '\0';
}

const char *path_clean(struct buf *out, const char *path)
{
	bool absolute = path[0] == '/';
	size_t root = absolute ? 1 : 0;
	const char *p = path;

	buf_reset(out);
	if (absolute)
		buf_putc(out, '/');
	while (*p) {
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == 0 || (len == 1 && p[0] == '.')) {
			/* Repeated slash or ".": nothing to add. */
		} else if (len == 2 && p[0] == '.' && p[1] == '.' &&
			   out->len > root) {
			path_pop(out, root);
		} else if (!(len == 2 && p[0] == '.' && p[1] == '.' &&
			     absolute)) {
			if (out->len > root)
				buf_putc(out, '/');
			buf_append(out, p, len);
		}
		p += len;
		if (*p == '/')
			p++;
	}
	return buf_str(out);
}

bool path_is_within(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (str_eq(dir, "/"))
		return str_eq(path, "/");
	return strncmp(path, dir, n) == 0 &&
	       (path[n] == '\0' || path[n] == '/');
}

void secopt_parse(const char *opt, struct secopt *o)
{
	/* The engine splits on '=' when there is one and on ':' otherwise,
	 * so "label=type:svirt_t" has the key "label". */
	const char *sep = strchr(opt, '=');

	if (!sep)
		sep = strchr(opt, ':');
	o->key = opt;
	o->key_len = sep ? (size_t)(sep - opt) : strlen(opt);
	o->value = sep ? sep + 1 : NULL;
}

bool secopt_key_is(const struct secopt *o, const char *key)
{
	return strlen(key) == o->key_len &&
	       strncmp(o->key, key, o->key_len) == 0;
}

const char *container_secopt(const struct container *c, const char *key,
			     const char **raw)
{
	const char *value = NULL;

	for (size_t i = 0; i < c->security_opt.n; i++) {
		struct secopt o;

		secopt_parse(c->security_opt.v[i], &o);
		if (!secopt_key_is(&o, key))
			continue;
		value = o.value ? o.value : "";
		if (raw)
			*raw = c->security_opt.v[i];
	}
	return value;
}

bool user_is_root(const char *user)
{
	const char *colon = strchr(user, ':');
	size_t len = colon ? (size_t)(colon - user) : strlen(user);
	char uid[32];
	int64_t n;

	if (len == 0)
		return !colon;
	if (len >= sizeof(uid))
		return false;
	memcpy(uid, user, len);
	uid[len] = '\0';
	if (str_eq(uid, "root"))
		return true;
	return parse_int64(uid, 0, INT64_MAX, &n) == 0 && n == 0;
}

bool container_from_file(const struct container *c)
{
	return c->origin != ORIGIN_ENGINE;
}
