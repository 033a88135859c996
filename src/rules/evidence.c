#include "rules/evidence.h"

#include <ctype.h>
#include <string.h>

#include "util/error.h"

/* Appends the first `n` bytes of `s`, cut as evidence_append describes. */
static int append_clipped(struct buf *out, const char *s, size_t n, size_t max)
{
	int rc;

	if (n <= max)
		return buf_append(out, s, n);
	n = max;
	/* Step back over continuation bytes so no character is split. */
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	rc = buf_append(out, s, n);
	return rc ? rc : buf_puts(out, "...");
}

int evidence_append(struct buf *out, const char *s, size_t max)
{
	return append_clipped(out, s, strlen(s), max);
}

int evidence_trimmed(struct buf *out, const char *s, size_t max)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return append_clipped(out, s, n, max);
}

static bool is_scheme_char(char c)
{
	return isalnum((unsigned char)c) || c == '+' || c == '-' || c == '.';
}

/* Whether `c` ends a URL quoted in a command line or a JSON array. */
static bool ends_url(char c)
{
	return c == '\0' || isspace((unsigned char)c) || strchr("\"'`<>\\", c);
}

/* Returns where a URL nested in s[i..stop) begins ("https" of
 * "/go/https://u:p@h"), or `stop` when none is. */
static size_t nested_url(const char *s, size_t i, size_t stop)
{
	const char *sep = memmem(s + i, stop - i, "://", 3);
	size_t start;

	if (!sep)
		return stop;
	start = (size_t)(sep - s);
	while (start > i && is_scheme_char(s[start - 1]))
		start--;
	return start;
}

/*
 * Appends the part of a URL after "scheme://" that starts at s[i], with
 * its userinfo, query and fragment redacted, and returns the index after
 * it: the end of the URL, or the start of a URL nested in its path, which
 * the caller redacts in turn.
 */
static size_t url_rest_append(struct buf *out, const char *s, size_t i,
			      size_t n)
{
	size_t end = i, at = n, stop, path_end;

	while (end < n && !ends_url(s[end]) && !strchr("/?#", s[end])) {
		if (s[end] == '@')
			at = end;
		end++;
	}
	if (at < end) {
		buf_puts(out, "***");
		i = at;
	}
	buf_append(out, s + i, end - i);
	stop = end;
	while (stop < n && !ends_url(s[stop]))
		stop++;
	path_end = end;
	while (path_end < stop && s[path_end] != '?' && s[path_end] != '#')
		path_end++;
	if (nested_url(s, end, path_end) < path_end) {
		path_end = nested_url(s, end, path_end);
		buf_append(out, s + end, path_end - end);
		return path_end;
	}
	buf_append(out, s + end, path_end - end);
	if (path_end < stop) {
		/* The query or fragment, nested URLs and all. */
		buf_putc(out, s[path_end]);
		buf_puts(out, "***");
	}
	return stop;
}

int evidence_redacted(struct buf *out, const char *s, size_t max)
{
	struct buf clean = BUF_INIT;
	size_t n = strlen(s), i = 0;
	int rc;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	/* Each URL is copied whole, so stopping past `max` cuts no secret. */
	while (i < n && clean.len <= max) {
		const char *sep = memmem(s + i, n - i, "://", 3);
		size_t pos, scheme;

		if (!sep) {
			buf_append(&clean, s + i, n - i);
			break;
		}
		pos = (size_t)(sep - s);
		scheme = pos;
		while (scheme > i && is_scheme_char(s[scheme - 1]))
			scheme--;
		while (scheme < pos && !isalpha((unsigned char)s[scheme]))
			scheme++;
		buf_append(&clean, s + i, pos + 3 - i);
		i = pos + 3;
		if (scheme < pos)
			i = url_rest_append(&clean, s, i, n);
	}
	/* A failed append drops a piece of the copy, never a redaction. */
	rc = append_clipped(out, buf_str(&clean), clean.len, max);
	if (!rc && clean.failed)
		rc = SW_ENOMEM;
	buf_clear(&clean);
	return rc;
}

void verdict_begin(struct verdict *v, enum status s)
{
	v->status = s;
	v->field = CF_NONE;
	buf_reset(v->evidence);
}
