#include "rules/stride_stats.h"

void stride_stats_add(struct stride_stats *s, const struct rule *r)
{
	unsigned w = severity_weight(r->severity);

	s->rules++;
	s->weight += w;
	if (r->stride >= STRIDE_COUNT)
		return;
	s->stride_rules[r->stride]++;
	s->stride_weight[r->stride] += w;
	if (r->stride == STRIDE_T || r->stride == STRIDE_D ||
	    r->stride == STRIDE_E) {
		s->tde_rules++;
		s->tde_weight += w;
	}
}

double stride_stats_percent(double part, double whole)
{
	return whole > 0 ? 100.0 * part / whole : 0.0;
}
