#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "assess/diff.h"
#include "assess/waiver.h"
#include "model/snapshot.h"
#include "report/report.h"
#include "testutil.h"
#include "util/error.h"
#include "util/strutil.h"
#include "watch_fixture.h"

/* Writes the JSON report of a snapshot and reads it back as a record. */
static struct assessment_record *report_record(const char *snapshot)
{
	struct selection sel = {0};
	struct report_options opts = {.command = "scan"};
	struct buf err = BUF_INIT;
	struct model *m = NULL;
	struct assessment *a = NULL;
	struct assessment_record *r = NULL;
	json_t *doc = NULL;
	char path[] = "/tmp/sw-report-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!f || snapshot_read_file(snapshot, &doc, &err) ||
	    snapshot_to_model(doc, &m, &err) || assess_model(m, &sel, &a) ||
	    report_json(f, a, &opts))
		print_error("writing the report failed: %s\n", buf_str(&err));
	if (f)
		fclose(f);
	if (assessment_record_read_report(path, &r, &err))
		print_error("%s\n", buf_str(&err));
	unlink(path);
	assessment_free(a);
	model_free(m);
	json_decref(doc);
	buf_clear(&err);
	return r;
}

static const struct change *change_find(const struct host_diff *hd,
					const char *rule, const char *name)
{
	for (size_t i = 0; i < hd->n_changes; i++) {
		const struct change *c = &hd->changes[i];
		const struct finding *f = c->b ? c->b : c->a;

		if (str_eq(f->rule, rule) && str_eq(f->object_name, name))
			return c;
	}
	return NULL;
}

static int64_t changes_sum(const struct host_diff *hd)
{
	int64_t sum = 0;

	for (size_t i = 0; i < hd->n_changes; i++)
		sum += hd->changes[i].points;
	return sum;
}

/* 100 minus the sum of a record's costs, in hundredths. */
static int64_t score_from_costs(const struct host_record *h)
{
	int64_t lost = 0;

	for (size_t i = 0; i < h->n_findings; i++)
		lost += llround(h->findings[i].cost * 100);
	return 10000 - lost;
}

static void diff_accounts_exactly(void **state)
{
	struct assessment_record *a = fixture_record(WATCH_BEFORE);
	struct assessment_record *b = fixture_record(WATCH_AFTER);
	struct diff *d = NULL;
	const struct host_diff *hd;
	const struct change *sock;

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(diff_records(a, b, &d), 0);
	assert_int_equal(d->n_hosts, 1);
	hd = &d->hosts[0];
	/* The costs add up to 100 - score, so the changes to the delta. */
	assert_int_equal(hd->score_a, score_from_costs(&a->hosts[0]));
	assert_int_equal(hd->score_b, score_from_costs(&b->hosts[0]));
	assert_int_equal(hd->delta, hd->score_b - hd->score_a);
	assert_near((double)hd->delta / 100,
		    b->hosts[0].score.value - a->hosts[0].score.value, 0.01);
	assert_int_equal(changes_sum(hd), hd->delta);
	assert_int_equal(hd->residual, 0);

	/* The socket mount went with its container: it cost 100 w / W. */
	sock = change_find(hd, "5.32", "web");
	assert_non_null(sock);
	assert_int_equal(sock->kind, CHANGE_REMOVED);
	assert_true(llabs(sock->points -
			  llround(100.0 * 100 * 8 /
				  (double)a->hosts[0].score.weights.counted)) <=
		    1);
	assert_null(sock->b);
	diff_free(d);

	/* The reverse diff lists the same change as new, negated. */
	assert_int_equal(diff_records(b, a, &d), 0);
	hd = &d->hosts[0];
	sock = change_find(hd, "5.32", "web");
	assert_non_null(sock);
	assert_int_equal(sock->kind, CHANGE_NEW);
	assert_true(sock->points < 0);
	assert_int_equal(changes_sum(hd), hd->delta);
	diff_free(d);
	assessment_record_free(a);
	assessment_record_free(b);
}

