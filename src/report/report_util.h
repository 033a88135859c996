/* Helpers shared by the reporters. */
#ifndef SW_REPORT_UTIL_H
#define SW_REPORT_UTIL_H

#include "assess/assess.h"

/* The number of rules listed under "fix these first". */
#define REPORT_FIX_FIRST_MAX 10

/*
 * Fills `out` with the failed rules of a host ordered by the points fixing
 * them gains (highest first, then benchmark order); returns the count.
 */
size_t report_fix_first(const struct host_assessment *h,
			const struct rule_rollup **out, size_t max);

/* Returns the number of waived results of a host. */
size_t report_waived_count(const struct host_assessment *h);

#endif
