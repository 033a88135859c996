/*
 * Measures the assessment rate: loads a snapshot once, then evaluates and
 * scores it repeatedly, and prints containers assessed per second of CPU
 * time. Parsing and reporting are left out; `scan --snapshot` timings in
 * RESULTS.md include them.
 *
 * usage: assess_rate SNAPSHOT [ROUNDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "assess/assess.h"
#include "model/snapshot.h"
#include "util/strutil.h"

static double cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct buf err = BUF_INIT;
	struct model *m = NULL;
	json_t *doc = NULL;
	unsigned rounds = 20;
	size_t containers = 0;
	double start, spent;

	if (argc < 2 || (argc > 2 && parse_uint(argv[2], 100000, &rounds))) {
		fprintf(stderr, "usage: assess_rate SNAPSHOT [ROUNDS]\n");
		return 2;
	}
	if (snapshot_read_file(argv[1], &doc, &err) ||
	    snapshot_to_model(doc, &m, &err)) {
		fprintf(stderr, "assess_rate: %s\n", buf_str(&err));
		return 2;
	}
	json_decref(doc);
	for (size_t i = 0; i < m->n_targets; i++)
		containers += m->targets[i].n_containers;

	start = cpu_seconds();
	for (unsigned r = 0; r < rounds; r++) {
		struct selection sel = {0};
		struct assessment *a = NULL;

		if (assess_model(m, &sel, &a)) {
			fprintf(stderr, "assess_rate: assessment failed\n");
			return 1;
		}
		assessment_free(a);
	}
	spent = cpu_seconds() - start;
	printf("%zu containers x %u rounds in %.3f s CPU: %.0f containers/s\n",
	       containers, rounds, spent,
	       spent > 0 ? (double)containers * rounds / spent : 0.0);
	model_free(m);
	buf_clear(&err);
	return 0;
}
