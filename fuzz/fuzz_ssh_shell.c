/*
 * Fuzzes the parser of the remote shell's replies: the input is the
 * output line, a newline, and the status line of command 1.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "collect/ssh_priv.h"
#include "util/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nl = memchr(text, '\n', size);
	size_t out_len = nl ? (size_t)(nl - text) : size;
	const char *status_line = nl ? nl + 1 : "";
	size_t status_len = nl ? size - out_len - 1 : 0;
	struct buf out = BUF_INIT, errout = BUF_INIT;
	int status = -1, rc;

	buf_init(&out, 64);
	buf_init(&errout, 64);
	rc = ssh_shell_reply_parse(1, text, out_len, status_line, status_len,
				   &out, &errout, &status);
	assert(rc == 0 || rc == SW_ELIMIT || rc == SW_EPROTO);
	assert(out.len <= 64 && errout.len <= 64);
	if (rc == 0)
		assert(status >= 0 && status <= 255);
	buf_clear(&out);
	buf_clear(&errout);
	return 0;
}
