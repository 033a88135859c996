#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/alert.h"
#include "util/strutil.h"
#include "watch_fixture.h"

/* Turns the changes opened by one comparison into the open alerts of the
 * next, as the store would. */
static struct open_alert *as_open(const struct alert_change *c, size_t n,
				  size_t *count)
{
	struct open_alert *open = calloc(n + 1, sizeof(*open));

	*count = 0;
	for (size_t i = 0; open && i < n; i++) {
		if (c[i].kind != ALERT_OPENED)
			continue;
		open[*count].id = (int64_t)*count + 1;
		open[*count].rule = c[i].finding->rule;
		open[*count].object_kind = c[i].finding->object_kind;
		open[*count].object_id = c[i].finding->object_id;
		open[*count].object_name = c[i].finding->object_name;
		open[*count].opened_at = "2026-01-01T00:00:00Z";
		open[*count].severity = c[i].finding->severity;
		(*count)++;
	}
	return open;
}

static size_t count_kind(const struct alert_change *c, size_t n,
			 enum alert_kind kind)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += c[i].kind == kind;
	return k;
}

static void alerts_open_once(void **state)
{
	struct assessment_record *r = fixture_record(WATCH_BEFORE);
	struct arena a = ARENA_INIT;
	struct alert_change *c = NULL;
	struct open_alert *open;
	size_t n = 0, n_open = 0;
	bool sock = false;

	(void)state;
	assert_non_null(r);
	assert_int_equal(
	    alerts_compare(NULL, 0, &r->hosts[0], SEV_HIGH, &a, &c, &n), 0);
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(c[i].kind, ALERT_OPENED);
		assert_true(c[i].finding->severity >= SEV_HIGH);
		assert_int_equal(c[i].finding->status, ST_FAIL);
		sock |= str_eq(c[i].finding->rule, "5.32") &&
			str_eq(c[i].finding->object_name, "web");
	}
	assert_true(sock);

	/* The same record again raises nothing. */
	open = as_open(c, n, &n_open);
	assert_int_equal(
	    alerts_compare(open, n_open, &r->hosts[0], SEV_HIGH, &a, &c, &n),
	    0);
	assert_int_equal(n, 0);
	free(open);
	arena_clear(&a);
	assessment_record_free(r);
}

static void alerts_resolve_removed_container(void **state)
{
	struct assessment_record *before = fixture_record(WATCH_BEFORE);
	struct assessment_record *after = fixture_record(WATCH_AFTER);
	struct arena a = ARENA_INIT;
	struct alert_change *c = NULL;
	struct open_alert *open;
	size_t n = 0, n_open = 0;
	const struct alert_change *sock = NULL;

	(void)state;
	assert_int_equal(
	    alerts_compare(NULL, 0, &before->hosts[0], SEV_HIGH, &a, &c, &n),
	    0);
	open = as_open(c, n, &n_open);
	assert_int_equal(alerts_compare(open, n_open, &after->hosts[0],
					SEV_HIGH, &a, &c, &n),
			 0);
	assert_int_equal(count_kind(c, n, ALERT_OPENED), 0);
	for (size_t i = 0; i < n; i++)
		if (str_eq(c[i].finding->rule, "5.32"))
			sock = &c[i];
	assert_non_null(sock);
	assert_int_equal(sock->kind, ALERT_RESOLVED);
	assert_string_equal(sock->resolution, "removed");
	assert_string_equal(sock->finding->object_name, "web");
	assert_true(sock->alert_id > 0);
	free(open);
	arena_clear(&a);
	assessment_record_free(before);
	assessment_record_free(after);
}

static void alerts_respect_min_severity(void **state)
{
	struct assessment_record *r = fixture_record(WATCH_BEFORE);
	struct arena a = ARENA_INIT;
	struct alert_change *c = NULL;
	size_t n_low = 0, n_critical = 0;

	(void)state;
	assert_int_equal(
	    alerts_compare(NULL, 0, &r->hosts[0], SEV_LOW, &a, &c, &n_low), 0);
	assert_int_equal(alerts_compare(NULL, 0, &r->hosts[0], SEV_CRITICAL, &a,
					&c, &n_critical),
			 0);
	assert_true(n_critical > 0);
	assert_true(n_low > n_critical);
	for (size_t i = 0; i < n_critical; i++)
		assert_int_equal(c[i].finding->severity, SEV_CRITICAL);
	arena_clear(&a);
	assessment_record_free(r);
}

static void alert_body_carries_ids(void **state)
{
	struct assessment_record *r = fixture_record(WATCH_BEFORE);
	const struct finding *f = fixture_finding(&r->hosts[0], "5.32", "web");
	struct alert_change c = {
	    .kind = ALERT_OPENED, .finding = f, .alert_id = 7};
	struct alert_context ctx = {NULL, &r->hosts[0], r->generated_at};
	struct buf body = BUF_INIT;
	json_t *doc;

	(void)state;
	assert_int_equal(alert_body_build(&ctx, &c, 12, 34, &body), 0);
	doc = json_loads(buf_str(&body), 0, NULL);
	assert_non_null(doc);
	assert_int_equal(json_integer_value(json_object_get(doc, "id")), 12);
	assert_int_equal(json_integer_value(json_object_get(doc, "alert_id")),
			 7);
	assert_int_equal(
	    json_integer_value(json_object_get(doc, "assessment_id")), 34);
	assert_string_equal(json_string_value(json_object_get(doc, "event")),
			    "opened");
	assert_string_equal(json_string_value(json_object_get(doc, "rule")),
			    "5.32");
	assert_string_equal(json_string_value(json_object_get(doc, "severity")),
			    "critical");
	assert_null(strchr(buf_str(&body), '\n'));
	json_decref(doc);
	buf_clear(&body);
	assessment_record_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(alerts_open_once),
	    cmocka_unit_test(alerts_resolve_removed_container),
	    cmocka_unit_test(alerts_respect_min_severity),
	    cmocka_unit_test(alert_body_carries_ids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
