/*
 * Fuzzes the compose loader (YAML, merge keys, interpolation, services)
 * and then assesses what it loaded, so the section 5 checks also see
 * compose-origin containers with unusual values.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assess/assess.h"
#include "lint/compose.h"
#include "lint/lint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A fixed environment and no .env, so a run depends on its input. */
	static char *env[] = {"SET=value", "EMPTY=", "HOME=/home/fuzz", NULL};
	struct compose_options opts = {.environ = env, .env_file = "/dev/null"};
	struct strlist includes = {0};
	struct buf err = BUF_INIT;
	struct selection sel = {0};
	struct assessment *a = NULL;
	struct model *m;

	if (size && memchr(data, '\0', size))
		return 0; /* source_read rejects NUL bytes before parsing */
	m = model_new();
	/* The rules lint runs; the others need an engine or a host. */
	if (m && lint_exclude_engine_rules(&sel) == 0 &&
	    compose_load_text(m, "/fuzz/compose.yaml", (const char *)data, size,
			      &opts, &includes, &err) == 0 &&
	    assess_model(m, &sel, &a) == 0)
		assessment_free(a);
	model_free(m);
	free(sel.exclude);
	buf_clear(&err);
	return 0;
}
