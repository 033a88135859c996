/* Helpers shared by the reporters. */
#ifndef SW_REPORT_UTIL_H
#define SW_REPORT_UTIL_H

#include <jansson.h>

#include "assess/assess.h"

/* The number of rules listed under "fix these first". */
#define REPORT_FIX_FIRST_MAX 10

/*
 * Fills `out` with the failed rules of a host ordered by the points fixing
 * them gains (highest first, then benchmark order); returns the count.
 */
size_t report_fix_first(const struct host_assessment *h,
			const struct rule_rollup **out, size_t max);

/* The score object of the JSON report: value, grade, coverage, stride. */
json_t *report_score_json(const struct score *s);

/*
 * The score object of `s` with the score object of its compliance twin
 * under the key "compliance".
 */
json_t *report_scores_json(const struct score *s,
			   const struct score *compliance);

/* The "waiver" object of a waived result; NULL for other results. */
json_t *report_waiver_json(const struct result *res);

/* Returns the number of waived results of a host. */
size_t report_waived_count(const struct host_assessment *h);

#endif
