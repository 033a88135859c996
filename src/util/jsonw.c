#include "util/jsonw.h"

#include <assert.h>
#include <math.h>

void jsonw_init(struct jsonw *w, FILE *out, bool pretty)
{
	w->out = out;
	w->pretty = pretty;
	w->depth = 0;
	w->has_items[0] = false;
	w->after_key = false;
}

static void newline(struct jsonw *w)
{
	if (!w->pretty)
		return;
	putc('\n', w->out);
	for (int i = 0; i < w->depth; i++)
		fputs("  ", w->out);
}

/* Writes the separator before a value or a key. */
static void item_begin(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth > 0) {
		if (w->has_items[w->depth])
			putc(',', w->out);
		newline(w);
	}
	w->has_items[w->depth] = true;
}

static void container_open(struct jsonw *w, char c)
{
	item_begin(w);
	putc(c, w->out);
	assert(w->depth + 1 < JSONW_MAX_DEPTH);
	w->depth++;
	w->has_items[w->depth] = false;
}

static void container_close(struct jsonw *w, char c)
{
	bool items = w->has_items[w->depth];

	w->depth--;
	if (items)
		newline(w);
	putc(c, w->out);
	if (w->depth == 0 && w->pretty)
		putc('\n', w->out);
}

void jsonw_object_begin(struct jsonw *w)
{
	container_open(w, '{');
}

void jsonw_object_end(struct jsonw *w)
{
	container_close(w, '}');
}

void jsonw_array_begin(struct jsonw *w)
{
	container_open(w, '[');
}

void jsonw_array_end(struct jsonw *w)
{
	container_close(w, ']');
}

/* Decodes one UTF-8 sequence; returns its length, or 0 when invalid. */
static int utf8_decode(const unsigned char *s, uint32_t *cp)
{
	int n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		*cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		*cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		*cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and code points above U+10FFFF. */
	if ((n == 3 && *cp < 0x800) || (n == 4 && *cp < 0x10000) ||
	    (*cp >= 0xd800 && *cp <= 0xdfff) || *cp > 0x10ffff)
		return 0;
	return n;
}

static void escape_string(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	putc('"', out);
	while (*s) {
		uint32_t cp;
		int n = utf8_decode(s, &cp);

		if (n == 0) {
			fputs("\\ufffd", out);
			s++;
			continue;
		}
		s += n;
		if (cp == '"' || cp == '\\') {
			putc('\\', out);
			putc((int)cp, out);
		} else if (cp == '\n') {
			fputs("\\n", out);
		} else if (cp == '\t') {
			fputs("\\t", out);
		} else if (cp >= 0x20 && cp < 0x7f) {
			putc((int)cp, out);
		} else if (cp < 0x10000) {
			fprintf(out, "\\u%04x", cp);
		} else {
			cp -= 0x10000;
			fprintf(out, "\\u%04x\\u%04x", 0xd800 + (cp >> 10),
				0xdc00 + (cp & 0x3ff));
		}
	}
	putc('"', out);
}

void jsonw_key(struct jsonw *w, const char *key)
{
	item_begin(w);
	escape_string(w->out, key);
	fputs(w->pretty ? ": " : ":", w->out);
	w->after_key = true;
}

void jsonw_string(struct jsonw *w, const char *s)
{
	item_begin(w);
	if (s)
		escape_string(w->out, s);
	else
		fputs("null", w->out);
}

void jsonw_int(struct jsonw *w, int64_t v)
{
	item_begin(w);
	fprintf(w->out, "%lld", (long long)v);
}

void jsonw_real(struct jsonw *w, double v, int decimals)
{
	item_begin(w);
	if (!isfinite(v)) {
		fputs("null", w->out);
		return;
	}
	/* printf rounds as the text report does, so 56.25 reads 56.2 in
	 * both; at least one decimal keeps the number a JSON real. */
	fprintf(w->out, "%.*f", decimals > 0 ? decimals : 1, v);
}

void jsonw_bool(struct jsonw *w, bool v)
{
	item_begin(w);
	fputs(v ? "true" : "false", w->out);
}

void jsonw_null(struct jsonw *w)
{
	item_begin(w);
	fputs("null", w->out);
}

void jsonw_member_string(struct jsonw *w, const char *key, const char *s)
{
	jsonw_key(w, key);
	jsonw_string(w, s);
}

void jsonw_member_int(struct jsonw *w, const char *key, int64_t v)
{
	jsonw_key(w, key);
	jsonw_int(w, v);
}

void jsonw_member_real(struct jsonw *w, const char *key, double v,
		       int decimals)
{
	jsonw_key(w, key);
	jsonw_real(w, v, decimals);
}

void jsonw_member_bool(struct jsonw *w, const char *key, bool v)
{
	jsonw_key(w, key);
	jsonw_bool(w, v);
}
