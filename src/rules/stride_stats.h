/*
 * The STRIDE distribution of a set of rules: how many rules, and how much
 * severity weight, have each category as their primary one.
 */
#ifndef SW_STRIDE_STATS_H
#define SW_STRIDE_STATS_H

#include <stddef.h>

#include "rules/rule.h"

struct stride_stats {
	size_t rules;
	unsigned weight; /* severity weights added up */
	size_t stride_rules[STRIDE_COUNT];
	unsigned stride_weight[STRIDE_COUNT];
	/* Rules whose primary category is tampering, denial of service or
	 * elevation of privilege. */
	size_t tde_rules;
	unsigned tde_weight;
};

#define STRIDE_STATS_INIT                                                      \
	{                                                                      \
		0                                                              \
	}

/* Adds one rule to the distribution. */
void stride_stats_add(struct stride_stats *s, const struct rule *r);

/* Returns 100 x part / whole, or 0 when `whole` is 0. */
double stride_stats_percent(double part, double whole);

#endif
