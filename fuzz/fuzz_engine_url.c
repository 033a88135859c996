/* Fuzzes the engine address parser and the request path escaping. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collect/engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf err = BUF_INIT, path = BUF_INIT;
	struct engine_url url;
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (engine_url_parse(text, "DOCKER_HOST", &url, &err) == 0) {
		/* Every field must be a terminated string within its array. */
		assert(memchr(url.socket_path, '\0', sizeof(url.socket_path)));
		assert(memchr(url.host, '\0', sizeof(url.host)));
		assert(memchr(url.base_path, '\0', sizeof(url.base_path)));
		assert(url.port <= 65535);
	} else {
		assert(err.len > 0);
	}
	if (engine_path_escape(&path, text) == 0)
		assert(!strpbrk(buf_str(&path), "/?# "));
	buf_clear(&err);
	buf_clear(&path);
	free(text);
	return 0;
}
