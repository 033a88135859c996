/* Fuzzes the mount table parser (mountinfo and /proc/mounts layouts). */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "model/host_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = ARENA_INIT;
	struct mount_entry *m = NULL;
	size_t n = 0;

	if (mount_table_parse(&a, (const char *)data, size, &m, &n) == 0) {
		for (size_t i = 0; i < n; i++)
			assert(m[i].mount_point[0] == '/');
		(void)mount_table_find(m, n, "/var/lib/docker");
	}
	arena_clear(&a);
	return 0;
}
