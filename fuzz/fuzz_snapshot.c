/* Fuzzes the snapshot reader and the normalizers behind it. */
#include <stddef.h>
#include <stdint.h>

#include "assess/assess.h"
#include "model/snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf err = BUF_INIT;
	struct selection sel = {0};
	struct model *m = NULL;
	struct assessment *a = NULL;
	json_error_t jerr;
	json_t *doc = json_loadb((const char *)data, size,
				 JSON_REJECT_DUPLICATES, &jerr);

	if (doc && snapshot_to_model(doc, &m, &err) == 0 &&
	    assess_model(m, &sel, &a) == 0)
		assessment_free(a);
	model_free(m);
	json_decref(doc);
	buf_clear(&err);
	return 0;
}
