#include "rules/evidence.h"

#include <string.h>

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

void verdict_begin(struct verdict *v, enum status s)
{
	v->status = s;
	v->field = CF_NONE;
	buf_reset(v->evidence);
}
