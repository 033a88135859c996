/*
 * Fuzzes the /_ping header parser and the version negotiation after it.
 * Each line is handed over in a buffer of its exact size, without a NUL, as
 * libcurl does, so that AddressSanitizer catches a read past the line.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collect/engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct engine_ping ping = {0};
	struct buf err = BUF_INIT;
	char version[ENGINE_VERSION_MAX];
	size_t start = 0;

	while (start < size) {
		const uint8_t *nl = memchr(data + start, '\n', size - start);
		size_t len = nl ? (size_t)(nl - data - start) + 1
				: size - start;
		char *line = malloc(len ? len : 1);

		if (!line)
			break;
		memcpy(line, data + start, len);
		engine_ping_header(&ping, line, len);
		free(line);
		start += len;
	}
	assert(memchr(ping.api_version, '\0', sizeof(ping.api_version)));
	assert(memchr(ping.os_type, '\0', sizeof(ping.os_type)));
	if (engine_api_negotiate(ping.api_version, version, sizeof(version),
				 &err) == 0)
		assert(engine_api_compare(version, ENGINE_API_MAX) <= 0 &&
		       engine_api_compare(version, ENGINE_API_MIN) >= 0);
	buf_clear(&err);
	return 0;
}
