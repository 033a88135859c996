/*
 * Fuzzes the URL redaction of evidence lines: the result stays within the
 * cut, and redacting a redacted text changes nothing.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules/evidence.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 64 bytes: a short cut, so inputs often end in the middle of a URL. */
#define CUT 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct buf out = BUF_INIT, again = BUF_INIT;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	evidence_redacted(&out, text, CUT);
	assert(out.len <= CUT + strlen("..."));
	buf_reset(&out);
	evidence_redacted(&out, text, SIZE_MAX / 2);
	buf_init(&again, 0);
	evidence_redacted(&again, buf_str(&out), SIZE_MAX / 2);
	assert(!out.failed);
	assert(!again.failed);
	assert(strcmp(buf_str(&out), buf_str(&again)) == 0);
	buf_clear(&out);
	buf_clear(&again);
	free(text);
	return 0;
}
