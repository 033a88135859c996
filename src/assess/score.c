#include "assess/assess.h"

double score_value(const struct score *s)
{
	if (!s->counted)
		return 100.0;
	return 100.0 * (double)s->passed / (double)s->counted;
}

double score_stride_value(const struct score *s, enum stride c, bool *counted)
{
	*counted = s->stride_counted[c] > 0;
	if (!*counted)
		return 0.0;
	return 100.0 * (double)s->stride_passed[c] /
	       (double)s->stride_counted[c];
}

double score_coverage(const struct score *s)
{
	uint64_t decided = s->counted;

	if (!s->applicable)
		return 100.0;
	/* Errors are counted in the score but are not a definite result. */
	decided -= s->errors;
	return 100.0 * (double)decided / (double)s->applicable;
}

char score_grade(const struct score *s, bool *capped)
{
	/* passed / counted >= t / 100  <=>  100 * passed >= t * counted */
	static const struct {
		unsigned threshold;
		char grade;
	} bands[] = {{90, 'A'}, {80, 'B'}, {70, 'C'}, {60, 'D'}};
	char grade = 'F';

	*capped = false;
	if (!s->counted) {
		grade = 'A';
	} else {
		for (size_t i = 0; i < sizeof(bands) / sizeof(bands[0]); i++) {
			if (100 * s->passed >= bands[i].threshold * s->counted) {
				grade = bands[i].grade;
				break;
			}
		}
	}
	if (s->critical_open && grade < 'D') {
		grade = 'D';
		*capped = true;
	}
	return grade;
}

void score_merge(struct score *into, const struct score *s)
{
	into->passed += s->passed;
	into->counted += s->counted;
	into->errors += s->errors;
	into->applicable += s->applicable;
	into->critical_open |= s->critical_open;
	for (int c = 0; c < STRIDE_COUNT; c++) {
		into->stride_passed[c] += s->stride_passed[c];
		into->stride_counted[c] += s->stride_counted[c];
	}
}
