#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "assess/assess.h"
#include "testutil.h"

/* The worked check: W = 152 with 62 points passed scores 40.8 (F). */
static void score_worked_example(void **state)
{
	struct score s = {.passed = 62, .counted = 152, .applicable = 152};
	bool capped;

	(void)state;
	assert_near(score_value(&s), 40.789, 0.001);
	assert_int_equal(score_grade(&s, &capped), 'F');
	assert_false(capped);
	/* One critical finding (weight 8) costs 100 x 8 / 152 points. */
	assert_near(100.0 * severity_weight(SEV_CRITICAL) / 152.0, 5.263,
			   0.001);
}

static void grade_on_exact_fraction(void **state)
{
	/* 89.95 rounds to 90.0 for display but is still a B. */
	struct score s = {.passed = 8995, .counted = 10000};
	bool capped;

	(void)state;
	assert_int_equal(score_grade(&s, &capped), 'B');
	s.passed = 9000;
	assert_int_equal(score_grade(&s, &capped), 'A');
	s.passed = 7999;
	assert_int_equal(score_grade(&s, &capped), 'C');
	s.passed = 6000;
	assert_int_equal(score_grade(&s, &capped), 'D');
	s.passed = 5999;
	assert_int_equal(score_grade(&s, &capped), 'F');
}

static void critical_caps_grade_at_d(void **state)
{
	struct score s = {.passed = 95, .counted = 100, .critical_open = true};
	bool capped;

	(void)state;
	assert_int_equal(score_grade(&s, &capped), 'D');
	assert_true(capped);
	/* The number itself is unchanged by the cap. */
	assert_near(score_value(&s), 95.0, 1e-9);
	s.passed = 10;
	assert_int_equal(score_grade(&s, &capped), 'F');
	assert_false(capped);
}

static void coverage_leaves_out_errors(void **state)
{
	/* pass 8 + fail 4 + error 2 counted, manual 6: applicable 20. */
	struct score s = {
		.passed = 8, .counted = 14, .errors = 2, .applicable = 20};

	(void)state;
	assert_near(score_coverage(&s), 60.0, 1e-9);
}

static void stride_scores_average_to_total(void **state)
{
	struct score s = {0};
	double weighted = 0;

	(void)state;
	s.stride_passed[STRIDE_E] = 8;
	s.stride_counted[STRIDE_E] = 24;
	s.stride_passed[STRIDE_D] = 10;
	s.stride_counted[STRIDE_D] = 12;
	s.passed = 18;
	s.counted = 36;
	for (int c = 0; c < STRIDE_COUNT; c++) {
		bool counted;
		double v = score_stride_value(&s, (enum stride)c, &counted);

		if (counted)
			weighted += v * (double)s.stride_counted[c];
	}
	assert_near(weighted / (double)s.counted, score_value(&s), 1e-9);
}

static void stride_not_counted_is_na(void **state)
{
	struct score s = {.passed = 1, .counted = 1};
	bool counted = true;

	(void)state;
	score_stride_value(&s, STRIDE_S, &counted);
	assert_false(counted);
}

static void selection_matches_sections(void **state)
{
	const char *inc[] = {"5"};
	const char *exc[] = {"5.3"};
	struct selection sel = {.include = inc, .n_include = 1,
				.exclude = exc, .n_exclude = 1};

	(void)state;
	assert_true(selection_matches(&sel, rule_find("5.32")));
	assert_false(selection_matches(&sel, rule_find("5.3")));
	assert_false(selection_matches(&sel, rule_find("2.5")));
	inc[0] = "1.1";
	assert_true(selection_matches(&sel, rule_find("1.1.18")));
	assert_false(selection_matches(&sel, rule_find("1.2.1")));
}

static void selection_rejects_unknown(void **state)
{
	const char *inc[] = {"5.99"};
	struct selection sel = {.include = inc, .n_include = 1};
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_not_equal(selection_validate(&sel, &err), 0);
	assert_non_null(strstr(buf_str(&err), "'5.99'"));
	buf_clear(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(score_worked_example),
		cmocka_unit_test(grade_on_exact_fraction),
		cmocka_unit_test(critical_caps_grade_at_d),
		cmocka_unit_test(coverage_leaves_out_errors),
		cmocka_unit_test(stride_scores_average_to_total),
		cmocka_unit_test(stride_not_counted_is_na),
		cmocka_unit_test(selection_matches_sections),
		cmocka_unit_test(selection_rejects_unknown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
