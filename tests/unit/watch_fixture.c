#include "watch_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/snapshot.h"
#include "util/strutil.h"

struct assessment_record *fixture_record(const char *snapshot_path)
{
	struct selection sel = {0};
	struct buf err = BUF_INIT;
	struct model *m = NULL;
	struct assessment *a = NULL;
	struct assessment_record *r = NULL;
	json_t *doc = NULL;

	if (snapshot_read_file(snapshot_path, &doc, &err) ||
	    snapshot_to_model(doc, &m, &err))
		print_error("%s: %s\n", snapshot_path, buf_str(&err));
	else if (assess_model(m, &sel, &a) ||
		 assessment_record_from_assessment(a, &r))
		print_error("%s: assessment failed\n", snapshot_path);
	assessment_free(a);
	model_free(m);
	json_decref(doc);
	buf_clear(&err);
	return r;
}

const struct finding *fixture_finding(const struct host_record *h,
				      const char *rule, const char *name)
{
	for (size_t i = 0; i < h->n_findings; i++)
		if (str_eq(h->findings[i].rule, rule) &&
		    str_eq(h->findings[i].object_name, name))
			return &h->findings[i];
	return NULL;
}

char *fixture_tmpdir(void)
{
	char *dir = strdup("/tmp/sw-test-XXXXXX");

	if (!dir || !mkdtemp(dir)) {
		free(dir);
		return NULL;
	}
	return dir;
}

void fixture_rmdir(char *dir)
{
	char cmd[256];

	if (!dir)
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf -- '%s'", dir);
	if (system(cmd) != 0)
		print_error("could not remove %s\n", dir);
	free(dir);
}
