/*
 * Fuzzes the waivers file parser and the matching that uses its globs:
 * the input is the whole file. A parsed list must contain only complete
 * waivers, and a rejected file must come with a message.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assess/waiver.h"
#include "util/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_waiver(const struct waiver *w)
{
	struct waiver_subject objects = {
	    .rule_id = w->rule->id,
	    .host = "fuzz-host",
	    .object_id = "sha256:0123456789abcdef0123456789abcdef",
	    .object_name = "web-1",
	};
	struct waiver_subject host = objects;

	assert(w->rule == rule_find(w->rule_id));
	assert(w->owner);
	assert(*w->owner);
	assert(w->reason);
	assert(*w->reason);
	assert(w->expires);
	assert(strlen(w->expires) == 10);
	assert(w->kind != WAIVER_MITIGATED || w->evidence);
	assert(w->loc.line > 0);
	host.host_level = true;
	/* A waiver covers objects or the host, never both. */
	if (waiver_covers(w, &objects))
		assert(!waiver_covers(w, &host));
	(void)waiver_expired(w, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* waiver_list_parse() needs the NUL after the text, as a file read
	 * with waiver_list_load() has it. */
	char *text = malloc(size + 1);
	struct waiver_list *l = NULL;
	struct buf err = BUF_INIT;
	int rc;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	rc = waiver_list_parse("fuzz.yaml", text, size, &l, &err);
	if (rc == 0) {
		assert(l->n_waivers <= WAIVERS_MAX);
		for (size_t i = 0; i < l->n_waivers; i++)
			check_waiver(&l->waivers[i]);
		waiver_list_free(l);
	} else {
		assert(l == NULL);
		assert(rc == SW_ENOMEM || err.len > 0);
	}
	buf_clear(&err);
	free(text);
	return 0;
}
