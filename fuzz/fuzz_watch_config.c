/* Fuzzes the watch configuration parser. */
#include <stddef.h>
#include <stdint.h>

#include "monitor/watch_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct watch_config *c = NULL;
	struct buf err = BUF_INIT;

	if (watch_config_parse("fuzz.yaml", (const char *)data, size, &c,
			       &err) == 0)
		watch_config_free(c);
	buf_clear(&err);
	return 0;
}
