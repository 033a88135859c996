#include "util/strutil.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/error.h"

int parse_int64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end = NULL;
	long long v;

	if (!s || !*s || isspace((unsigned char)*s))
		return SW_EINVAL;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return SW_EINVAL;
	*out = v;
	return 0;
}

int parse_uint(const char *s, unsigned max, unsigned *out)
{
	int64_t v;
	int rc = parse_int64(s, 0, max, &v);

	if (rc)
		return rc;
	*out = (unsigned)v;
	return 0;
}

bool str_eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

bool str_ieq(const char *a, const char *b)
{
	return a && b && strcasecmp(a, b) == 0;
}

bool str_starts_with(const char *s, const char *prefix)
{
	return s && prefix && strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_ends_with(const char *s, const char *suffix)
{
	size_t n, m;

	if (!s || !suffix)
		return false;
	n = strlen(s);
	m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

bool str_icontains(const char *haystack, const char *needle)
{
	size_t n;

	if (!haystack || !needle)
		return false;
	n = strlen(needle);
	for (; *haystack; haystack++)
		if (strncasecmp(haystack, needle, n) == 0)
			return true;
	return n == 0;
}

bool str_empty(const char *s)
{
	return !s || !*s;
}

/* Returns the length of a valid UTF-8 sequence at `s`, or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if (n == 3 && s[0] == 0xe0 && s[1] < 0xa0)
		return 0;
	if (n == 4 && ((s[0] == 0xf0 && s[1] < 0x90) ||
		       (s[0] == 0xf4 && s[1] > 0x8f)))
		return 0;
	/* U+0080..U+009F are C1 controls, encoded as C2 80..C2 9F. */
	if (n == 2 && s[0] == 0xc2 && s[1] < 0xa0)
		return 0;
	return n;
}

int escape_terminal(struct buf *out, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t done = 0;
	int rc = 0;

	while (*p && rc == 0) {
		size_t n = utf8_len(p);

		if (done >= max)
			return buf_puts(out, "...");
		if (n == 0 || *p < 0x20 || *p == 0x7f || *p == '\\') {
			if (*p == '\\')
				rc = buf_puts(out, "\\\\");
			else
				rc = buf_printf(out, "\\x%02x", *p);
			p++;
			done++;
			continue;
		}
		rc = buf_append(out, p, n);
		p += n;
		done += n;
	}
	return rc;
}

int escape_html(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	int rc = 0;

	while (*p && rc == 0) {
		size_t n = utf8_len(p);

		if (n == 0 || (*p < 0x20 && *p != '\n' && *p != '\t') ||
		    *p == 0x7f) {
			/* Control bytes and invalid UTF-8 are shown, not
			 * passed to whoever views the page's source. */
			rc = buf_printf(out, "\\x%02x", *p);
			p++;
			continue;
		}
		switch (*p) {
		case '&':
			rc = buf_puts(out, "&amp;");
			break;
		case '<':
			rc = buf_puts(out, "&lt;");
			break;
		case '>':
			rc = buf_puts(out, "&gt;");
			break;
		case '"':
			rc = buf_puts(out, "&quot;");
			break;
		case '\'':
			rc = buf_puts(out, "&#39;");
			break;
		default:
			rc = buf_append(out, p, n);
		}
		p += n;
	}
	return rc;
}
