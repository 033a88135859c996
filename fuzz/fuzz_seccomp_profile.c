/*
 * Fuzzes the seccomp profile reader, which walks the members of a JSON
 * object in document order, and checks what it returns.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules/section5.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct seccomp_profile p;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (seccomp_profile_read(text, &p) == 0) {
		assert(p.blocking_rules <= p.rules);
		assert(p.default_action_set || !p.default_action.len);
	}
	seccomp_profile_clear(&p);
	free(text);
	return 0;
}
