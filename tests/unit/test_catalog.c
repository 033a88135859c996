/*
 * The rule catalog: all 117 CIS Docker Benchmark v1.6.0 recommendations in
 * benchmark order, complete text, the object kinds per section, and the
 * STRIDE distribution that `stridewatch rules --stats` prints.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rules/rule.h"
#include "rules/stride_stats.h"
#include "util/strutil.h"

/* Compares two IDs such as "1.1.10" and "1.2.1" part by part. */
static int id_compare(const char *a, const char *b)
{
	while (*a && *b) {
		char *end_a, *end_b;
		long x = strtol(a, &end_a, 10), y = strtol(b, &end_b, 10);

		if (x != y)
			return x < y ? -1 : 1;
		a = *end_a == '.' ? end_a + 1 : end_a;
		b = *end_b == '.' ? end_b + 1 : end_b;
	}
	if (*a)
		return 1;
	if (*b)
		return -1;
	return 0;
}

static void catalog_has_117_rules(void **state)
{
	size_t n;

	(void)state;
	rules_all(&n);
	assert_int_equal(n, 117);
}

static void ids_unique_in_order(void **state)
{
	size_t n;
	const struct rule *all = rules_all(&n);

	(void)state;
	for (size_t i = 1; i < n; i++)
		if (id_compare(all[i - 1].id, all[i].id) >= 0)
			fail_msg("%s comes before %s", all[i - 1].id,
				 all[i].id);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(all[i].order, i);
		assert_ptr_equal(rule_find(all[i].id), &all[i]);
	}
	assert_null(rule_find("9.9"));
	assert_null(rule_find("5"));
}

static void section_sizes(void **state)
{
	static const size_t expected[] = {20, 18, 24, 12, 32, 2, 9};
	size_t n, counts[7] = {0};
	const struct rule *all = rules_all(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		int section = all[i].id[0] - '1';

		assert_true(section >= 0 && section < 7);
		counts[section]++;
	}
	for (int s = 0; s < 7; s++)
		assert_int_equal(counts[s], expected[s]);
}

static void text_complete(void **state)
{
	size_t n;
	const struct rule *all = rules_all(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		const struct rule *r = &all[i];
		const char *texts[] = {r->title, r->rationale, r->checks,
				       r->remediation};

		for (size_t j = 0; j < 4; j++) {
			if (!texts[j] || strlen(texts[j]) < 10 ||
			    str_icontains(texts[j], "TODO"))
				fail_msg("rule %s has text %zu '%s'", r->id, j,
					 texts[j] ? texts[j] : "(null)");
		}
		if (r->level != 1 && r->level != 2)
			fail_msg("rule %s has level %d", r->id, r->level);
	}
}

/* The object kind of each rule follows from its section. */
static void object_kinds(void **state)
{
	size_t n;
	const struct rule *all = rules_all(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		const struct rule *r = &all[i];
		enum object_kind want;

		switch (r->id[0]) {
		case '1':
		case '3':
			want = OBJ_HOST;
			break;
		case '2':
		case '6':
			want = OBJ_DAEMON;
			break;
		case '4':
			want = OBJ_IMAGE;
			break;
		case '5':
			want = OBJ_CONTAINER;
			break;
		default:
			want = OBJ_SWARM;
		}
		/* The exceptions: what /version, /info or a client holds. */
		if (str_eq(r->id, "1.2.2") || str_eq(r->id, "5.1"))
			want = OBJ_DAEMON;
		if (str_eq(r->id, "4.5"))
			want = OBJ_HOST;
		if (r->applies_to != want)
			fail_msg("rule %s applies to %s, expected %s", r->id,
				 object_kind_name(r->applies_to),
				 object_kind_name(want));
	}
}

static void weights_follow_severity(void **state)
{
	static const unsigned weights[] = {1, 2, 4, 8};
	size_t n;
	const struct rule *all = rules_all(&n);
	unsigned total = 0;

	(void)state;
	for (int s = SEV_LOW; s <= SEV_CRITICAL; s++)
		assert_int_equal(severity_weight((enum severity)s), weights[s]);
	for (size_t i = 0; i < n; i++)
		total += severity_weight(all[i].severity);
	assert_int_equal(total, 247);
	assert_int_equal(severity_weight(rule_find("5.5")->severity), 8);
	assert_int_equal(severity_weight(rule_find("2.7")->severity), 8);
	assert_int_equal(severity_weight(rule_find("1.1.3")->severity), 1);
}

/* The distribution the STRIDE catalog states for the shipped catalog. */
static void stride_distribution(void **state)
{
	struct stride_stats s = STRIDE_STATS_INIT;
	size_t n, rules = 0;
	const struct rule *all = rules_all(&n);
	char text[16];
	unsigned weight = 0;

	(void)state;
	for (size_t i = 0; i < n; i++)
		stride_stats_add(&s, &all[i]);
	assert_int_equal(s.rules, 117);
	assert_int_equal(s.weight, 247);
	assert_int_equal(s.tde_rules, 73);
	assert_int_equal(s.tde_weight, 165);
	snprintf(text, sizeof(text), "%.1f",
		 stride_stats_percent((double)s.tde_rules, (double)s.rules));
	assert_string_equal(text, "62.4");
	snprintf(text, sizeof(text), "%.1f",
		 stride_stats_percent((double)s.tde_weight, (double)s.weight));
	assert_string_equal(text, "66.8");
	for (int c = 0; c < STRIDE_COUNT; c++) {
		rules += s.stride_rules[c];
		weight += s.stride_weight[c];
	}
	assert_int_equal(rules, 117);
	assert_int_equal(weight, 247);
	assert_int_equal(s.stride_rules[STRIDE_T] + s.stride_rules[STRIDE_D] +
			     s.stride_rules[STRIDE_E],
			 73);
}

static void checks_attached(void **state)
{
	const struct rule_check *tables[] = {
	    section1_checks, section2_checks, section3_checks, section4_checks,
	    section5_checks, section6_checks, section7_checks,
	};
	size_t n;

	(void)state;
	for (size_t t = 0; t < 7; t++) {
		for (const struct rule_check *c = tables[t]; c->id; c++) {
			const struct rule *r = rule_find(c->id);

			if (!r)
				fail_msg("check for unknown rule %s", c->id);
			assert_ptr_equal(r->check, c->check);
			assert_int_equal(r->id[0], (char)('1' + t));
		}
	}
	/* Every rule of sections 2, 6 and 7 has a check of its own. */
	rules_all(&n);
	for (size_t i = 0; i < n; i++) {
		const struct rule *r = &rules_all(&n)[i];

		if (strchr("267", r->id[0]) && !r->check)
			fail_msg("rule %s has no check", r->id);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(catalog_has_117_rules),
	    cmocka_unit_test(ids_unique_in_order),
	    cmocka_unit_test(section_sizes),
	    cmocka_unit_test(text_complete),
	    cmocka_unit_test(object_kinds),
	    cmocka_unit_test(weights_follow_severity),
	    cmocka_unit_test(stride_distribution),
	    cmocka_unit_test(checks_attached),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
