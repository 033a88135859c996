/*
 * End to end: lints tests/fixtures/lint/project and checks every status
 * that tests/fixtures/lint/project/expected.txt lists, with its line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/lint.h"
#include "util/strutil.h"

#define PROJECT FIXTURES "/lint/project"

static char *no_environ[] = {NULL};

struct linted {
	struct model *m;
	struct assessment *a;
	struct selection sel;
};

static int lint_project(void **state)
{
	struct linted *l = calloc(1, sizeof(*l));
	const char *paths[] = {PROJECT};
	struct lint_options opts = {.compose = {.environ = no_environ}};
	struct buf err = BUF_INIT;

	if (!l)
		return -1;
	l->m = model_new();
	if (!l->m || lint_exclude_engine_rules(&l->sel) ||
	    lint_paths(l->m, paths, 1, &opts, NULL, NULL, &err) ||
	    assess_model(l->m, &l->sel, &l->a)) {
		print_error("lint failed: %s\n", buf_str(&err));
		buf_clear(&err);
		return -1;
	}
	buf_clear(&err);
	*state = l;
	return 0;
}

static int lint_free(void **state)
{
	struct linted *l = *state;

	assessment_free(l->a);
	model_free(l->m);
	free(l->sel.exclude);
	free(l);
	return 0;
}

static const struct host_assessment *host_of(const struct linted *l,
					     const char *file)
{
	char name[512];

	snprintf(name, sizeof(name), "%s/%s", PROJECT, file);
	for (size_t i = 0; i < l->a->n_hosts; i++)
		if (str_eq(l->a->hosts[i].target->name, name))
			return &l->a->hosts[i];
	return NULL;
}

static const struct result *result_of(const struct host_assessment *h,
				      const char *object, const char *rule)
{
	for (size_t i = 0; i < h->n_results; i++) {
		const struct result *r = &h->results[i];
		bool kind_ok = str_eq(object, "-")
				   ? r->kind == OBJ_IMAGE
				   : r->kind == OBJ_CONTAINER &&
					 str_eq(r->object_name, object);

		if (kind_ok && str_eq(r->rule->id, rule))
			return r;
	}
	return NULL;
}

static bool status_in(enum status s, const char *alternatives)
{
	char copy[128];

	snprintf(copy, sizeof(copy), "%s", alternatives);
	for (char *save = NULL, *alt = strtok_r(copy, "|", &save); alt;
	     alt = strtok_r(NULL, "|", &save))
		if (str_eq(status_name(s), alt))
			return true;
	return false;
}

/* Checks one line of expected.txt; returns the number of mismatches. */
static int check_line(const struct linted *l, const char *file,
		      const char *object, const char *rule, const char *status,
		      const char *line, const char *evidence)
{
	const struct host_assessment *h = host_of(l, file);
	const struct result *r = h ? result_of(h, object, rule) : NULL;
	int bad = 0;

	if (!r) {
		print_error("%s %s %s: no result\n", file, object, rule);
		return 1;
	}
	if (!status_in(r->status, status)) {
		print_error("%s %s %s: status %s, expected %s (%s)\n", file,
			    object, rule, status_name(r->status), status,
			    r->evidence);
		bad++;
	}
	if (!str_eq(line, "-") && (unsigned)atoi(line) != r->loc.line) {
		print_error("%s %s %s: line %u, expected %s\n", file, object,
			    rule, r->loc.line, line);
		bad++;
	}
	if (evidence && evidence[0] == '~' &&
	    !strstr(r->evidence, evidence + 1)) {
		print_error("%s %s %s: evidence '%s' lacks '%s'\n", file,
			    object, rule, r->evidence, evidence + 1);
		bad++;
	}
	if (evidence && evidence[0] == '!' &&
	    strstr(r->evidence, evidence + 1)) {
		print_error("%s %s %s: evidence '%s' shows '%s'\n", file,
			    object, rule, r->evidence, evidence + 1);
		bad++;
	}
	return bad;
}

static void expected_statuses_hold(void **state)
{
	const struct linted *l = *state;
	FILE *f = fopen(PROJECT "/expected.txt", "re");
	char buf[512];
	int bad = 0, checked = 0;

	assert_non_null(f);
	while (fgets(buf, sizeof(buf), f)) {
		char file[128], object[64], rule[16], status[64], line[16];
		char evidence[128] = "";
		int n;

		if (buf[0] == '#' || buf[0] == '\n')
			continue;
		n = sscanf(buf, "%127s %63s %15s %63s %15s %127s", file, object,
			   rule, status, line, evidence);
		assert_true(n >= 5);
		bad += check_line(l, file, object, rule, status, line,
				  n == 6 ? evidence : NULL);
		checked++;
	}
	fclose(f);
	assert_int_equal(checked, 88);
	assert_int_equal(bad, 0);
}

/* Every (rule, object) pair of a file is decided or explained, on a line. */
static void every_result_has_a_line(void **state)
{
	const struct linted *l = *state;
	size_t objects = 0;

	/* One compose file and 25 Dockerfiles. */
	assert_int_equal(l->a->n_hosts, 26);
	for (size_t i = 0; i < l->a->n_hosts; i++) {
		const struct host_assessment *h = &l->a->hosts[i];

		for (size_t j = 0; j < h->n_results; j++) {
			const struct result *r = &h->results[j];

			if (r->kind != OBJ_CONTAINER && r->kind != OBJ_IMAGE)
				continue;
			objects++;
			if (r->status == ST_ERROR || !r->loc.path ||
			    !r->loc.line)
				print_error("%s %s %s: %s at %s:%u\n",
					    h->target->name, r->object_name,
					    r->rule->id, status_name(r->status),
					    r->loc.path ? r->loc.path : "-",
					    r->loc.line);
			assert_int_not_equal(r->status, ST_ERROR);
			assert_non_null(r->loc.path);
			assert_string_equal(r->loc.path, h->target->name);
			assert_true(r->loc.line > 0);
		}
	}
	/* 4 services x 31 rules and 25 stages x 11 rules. */
	assert_int_equal(objects, 4 * 31 + 25 * 11);
}

static void kinds_named_for_files(void **state)
{
	const struct linted *l = *state;
	const struct host_assessment *h = host_of(l, "compose.yaml");
	const struct host_assessment *d = host_of(l, "api/Dockerfile");

	assert_non_null(h);
	assert_non_null(d);
	assert_string_equal(result_of(h, "risky", "5.5")->kind_name, "service");
	assert_string_equal(result_of(d, "-", "4.1")->kind_name, "dockerfile");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(expected_statuses_hold),
	    cmocka_unit_test(every_result_has_a_line),
	    cmocka_unit_test(kinds_named_for_files),
	};

	return cmocka_run_group_tests(tests, lint_project, lint_free);
}
