#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "testutil.h"
#include "util/error.h"
#include "util/strutil.h"
#include "watch_fixture.h"

struct fixture {
	char *dir;
	char path[256];
	struct store *store;
	struct assessment_record *before;
	struct assessment_record *after;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct buf err = BUF_INIT;

	if (!f)
		return -1;
	f->dir = fixture_tmpdir();
	f->before = fixture_record(WATCH_BEFORE);
	f->after = fixture_record(WATCH_AFTER);
	if (!f->dir || !f->before || !f->after)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/history.db", f->dir);
	if (store_open(f->path, false, &f->store, &err)) {
		print_error("%s\n", buf_str(&err));
		return -1;
	}
	buf_clear(&err);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	store_close(f->store);
	assessment_record_free(f->before);
	assessment_record_free(f->after);
	fixture_rmdir(f->dir);
	free(f);
	return 0;
}

static int64_t write_record(struct store *s, const struct assessment_record *r,
			    const char *generated_at, struct alert_change *c,
			    size_t n)
{
	static const char *const sinks[] = {"hook"};
	struct store_write w = {
	    .host = r->hosts[0].name,
	    .trigger = "test",
	    .duration_ms = 1.5,
	    .record = &r->hosts[0],
	    .generated_at = generated_at ? generated_at : r->generated_at,
	    .alerts = c,
	    .n_alerts = n,
	    .sinks = sinks,
	    .n_sinks = 1,
	};
	struct buf err = BUF_INIT;
	int64_t id = 0;

	if (store_write_assessment(s, &w, &id, &err))
		print_error("%s\n", buf_str(&err));
	buf_clear(&err);
	return id;
}

static void store_roundtrip_keeps_record(void **state)
{
	struct fixture *f = *state;
	const struct host_record *in = &f->before->hosts[0];
	struct assessment_record *back = NULL;
	struct buf err = BUF_INIT;
	int64_t id = write_record(f->store, f->before, NULL, NULL, 0);
	const struct host_record *out;

	assert_true(id > 0);
	assert_int_equal(store_read_assessment(f->store, id, &back, &err), 0);
	out = &back->hosts[0];
	assert_string_equal(out->name, in->name);
	assert_int_equal(out->score.weights.passed, in->score.weights.passed);
	assert_int_equal(out->score.weights.counted, in->score.weights.counted);
	assert_near(out->score.value, in->score.value, 1e-12);
	assert_int_equal(out->score.grade, in->score.grade);
	assert_int_equal(out->n_containers, in->n_containers);
	assert_int_equal(out->n_rules, in->n_rules);
	assert_int_equal(out->n_findings, in->n_findings);
	for (size_t i = 0; i < in->n_findings; i++) {
		assert_string_equal(out->findings[i].rule,
				    in->findings[i].rule);
		assert_int_equal(out->findings[i].status,
				 in->findings[i].status);
		assert_string_equal(out->findings[i].object_id,
				    in->findings[i].object_id);
		assert_string_equal(out->findings[i].evidence,
				    in->findings[i].evidence);
		assert_near(out->findings[i].cost, in->findings[i].cost, 1e-12);
	}
	for (size_t i = 0; i < in->n_containers; i++) {
		assert_string_equal(out->containers[i].id,
				    in->containers[i].id);
		assert_string_equal(out->containers[i].image_id,
				    in->containers[i].image_id);
		assert_int_equal(out->containers[i].score.weights.counted,
				 in->containers[i].score.weights.counted);
	}
	assessment_record_free(back);
	buf_clear(&err);
}

static void store_read_missing_is_not_found(void **state)
{
	struct fixture *f = *state;
	struct assessment_record *r = NULL;
	struct buf err = BUF_INIT;

	assert_int_equal(store_read_assessment(f->store, 4242, &r, &err),
			 SW_ENOTFOUND);
	assert_non_null(strstr(buf_str(&err), "4242"));
	assert_null(r);
	buf_clear(&err);
}

static int failing_build(void *data, const struct alert_change *c,
			 int64_t notification_id, int64_t assessment_id,
			 struct buf *out)
{
	(void)data;
	(void)c;
	(void)notification_id;
	(void)assessment_id;
	(void)out;
	return SW_EINVAL;
}

static void store_failed_write_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	const struct host_record *h = &f->before->hosts[0];
	struct alert_change open = {.kind = ALERT_OPENED,
				    .finding = &h->findings[0]};
	struct store_write w = {
	    .host = h->name,
	    .trigger = "test",
	    .record = h,
	    .generated_at = f->before->generated_at,
	    .alerts = &open,
	    .n_alerts = 1,
	    .build = failing_build,
	};
	struct assessment_summary *rows = NULL;
	struct arena a = ARENA_INIT;
	struct buf err = BUF_INIT;
	size_t n = 99;
	int64_t id = 0;

	assert_int_equal(store_write_assessment(f->store, &w, &id, &err),
			 SW_EINVAL);
	assert_int_equal(
	    store_list_assessments(f->store, NULL, 0, 0, &a, &rows, &n, &err),
	    0);
	assert_int_equal(n, 0);
	arena_clear(&a);
	buf_clear(&err);
}

