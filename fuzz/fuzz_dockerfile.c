/*
 * Fuzzes the Dockerfile parser and the stage model, and assesses the
 * final stage, so the section 4 checks see unusual instructions too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assess/assess.h"
#include "lint/dockerfile.h"
#include "lint/lint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const build_args[] = {"GID=1000"};
	struct dockerfile_options opts = {.build_args = build_args,
					  .n_build_args = 1};
	struct buf err = BUF_INIT;
	struct selection sel = {0};
	struct assessment *a = NULL;
	struct model *m;
	char *text;

	if (size && memchr(data, '\0', size))
		return 0; /* source_read rejects NUL bytes before parsing */
	text = malloc(size + 1);
	m = model_new();
	/* The rules lint runs; the others need an engine or a host. */
	if (text && m && lint_exclude_engine_rules(&sel) == 0) {
		memcpy(text, data, size);
		text[size] = '\0';
		if (dockerfile_load_text(m, "/fuzz/Dockerfile", text, &opts,
					 &err) == 0 &&
		    assess_model(m, &sel, &a) == 0)
			assessment_free(a);
	}
	model_free(m);
	free(sel.exclude);
	free(text);
	buf_clear(&err);
	return 0;
}