static void diff_of_same_is_empty(void **state)
{
	struct assessment_record *a = fixture_record(WATCH_BEFORE);
	struct assessment_record *b = fixture_record(WATCH_BEFORE);
	struct diff *d = NULL;

	(void)state;
	assert_int_equal(diff_records(a, b, &d), 0);
	assert_int_equal(d->hosts[0].n_changes, 0);
	assert_int_equal(d->hosts[0].delta, 0);
	diff_free(d);
	assessment_record_free(a);
	assessment_record_free(b);
}

static void report_record_matches_live(void **state)
{
	struct assessment_record *live = fixture_record(WATCH_BEFORE);
	struct assessment_record *rep = report_record(WATCH_BEFORE);
	const struct host_record *l, *r;
	size_t failing_live = 0, failing_rep = 0;

	(void)state;
	assert_non_null(live);
	assert_non_null(rep);
	l = &live->hosts[0];
	r = &rep->hosts[0];
	assert_string_equal(r->name, l->name);
	assert_near(r->score.value, l->score.value, 0.05);
	assert_true(r->score.exact);
	assert_int_equal(r->score.weights.counted, l->score.weights.counted);
	assert_int_equal(r->n_containers, l->n_containers);
	for (size_t i = 0; i < l->n_findings; i++)
		failing_live += status_is_failing(l->findings[i].status);
	for (size_t i = 0; i < r->n_findings; i++) {
		const struct finding *f = &r->findings[i];
		const struct finding *g =
		    fixture_finding(l, f->rule, f->object_name);

		failing_rep += status_is_failing(f->status);
		if (!status_is_failing(f->status))
			continue;
		assert_non_null(g);
		assert_near(f->cost, g->cost, 1e-9);
		assert_int_equal(f->status, g->status);
	}
	assert_int_equal(failing_rep, failing_live);
	assessment_record_free(live);
	assessment_record_free(rep);
}

static void diff_of_reports_accounts_exactly(void **state)
{
	struct assessment_record *a = report_record(WATCH_BEFORE);
	struct assessment_record *b = report_record(WATCH_AFTER);
	struct diff *d = NULL;

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(diff_records(a, b, &d), 0);
	/* The reports carry the costs and weights: the sum is exact. */
	assert_int_equal(changes_sum(&d->hosts[0]), d->hosts[0].delta);
	assert_int_equal(d->hosts[0].residual, 0);
	assert_non_null(change_find(&d->hosts[0], "5.32", "web"));
	diff_free(d);
	assessment_record_free(a);
	assessment_record_free(b);
}

static void report_errors_name_the_key(void **state)
{
	struct assessment_record *r = NULL;
	struct buf err = BUF_INIT;
	json_t *doc = json_loads("{\"schema\": \"stridewatch.report/1\", "
				 "\"hosts\": [{\"name\": \"h\", \"score\": "
				 "{\"value\": \"high\"}}]}",
				 0, NULL);

	(void)state;
	assert_int_equal(assessment_record_from_report(doc, &r, &err),
			 SW_EINVAL);
	assert_non_null(strstr(buf_str(&err), "hosts[0].value"));
	json_decref(doc);
	buf_reset(&err);
	doc = json_loads("{\"schema\": \"stridewatch.snapshot/1\"}", 0, NULL);
	assert_int_equal(assessment_record_from_report(doc, &r, &err),
			 SW_EINVAL);
	assert_non_null(strstr(buf_str(&err), "not a stridewatch JSON report"));
	json_decref(doc);
	buf_clear(&err);
}

static void diff_writes_text_and_json(void **state)
{
	struct assessment_record *a = fixture_record(WATCH_BEFORE);
	struct assessment_record *b = fixture_record(WATCH_AFTER);
	struct diff *d = NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	json_t *doc;

	(void)state;
	assert_int_equal(diff_records(a, b, &d), 0);
	assert_int_equal(diff_write_text(f, d, "A", "B", false), 0);
	fclose(f);
	assert_non_null(strstr(text, "removed with its object"));
	assert_non_null(strstr(text, "accounted:"));
	assert_null(strchr(text, '\033'));
	free(text);
	f = open_memstream(&text, &len);
	assert_int_equal(diff_write_json(f, d, "A", "B"), 0);
	fclose(f);
	doc = json_loads(text, 0, NULL);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "schema")),
			    "stridewatch.diff/1");
	assert_int_equal(json_array_size(json_object_get(doc, "hosts")), 1);
	json_decref(doc);
	free(text);
	diff_free(d);
	assessment_record_free(a);
	assessment_record_free(b);
}

