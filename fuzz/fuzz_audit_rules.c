/* Fuzzes the audit rule parser (rule files and auditctl -l output). */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "model/host_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = ARENA_INIT;
	struct audit_rule *r = NULL;
	size_t n = 0;

	if (audit_rules_parse(&a, (const char *)data, size, "fuzz.rules", &r,
			      &n) == 0) {
		for (size_t i = 0; i < n; i++)
			assert(r[i].path[0] == '/');
		(void)audit_rules_find(r, n, "/usr/bin/dockerd");
	}
	arena_clear(&a);
	return 0;
}