static void store_alerts_open_then_resolve(void **state)
{
	struct fixture *f = *state;
	const struct host_record *h = &f->before->hosts[0];
	const struct finding *sock = fixture_finding(h, "5.32", "web");
	struct alert_change open = {.kind = ALERT_OPENED, .finding = sock};
	struct alert_change resolve = {
	    .kind = ALERT_RESOLVED, .finding = sock, .resolution = "removed"};
	struct open_alert *alerts = NULL;
	struct delivery *pending = NULL;
	struct arena a = ARENA_INIT;
	struct buf err = BUF_INIT;
	size_t n = 0;

	assert_non_null(sock);
	assert_true(write_record(f->store, f->before, NULL, &open, 1) > 0);
	assert_true(open.alert_id > 0);
	assert_int_equal(
	    store_list_open_alerts(f->store, h->name, &a, &alerts, &n, &err),
	    0);
	assert_int_equal(n, 1);
	assert_string_equal(alerts[0].rule, "5.32");
	assert_string_equal(alerts[0].object_name, "web");
	assert_int_equal(alerts[0].severity, SEV_CRITICAL);

	resolve.alert_id = open.alert_id;
	assert_true(write_record(f->store, f->after, NULL, &resolve, 1) > 0);
	assert_int_equal(
	    store_list_open_alerts(f->store, h->name, &a, &alerts, &n, &err),
	    0);
	assert_int_equal(n, 0);

	assert_int_equal(store_list_pending_deliveries(f->store, "hook", 0, &a,
						       &pending, &n, &err),
			 0);
	assert_int_equal(n, 2);
	assert_true(pending[0].notification_id < pending[1].notification_id);
	assert_int_equal(store_finish_delivery(f->store,
					       pending[0].notification_id,
					       "hook", true, 1, &err),
			 0);
	assert_int_equal(store_list_pending_deliveries(f->store, "hook", 0, &a,
						       &pending, &n, &err),
			 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_list_pending_deliveries(f->store, "other", 0, &a,
						       &pending, &n, &err),
			 0);
	assert_int_equal(n, 0);
	arena_clear(&a);
	buf_clear(&err);
}

static void store_lists_history_in_order(void **state)
{
	struct fixture *f = *state;
	struct assessment_summary *rows = NULL;
	struct arena a = ARENA_INIT;
	struct buf err = BUF_INIT;
	int64_t first = write_record(f->store, f->before, NULL, NULL, 0);
	int64_t second = write_record(f->store, f->after, NULL, NULL, 0);
	size_t n = 0;

	assert_int_equal(
	    store_list_assessments(f->store, "vm", 0, 0, &a, &rows, &n, &err),
	    0);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, first);
	assert_int_equal(rows[1].id, second);
	assert_int_equal(rows[0].containers, 3);
	assert_int_equal(rows[1].containers, 2);
	assert_true(rows[0].failing_by_severity[SEV_CRITICAL] >
		    rows[1].failing_by_severity[SEV_CRITICAL]);
	assert_near(rows[1].score.value, f->after->hosts[0].score.value, 1e-12);
	assert_int_equal(store_list_assessments(f->store, "vm", first, 0, &a,
						&rows, &n, &err),
			 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_list_assessments(f->store, "nobody", 0, 0, &a,
						&rows, &n, &err),
			 0);
	assert_int_equal(n, 0);
	arena_clear(&a);
	buf_clear(&err);
}

static void store_prune_keeps_newest(void **state)
{
	struct fixture *f = *state;
	struct assessment_summary *rows = NULL;
	struct arena a = ARENA_INIT;
	struct buf err = BUF_INIT;
	int64_t deleted = 0, newest;
	size_t n = 0;

	write_record(f->store, f->before, "2020-01-01T00:00:00Z", NULL, 0);
	write_record(f->store, f->before, "2020-01-02T00:00:00Z", NULL, 0);
	newest =
	    write_record(f->store, f->after, "2020-01-03T00:00:00Z", NULL, 0);
	assert_int_equal(store_prune(f->store, 1700000000, &deleted, &err), 0);
	assert_int_equal(deleted, 2);
	assert_int_equal(
	    store_list_assessments(f->store, NULL, 0, 0, &a, &rows, &n, &err),
	    0);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, newest);
	assert_int_equal(store_check(f->store, &err), 0);
	arena_clear(&a);
	buf_clear(&err);
}

static void store_rejects_newer_schema(void **state)
{
	struct fixture *f = *state;
	struct store *s = NULL;
	struct buf err = BUF_INIT;
	char path[300];
	sqlite3 *db = NULL;

	snprintf(path, sizeof(path), "%s/future.db", f->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, "PRAGMA user_version = 99;", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(path, false, &s, &err), SW_EINVAL);
	assert_non_null(strstr(buf_str(&err), "99"));
	assert_non_null(strstr(buf_str(&err), "upgrade"));
	buf_clear(&err);
}

static void store_reopens_at_current_schema(void **state)
{
	struct fixture *f = *state;
	struct store *ro = NULL;
	struct buf err = BUF_INIT;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;

	assert_true(write_record(f->store, f->before, NULL, NULL, 0) > 0);
	assert_int_equal(store_open(f->path, true, &ro, &err), 0);
	store_close(ro);
	assert_int_equal(
	    sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), STORE_SCHEMA_VERSION);
	sqlite3_finalize(st);
	assert_int_equal(
	    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(db);
	buf_clear(&err);
}

static void store_read_only_needs_a_store(void **state)
{
	struct fixture *f = *state;
	struct store *s = NULL;
	struct buf err = BUF_INIT;
	char path[300];

	snprintf(path, sizeof(path), "%s/missing.db", f->dir);
	assert_int_not_equal(store_open(path, true, &s, &err), 0);
	assert_non_null(strstr(buf_str(&err), path));
	buf_reset(&err);
	assert_int_equal(store_open("postgres://db/history", false, &s, &err),
			 SW_EINVAL);
	assert_non_null(strstr(buf_str(&err), "not supported"));
	buf_clear(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(store_roundtrip_keeps_record, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(store_read_missing_is_not_found,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(store_failed_write_leaves_nothing,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(store_alerts_open_then_resolve,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(store_lists_history_in_order, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(store_prune_keeps_newest, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(store_rejects_newer_schema, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(store_reopens_at_current_schema,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(store_read_only_needs_a_store,
					    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