static const char waivers_text[] =
	"waivers:\n"
	"  - rule: \"5.32\"\n"
	"    object: web\n"
	"    kind: mitigated\n"
	"    owner: ops@example.com\n"
	"    reason: the socket is a read-only proxy\n"
	"    evidence: socket-proxy with GET only\n"
	"    expires: 2020-06-30\n";

/* Assesses the before fixture with the waivers above, as of `now`. */
static struct assessment_record *waived_record(time_t now,
					       struct waiver_list **list)
{
	struct selection sel = {.now = now};
	struct buf err = BUF_INIT;
	struct model *m = NULL;
	struct assessment *a = NULL;
	struct assessment_record *r = NULL;
	json_t *doc = NULL;

	if (waiver_list_parse("w.yaml", waivers_text, strlen(waivers_text),
			      list, &err) ||
	    snapshot_read_file(WATCH_BEFORE, &doc, &err) ||
	    snapshot_to_model(doc, &m, &err))
		print_error("%s\n", buf_str(&err));
	sel.waivers = *list;
	if (m && (assess_model(m, &sel, &a) ||
		  assessment_record_from_assessment(a, &r)))
		print_error("assessing with waivers failed\n");
	assessment_free(a);
	model_free(m);
	json_decref(doc);
	buf_clear(&err);
	return r;
}

static void diff_lists_waivers(void **state)
{
	struct waiver_list *list = NULL;
	/* 2020-06-01: in force; the record keeps a copy of the waiver. */
	struct assessment_record *waived = waived_record(1590969600, &list);
	struct assessment_record *plain = fixture_record(WATCH_BEFORE);
	const struct finding *f;
	const struct change *c;
	struct diff *d = NULL;

	(void)state;
	assert_non_null(waived);
	waiver_list_free(list);
	f = fixture_finding(&waived->hosts[0], "5.32", "web");
	assert_non_null(f);
	assert_int_equal(f->status, ST_WAIVED);
	assert_non_null(f->waiver);
	assert_string_equal(f->waiver->kind, "mitigated");
	assert_string_equal(f->waiver->owner, "ops@example.com");
	assert_true(waived->hosts[0].score.value > plain->hosts[0].score.value);

	assert_int_equal(diff_records(plain, waived, &d), 0);
	c = change_find(&d->hosts[0], "5.32", "web");
	assert_non_null(c);
	assert_int_equal(c->kind, CHANGE_WAIVER_STARTED);
	assert_true(c->points > 0);
	assert_int_equal(changes_sum(&d->hosts[0]), d->hosts[0].delta);
	diff_free(d);

	/* Against today's assessment the waiver of 2020 has expired. */
	assert_int_equal(diff_records(waived, plain, &d), 0);
	c = change_find(&d->hosts[0], "5.32", "web");
	assert_non_null(c);
	assert_int_equal(c->kind, CHANGE_WAIVER_ENDED);
	assert_true(c->expired);
	assert_true(c->points < 0);
	assert_int_equal(changes_sum(&d->hosts[0]), d->hosts[0].delta);
	diff_free(d);
	assessment_record_free(waived);
	assessment_record_free(plain);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(diff_accounts_exactly),
	    cmocka_unit_test(diff_of_same_is_empty),
	    cmocka_unit_test(report_record_matches_live),
	    cmocka_unit_test(diff_of_reports_accounts_exactly),
	    cmocka_unit_test(report_errors_name_the_key),
	    cmocka_unit_test(diff_writes_text_and_json),
	    cmocka_unit_test(diff_lists_waivers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
