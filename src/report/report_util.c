#include "report/report_util.h"

#include <stdlib.h>

#include "assess/waiver.h"

static int by_gain(const void *pa, const void *pb)
{
	const struct rule_rollup *a = *(const struct rule_rollup *const *)pa;
	const struct rule_rollup *b = *(const struct rule_rollup *const *)pb;

	if (a->cost != b->cost)
		return a->cost < b->cost ? 1 : -1;
	return a->rule->order < b->rule->order ? -1 : 1;
}

size_t report_fix_first(const struct host_assessment *h,
			const struct rule_rollup **out, size_t max)
{
	const struct rule_rollup **all;
	size_t n = 0;

	all = calloc(h->n_rollup + 1, sizeof(*all));
	if (!all)
		return 0;
	for (size_t i = 0; i < h->n_rollup; i++)
		if (h->rollup[i].cost > 0)
			all[n++] = &h->rollup[i];
	qsort(all, n, sizeof(*all), by_gain);
	if (n > max)
		n = max;
	for (size_t i = 0; i < n; i++)
		out[i] = all[i];
	free(all);
	return n;
}

size_t report_waived_count(const struct host_assessment *h)
{
	size_t n = 0;

	for (size_t i = 0; i < h->n_results; i++)
		n += h->results[i].status == ST_WAIVED;
	return n;
}

