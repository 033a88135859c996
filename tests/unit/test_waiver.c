#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assess/waiver.h"
#include "model/snapshot.h"
#include "testutil.h"
#include "util/error.h"

/* small.json: four containers of a private engine, captured with curl by
 * tests/fixtures/snapshots/capture-small.py. */
#define SMALL FIXTURES "/snapshots/small.json"
/* Waivers for small.json; tests/fixtures/waivers/README.md lists them. */
#define SMALL_WAIVERS FIXTURES "/waivers/small.yaml"

/* Returns the time_t of a UTC date and time, computed by the C library. */
static time_t utc(int year, int month, int day, int hour, int minute,
		  int second)
{
	struct tm tm = {
	    .tm_year = year - 1900,
	    .tm_mon = month - 1,
	    .tm_mday = day,
	    .tm_hour = hour,
	    .tm_min = minute,
	    .tm_sec = second,
	};

	return timegm(&tm);
}

static struct model *load_model(void)
{
	struct buf err = BUF_INIT;
	struct model *m = NULL;
	json_t *doc = NULL;

	if (snapshot_read_file(SMALL, &doc, &err) ||
	    snapshot_to_model(doc, &m, &err))
		print_error("%s\n", buf_str(&err));
	json_decref(doc);
	buf_clear(&err);
	return m;
}

static struct waiver_list *parse(const char *text, struct buf *err)
{
	struct waiver_list *l = NULL;

	if (waiver_list_parse("w.yaml", text, strlen(text), &l, err) != 0)
		return NULL;
	return l;
}

static void parse_reads_every_key(void **state)
{
	struct waiver_list *l = NULL;
	struct buf err = BUF_INIT;
	const struct waiver *w;

	(void)state;
	assert_int_equal(waiver_list_load(SMALL_WAIVERS, &l, &err), 0);
	assert_int_equal(l->n_waivers, 4);

	w = &l->waivers[0];
	assert_string_equal(w->rule_id, "5.5");
	assert_ptr_equal(w->rule, rule_find("5.5"));
	assert_string_equal(w->object, "p1");
	assert_null(w->host);
	assert_int_equal(w->kind, WAIVER_ACCEPTED);
	assert_string_equal(w->owner, "platform-team");
	assert_string_equal(w->reason,
			    "the legacy agent in p1 needs raw device access");
	assert_null(w->evidence);
	assert_string_equal(w->expires, "2030-06-15");
	assert_int_equal(w->expires_day, utc(2030, 6, 15, 0, 0, 0) / 86400);
	assert_int_equal(w->loc.line, 4);

	w = &l->waivers[1];
	assert_null(w->object); /* "object: host" */
	assert_string_equal(w->host, "fixture-*");
	assert_int_equal(w->kind, WAIVER_MITIGATED);
	assert_string_equal(
	    w->evidence,
	    "firewall rule FW-114 drops traffic between bridge ports");
	assert_int_equal(w->expires_day, utc(2030, 12, 31, 0, 0, 0) / 86400);
	assert_int_equal(w->loc.line, 10);
	waiver_list_free(l);
	buf_clear(&err);
}

static void parse_accepts_empty_list(void **state)
{
	struct buf err = BUF_INIT;
	struct waiver_list *l = parse("waivers: []\n", &err);
	struct waiver_list *none = parse("waivers:\n", &err);

	(void)state;
	assert_non_null(l);
	assert_int_equal(l->n_waivers, 0);
	assert_non_null(none);
	assert_int_equal(none->n_waivers, 0);
	waiver_list_free(l);
	waiver_list_free(none);
	buf_clear(&err);
}

static void parse_accepts_leap_day(void **state)
{
	struct buf err = BUF_INIT;
	struct waiver_list *l =
	    parse("waivers:\n- {rule: '2.2', kind: accepted, owner: o, "
		  "reason: r, expires: 2028-02-29}\n",
		  &err);

	(void)state;
	assert_non_null(l);
	assert_int_equal(l->waivers[0].expires_day,
			 utc(2028, 2, 29, 0, 0, 0) / 86400);
	waiver_list_free(l);
	buf_clear(&err);
}

static void parse_merges_anchored_defaults(void **state)
{
	struct buf err = BUF_INIT;
	struct waiver_list *l =
	    parse("x-team: &team\n  owner: platform-team\n  kind: accepted\n"
		  "  expires: 2030-03-31\n"
		  "waivers:\n"
		  "  - <<: *team\n    rule: '5.5'\n    object: p1\n"
		  "    reason: r1\n"
		  "  - <<: *team\n    rule: '5.16'\n    object: t2\n"
		  "    reason: r2\n    expires: 2029-12-31\n",
		  &err);
	struct waiver_list *typo = parse(
	    "x-team: &team {owner: o, kind: accepted, expiry: 2030-03-31}\n"
	    "waivers:\n  - <<: *team\n    rule: '5.5'\n    object: p1\n"
	    "    reason: r\n",
	    &err);

	(void)state;
	assert_non_null(l);
	assert_int_equal(l->n_waivers, 2);
	assert_string_equal(l->waivers[0].owner, "platform-team");
	assert_string_equal(l->waivers[0].expires, "2030-03-31");
	/* The waiver's own key wins over the merged one. */
	assert_string_equal(l->waivers[1].expires, "2029-12-31");
	/* A misspelt key in the anchor is rejected where it is written. */
	assert_null(typo);
	assert_non_null(strstr(buf_str(&err), "w.yaml:1:42:"));
	assert_non_null(strstr(buf_str(&err), "unknown key 'expiry'"));
	waiver_list_free(l);
	buf_clear(&err);
}

/* A valid waiver body with one key changed, for the invalid cases. */
#define W(...)                                                                 \
	"waivers:\n  - rule: \"5.5\"\n    object: p1\n    owner: o\n"          \
	"    reason: r\n" __VA_ARGS__
/* The kind line that most cases add first, as line 6. */
#define K "    kind: accepted\n"

static const struct invalid_case {
	const char *name;
	const char *text;
	int rc;
	const char *messages[4]; /* each must occur in the message */
} invalid_cases[] = {
    {"syntax error", "waivers: [\n", SW_EINVAL, {"w.yaml:"}},
    {"empty file", "", SW_EINVAL, {"w.yaml:1:1:", "'waivers:'"}},
    {"list at the top",
     "- rule: 5.5\n",
     SW_EINVAL,
     {"w.yaml:1:", "not a list"}},
    {"unknown top-level key",
     "waiver:\n  - rule: 5.5\n",
     SW_EINVAL,
     {"w.yaml:1:1:", "unknown key 'waiver'", "'x-' for anchors"}},
    {"waivers not a list",
     "waivers: {rule: 5.5}\n",
     SW_EINVAL,
     {"w.yaml:1:", "'waivers' must be a list", "- rule: ID"}},
    {"entry not a mapping",
     "waivers:\n  - 5.5\n",
     SW_EINVAL,
     {"w.yaml:2:5:", "waiver 1:", "must be a mapping"}},
    {"misspelt expiry",
     W(K "    expiry: 2030-01-01\n"),
     SW_EINVAL,
     {"w.yaml:7:5:", "unknown key 'expiry'", "did you mean 'expires'?",
      "rule, object, host"}},
    {"duplicate key",
     W(K "    expires: 2030-01-01\n    expires: 2031-01-01\n"),
     SW_EINVAL,
     {"w.yaml:8:5:", "duplicate key"}},
    {"missing expires",
     W(K),
     SW_EINVAL,
     {"w.yaml:2:5:", "missing key 'expires'", "YYYY-MM-DD", "without expiry"}},
    {"missing rule",
     "waivers:\n  - kind: accepted\n    owner: o\n    reason: r\n"
     "    expires: 2030-01-01\n",
     SW_EINVAL,
     {"w.yaml:2:5:", "missing key 'rule'"}},
    {"missing reason",
     "waivers:\n  - rule: '2.2'\n    kind: accepted\n    owner: o\n"
     "    expires: 2030-01-01\n",
     SW_EINVAL,
     {"missing key 'reason'", "why the exception"}},
    {"missing owner",
     "waivers:\n  - rule: '2.2'\n    kind: accepted\n    reason: r\n"
     "    expires: 2030-01-01\n",
     SW_EINVAL,
     {"missing key 'owner'"}},
    {"missing kind",
     "waivers:\n  - rule: '2.2'\n    owner: o\n    reason: r\n"
     "    expires: 2030-01-01\n",
     SW_EINVAL,
     {"missing key 'kind'", "kind: mitigated", "kind: accepted"}},
    {"unknown rule",
     "waivers:\n  - rule: 9.9\n    kind: accepted\n    owner: o\n"
     "    reason: r\n    expires: 2030-01-01\n",
     SW_EINVAL,
     {"w.yaml:2:11:", "invalid rule '9.9'", "stridewatch rules"}},
    {"invalid kind",
     W("    expires: 2030-01-01\n    kind: ignored\n"),
     SW_EINVAL,
     {"w.yaml:7:11:", "invalid kind 'ignored'", "'mitigated'", "'accepted'"}},
    {"month 13",
     W(K "    expires: 2030-13-01\n"),
     SW_EINVAL,
     {"w.yaml:7:14:", "invalid expires '2030-13-01'", "between 01 and 12"}},
    {"no leap day",
     W(K "    expires: 2027-02-29\n"),
     SW_EINVAL,
     {"invalid expires '2027-02-29'", "that month has 28 days"}},
    {"day 31 of april",
     W(K "    expires: 2030-04-31\n"),
     SW_EINVAL,
     {"invalid expires '2030-04-31'", "that month has 30 days"}},
    {"two-digit year",
     W(K "    expires: 30-01-01\n"),
     SW_EINVAL,
     {"invalid expires '30-01-01'", "YYYY-MM-DD"}},
    {"slashes in date",
     W(K "    expires: 2030/01/01\n"),
     SW_EINVAL,
     {"invalid expires '2030/01/01'", "YYYY-MM-DD"}},
    {"empty reason",
     "waivers:\n  - rule: '2.2'\n    kind: accepted\n    owner: o\n"
     "    reason:\n    expires: 2030-01-01\n",
     SW_EINVAL,
     {"reason has no value"}},
    {"reason as a list",
     "waivers:\n  - rule: '2.2'\n    kind: accepted\n    owner: o\n"
     "    reason: [a, b]\n    expires: 2030-01-01\n",
     SW_EINVAL,
     {"w.yaml:5:14:", "reason must be a string, not a list"}},
    {"mitigated without evidence",
     "waivers:\n  - rule: '2.2'\n    kind: mitigated\n    owner: o\n"
     "    reason: r\n    expires: 2030-01-01\n",
     SW_EINVAL,
     {"w.yaml:2:5:", "missing key 'evidence'", "compensating control"}},
    {"object on a daemon rule",
     "waivers:\n  - rule: '2.2'\n    object: web\n    kind: accepted\n"
     "    owner: o\n    reason: r\n    expires: 2030-01-01\n",
     SW_EINVAL,
     {"w.yaml:3:13:", "rule 2.2 applies to the daemon", "'host:'"}},
    {"no object on a container rule",
     "waivers:\n  - rule: '5.5'\n    kind: accepted\n    owner: o\n"
     "    reason: r\n    expires: 2030-01-01\n",
     SW_EINVAL,
     {"w.yaml:2:5:", "rule 5.5 applies to each container", "'*' for all"}},
    {"host object on a container rule",
     "waivers:\n  - rule: '5.5'\n    object: host\n    kind: accepted\n"
     "    owner: o\n    reason: r\n    expires: 2030-01-01\n",
     SW_EINVAL,
     {"w.yaml:3:13:", "rule 5.5 applies to each container"}},
    {"invalid UTF-8",
     "waivers:\n  - rule: '2.2'\n    owner: \xff\n",
     SW_EINVAL,
     {"w.yaml:3:12:", "invalid UTF-8"}},
};

static void parse_rejects_invalid_files(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(invalid_cases) / sizeof(*invalid_cases);
	     i++) {
		const struct invalid_case *c = &invalid_cases[i];
		struct waiver_list *l = NULL;
		struct buf err = BUF_INIT;
		int rc = waiver_list_parse("w.yaml", c->text, strlen(c->text),
					   &l, &err);

		if (rc != c->rc)
			print_error("case '%s': rc %d, expected %d: %s\n",
				    c->name, rc, c->rc, buf_str(&err));
		assert_int_equal(rc, c->rc);
		assert_null(l);
		for (size_t k = 0; k < 4 && c->messages[k]; k++) {
			if (!strstr(buf_str(&err), c->messages[k]))
				print_error("case '%s': '%s' is not in: %s\n",
					    c->name, c->messages[k],
					    buf_str(&err));
			assert_non_null(strstr(buf_str(&err), c->messages[k]));
		}
		buf_clear(&err);
	}
}

static void parse_rejects_long_value(void **state)
{
	struct buf text = BUF_INIT, err = BUF_INIT;
	struct waiver_list *l = NULL;

	(void)state;
	buf_puts(&text, "waivers:\n- rule: '2.2'\n  kind: accepted\n"
			"  owner: o\n  expires: 2030-01-01\n  reason: ");
	for (int i = 0; i <= WAIVER_VALUE_MAX; i++)
		buf_putc(&text, 'x');
	buf_putc(&text, '\n');
	assert_int_equal(
	    waiver_list_parse("w.yaml", text.data, text.len, &l, &err),
	    SW_ELIMIT);
	assert_non_null(strstr(buf_str(&err), "w.yaml:6:11:"));
	assert_non_null(strstr(buf_str(&err), "reason is longer than 1024"));
	buf_clear(&text);
	buf_clear(&err);
}

static void parse_rejects_too_many_waivers(void **state)
{
	struct buf text = BUF_INIT, err = BUF_INIT;
	struct waiver_list *l = NULL;

	(void)state;
	buf_puts(&text, "waivers:\n");
	for (int i = 0; i <= WAIVERS_MAX; i++)
		buf_puts(&text, "- {rule: '2.2', kind: accepted, owner: o, "
				"reason: r, expires: 2030-01-01}\n");
	assert_true(text.len <= WAIVER_FILE_MAX);
	assert_int_equal(
	    waiver_list_parse("w.yaml", text.data, text.len, &l, &err),
	    SW_ELIMIT);
	assert_non_null(strstr(buf_str(&err), "10001 waivers"));
	assert_non_null(strstr(buf_str(&err), "maximum of 10000"));
	buf_clear(&text);
	buf_clear(&err);
}

static void parse_rejects_large_file(void **state)
{
	size_t len = WAIVER_FILE_MAX + 1;
	char *text = malloc(len);
	struct waiver_list *l = NULL;
	struct buf err = BUF_INIT;

	(void)state;
	assert_non_null(text);
	memset(text, '#', len);
	assert_int_equal(waiver_list_parse("w.yaml", text, len, &l, &err),
			 SW_ELIMIT);
	assert_non_null(strstr(buf_str(&err), "larger than 1024 KiB"));
	free(text);
	buf_clear(&err);
}

static void load_names_missing_file(void **state)
{
	struct waiver_list *l = NULL;
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_equal(waiver_list_load("/nonexistent/w.yaml", &l, &err),
			 SW_EIO);
	assert_non_null(strstr(buf_str(&err), "/nonexistent/w.yaml"));
	assert_non_null(strstr(buf_str(&err), "No such file"));
	buf_clear(&err);
}

static void glob_matches_like_fnmatch(void **state)
{
	(void)state;
	assert_true(waiver_glob_match("web-*", "web-1"));
	assert_true(waiver_glob_match("web-?", "web-1"));
	assert_true(waiver_glob_match("web-[0-9]", "web-7"));
	assert_true(waiver_glob_match("*", "anything"));
	assert_true(waiver_glob_match("a\\*b", "a*b"));
	assert_false(waiver_glob_match("a\\*b", "axb"));
	assert_false(waiver_glob_match("web-*", "api-1"));
	assert_false(waiver_glob_match("web", "web-1")); /* whole name */
	assert_false(waiver_glob_match("Web-*", "web-1"));
	assert_false(waiver_glob_match("web-*", NULL));
}

static void covers_names_ids_and_hosts(void **state)
{
	struct buf err = BUF_INIT;
	struct waiver_list *l = NULL;
	const char *id =
	    "852dd83a88715aec4efd1e2a39b8f61d2c0d266c114421d1945e99e4e7197536";
	struct waiver_subject s = {.rule_id = "5.5",
				   .host = "web-host",
				   .object_id = id,
				   .object_name = "p1"};

	(void)state;
	assert_int_equal(waiver_list_load(SMALL_WAIVERS, &l, &err), 0);

	/* 5.5 on p1, any host */
	assert_true(waiver_covers(&l->waivers[0], &s));
	s.object_name = "p2";
	assert_false(waiver_covers(&l->waivers[0], &s));
	s.rule_id = "5.4";
	s.object_name = "p1";
	assert_false(waiver_covers(&l->waivers[0], &s));
	s.rule_id = "5.5";
	s.host_level = true;
	assert_false(waiver_covers(&l->waivers[0], &s));

	/* 2.2 on the host, hosts fixture-* only */
	s.rule_id = "2.2";
	s.host = "fixture-host";
	assert_true(waiver_covers(&l->waivers[1], &s));
	s.host = "other-host";
	assert_false(waiver_covers(&l->waivers[1], &s));
	s.host = "fixture-host";
	s.host_level = false;
	assert_false(waiver_covers(&l->waivers[1], &s));

	/* 4.1 by an image ID prefix of 12 hex digits, with "sha256:" */
	s.rule_id = "4.1";
	s.object_name = "bb:1";
	s.object_id = "sha256:ce05719e8879c4765f961ff5f05c96b74e4f9bfe860eadd9"
		      "bb076fd93997e00d";
	assert_true(waiver_covers(&l->waivers[2], &s));
	s.object_id = "ce05719e8879c4765f961ff5f05c96b74e4f9bfe860eadd9bb076f";
	assert_true(waiver_covers(&l->waivers[2], &s));
	s.object_id = "sha256:ce05719e8870";
	assert_false(waiver_covers(&l->waivers[2], &s));
	waiver_list_free(l);
	buf_clear(&err);
}

static void short_id_prefix_does_not_match(void **state)
{
	struct buf err = BUF_INIT;
	struct waiver_list *l =
	    parse("waivers:\n- {rule: '5.5', object: 852dd83a887, "
		  "kind: accepted, owner: o, reason: r, "
		  "expires: 2030-01-01}\n",
		  &err);
	struct waiver_subject s = {
	    .rule_id = "5.5",
	    .host = "h",
	    .object_id = "852dd83a88715aec4efd1e2a39b8f61d2c0d266c114421d1",
	    .object_name = "p1"};

	(void)state;
	assert_non_null(l);
	/* Eleven hex digits could be any name; Docker's short ID has 12. */
	assert_false(waiver_covers(&l->waivers[0], &s));
	waiver_list_free(l);
	buf_clear(&err);
}

static void day_is_utc_and_floored(void **state)
{
	(void)state;
	assert_int_equal(waiver_day(0), 0);
	assert_int_equal(waiver_day(86399), 0);
	assert_int_equal(waiver_day(86400), 1);
	assert_int_equal(waiver_day(-1), -1);
	assert_int_equal(waiver_day(utc(2030, 6, 15, 12, 0, 0)),
			 utc(2030, 6, 15, 0, 0, 0) / 86400);
}

/* Assesses small.json with the waivers of `l` on the given day. */
static struct assessment *assess_with(const struct model *m,
				      const struct waiver_list *l, time_t now)
{
	struct selection sel = {.waivers = l, .now = now};
	struct assessment *a = NULL;

	assert_int_equal(assess_model(m, &sel, &a), 0);
	return a;
}

static const struct result *find_result(const struct host_assessment *h,
					const char *rule, const char *object)
{
	for (size_t i = 0; i < h->n_results; i++)
		if (strcmp(h->results[i].rule->id, rule) == 0 &&
		    strcmp(h->results[i].object_name, object) == 0)
			return &h->results[i];
	return NULL;
}

static const struct container_assessment *
find_container(const struct host_assessment *h, const char *name)
{
	for (size_t i = 0; i < h->n_containers; i++)
		if (strcmp(h->containers[i].container->name, name) == 0)
			return &h->containers[i];
	return NULL;
}

static void expiry_day_still_applies(void **state)
{
	struct model *m = load_model();
	struct waiver_list *l = NULL;
	struct buf err = BUF_INIT;
	struct assessment *last_second, *next_day;
	const struct result *res;

	(void)state;
	assert_non_null(m);
	assert_int_equal(waiver_list_load(SMALL_WAIVERS, &l, &err), 0);

	/* 5.5 on p1 expires on 2030-06-15: in force through its last second */
	last_second = assess_with(m, l, utc(2030, 6, 15, 23, 59, 59));
	res = find_result(&last_second->hosts[0], "5.5", "p1");
	assert_non_null(res);
	assert_int_equal(res->status, ST_WAIVED);
	assert_ptr_equal(res->waiver, &l->waivers[0]);
	assert_int_equal(res->waived_status, ST_FAIL);
	assert_null(res->note);
	assert_true(last_second->waiver_uses[0].in_force);
	assert_int_equal(last_second->waiver_uses[0].applied, 1);

	next_day = assess_with(m, l, utc(2030, 6, 16, 0, 0, 0));
	res = find_result(&next_day->hosts[0], "5.5", "p1");
	assert_non_null(res);
	assert_int_equal(res->status, ST_FAIL);
	assert_null(res->waiver);
	assert_non_null(res->note);
	assert_string_equal(res->note,
			    "waiver expired on 2030-06-15 (platform-team)");
	assert_false(next_day->waiver_uses[0].in_force);
	assert_int_equal(next_day->waiver_uses[0].applied, 0);
	assert_int_equal(next_day->waiver_uses[0].expired, 1);
	/* The other waivers still apply on that day. */
	res = find_result(&next_day->hosts[0], "2.2", "fixture-host");
	assert_non_null(res);
	assert_int_equal(res->status, ST_WAIVED);

	assessment_free(last_second);
	assessment_free(next_day);
	waiver_list_free(l);
	model_free(m);
	buf_clear(&err);
}

static double cost_sum(const struct host_assessment *h)
{
	double sum = 0;

	for (size_t i = 0; i < h->n_results; i++)
		sum += h->results[i].cost;
	return sum;
}

/*
 * Compares the waived assessment with the same snapshot assessed without
 * waivers, weight by weight: 5.5 is critical (8), 2.2 medium (2), 4.1
 * high (4).
 */
static void scores_follow_waiver_kind(void **state)
{
	struct model *m = load_model();
	struct waiver_list *l = NULL;
	struct buf err = BUF_INIT;
	time_t day = utc(2028, 1, 1, 12, 0, 0);
	struct assessment *base, *waived;
	const struct host_assessment *b, *w;
	const struct container_assessment *bp1, *wp1;
	const struct result *res;

	(void)state;
	assert_non_null(m);
	assert_int_equal(waiver_list_load(SMALL_WAIVERS, &l, &err), 0);
	base = assess_with(m, NULL, day);
	waived = assess_with(m, l, day);
	b = &base->hosts[0];
	w = &waived->hosts[0];

	/* Without waivers the compliance score is the score. */
	assert_memory_equal(&b->score, &b->compliance, sizeof(b->score));

	/* Mitigated 2.2 and 4.1 count as passed; accepted 5.5 stays failed. */
	assert_int_equal(w->score.counted, b->score.counted);
	assert_int_equal(w->score.passed, b->score.passed + 2 + 4);
	assert_true(w->score.critical_open);

	/* Compliance leaves p1 out of 5.5; t1, t2 and clean pass it. */
	assert_int_equal(w->compliance.counted, b->score.counted);
	assert_int_equal(w->compliance.passed, b->score.passed + 2 + 4 + 8);

	/* p1's own score: 5.5 fails; its compliance leaves 5.5 out. */
	bp1 = find_container(b, "p1");
	wp1 = find_container(w, "p1");
	assert_non_null(bp1);
	assert_non_null(wp1);
	assert_int_equal(wp1->score.counted, bp1->score.counted);
	assert_int_equal(wp1->compliance.counted, bp1->score.counted - 8);
	assert_int_equal(wp1->compliance.passed, wp1->score.passed);

	/* The fleet of one host pools the same weights. */
	assert_memory_equal(&waived->fleet_compliance, &w->compliance,
			    sizeof(w->compliance));

	/* The accepted risk still costs its points, mitigated ones none. */
	res = find_result(w, "5.5", "p1");
	assert_non_null(res);
	assert_near(res->cost, 100.0 * 8 / (double)w->score.counted, 0.01);
	res = find_result(w, "2.2", "fixture-host");
	assert_non_null(res);
	assert_int_equal(res->status, ST_WAIVED);
	assert_near(res->cost, 0.0, 1e-9);
	res = find_result(w, "4.1", "bb:1");
	assert_non_null(res);
	assert_int_equal(res->status, ST_WAIVED);
	assert_near(res->cost, 0.0, 1e-9);

	assert_near(cost_sum(w), 100.0 - score_value(&w->score), 0.005);
	assert_near(cost_sum(b), 100.0 - score_value(&b->score), 0.005);

	assessment_free(base);
	assessment_free(waived);
	waiver_list_free(l);
	model_free(m);
	buf_clear(&err);
}

/* An accepted daemon finding is left out of the compliance score. */
static void accepted_host_rule_left_out(void **state)
{
	struct model *m = load_model();
	struct buf err = BUF_INIT;
	struct waiver_list *l =
	    parse("waivers:\n- {rule: '2.2', kind: accepted, owner: o, "
		  "reason: r, expires: 2030-01-01}\n",
		  &err);
	time_t day = utc(2029, 1, 1, 0, 0, 0);
	struct assessment *base, *waived;
	const struct host_assessment *b, *w;

	(void)state;
	assert_non_null(m);
	assert_non_null(l);
	base = assess_with(m, NULL, day);
	waived = assess_with(m, l, day);
	b = &base->hosts[0];
	w = &waived->hosts[0];
	assert_memory_equal(&w->score, &b->score, sizeof(w->score));
	assert_int_equal(w->compliance.counted, b->score.counted - 2);
	assert_int_equal(w->compliance.passed, b->score.passed);
	assert_near(cost_sum(w), 100.0 - score_value(&w->score), 0.005);
	assessment_free(base);
	assessment_free(waived);
	waiver_list_free(l);
	model_free(m);
	buf_clear(&err);
}

static void unused_waiver_becomes_note(void **state)
{
	struct model *m = load_model();
	struct waiver_list *l = NULL;
	struct buf err = BUF_INIT;
	struct assessment *a;
	const struct host_assessment *h;

	(void)state;
	assert_non_null(m);
	assert_int_equal(waiver_list_load(SMALL_WAIVERS, &l, &err), 0);
	a = assess_with(m, l, utc(2028, 1, 1, 0, 0, 0));
	h = &a->hosts[0];
	assert_int_equal(a->n_waiver_uses, 4);
	assert_int_equal(a->waiver_uses[3].applied, 0);
	assert_int_equal(h->notes.n, 1);
	assert_non_null(strstr(h->notes.v[0], "rule 5.31 on 't*'"));
	assert_non_null(strstr(h->notes.v[0], "small.yaml:25"));
	assert_non_null(strstr(h->notes.v[0], "applied to no failed result"));
	assessment_free(a);
	waiver_list_free(l);
	model_free(m);
	buf_clear(&err);
}

static void unselected_rule_gets_no_note(void **state)
{
	struct model *m = load_model();
	struct waiver_list *l = NULL;
	struct buf err = BUF_INIT;
	const char *only[] = {"5.5", "2.2", "4.1"};
	struct selection sel = {.include = only, .n_include = 3};
	struct assessment *a = NULL;

	(void)state;
	assert_non_null(m);
	assert_int_equal(waiver_list_load(SMALL_WAIVERS, &l, &err), 0);
	sel.waivers = l;
	sel.now = utc(2028, 1, 1, 0, 0, 0);
	assert_int_equal(assess_model(m, &sel, &a), 0);
	assert_int_equal(a->hosts[0].notes.n, 0);
	assessment_free(a);
	waiver_list_free(l);
	model_free(m);
	buf_clear(&err);
}

/* A host glob that matches no target keeps the waiver from applying. */
static void host_glob_limits_targets(void **state)
{
	struct model *m = load_model();
	struct buf err = BUF_INIT;
	struct waiver_list *l =
	    parse("waivers:\n- {rule: '5.5', object: p1, host: 'prod-*', "
		  "kind: accepted, owner: o, reason: r, "
		  "expires: 2030-01-01}\n",
		  &err);
	struct assessment *a;
	const struct result *res;

	(void)state;
	assert_non_null(m);
	assert_non_null(l);
	a = assess_with(m, l, utc(2029, 1, 1, 0, 0, 0));
	res = find_result(&a->hosts[0], "5.5", "p1");
	assert_non_null(res);
	assert_int_equal(res->status, ST_FAIL);
	/* Its host glob leaves fixture-host out, so no note there either. */
	assert_int_equal(a->hosts[0].notes.n, 0);
	assessment_free(a);
	waiver_list_free(l);
	model_free(m);
	buf_clear(&err);
}

/* An errored result is waived too and keeps "error" as its old status. */
static void error_result_is_waived(void **state)
{
	struct buf err = BUF_INIT;
	struct waiver_list *l =
	    parse("waivers:\n- {rule: '2.2', kind: accepted, owner: o, "
		  "reason: r, expires: 2030-01-01}\n",
		  &err);
	struct target t = {.name = "h"};
	struct assessment a = {0};
	struct result res = {
	    .rule = rule_find("2.2"),
	    .kind = OBJ_DAEMON,
	    .object_id = "h",
	    .object_name = "h",
	    .status = ST_ERROR,
	};
	struct result passed = res;
	time_t day = utc(2029, 1, 1, 0, 0, 0);

	(void)state;
	assert_non_null(l);
	assert_int_equal(waiver_uses_init(&a, l, day), 0);
	assert_int_equal(waiver_apply(&a, l, &t, &res, day), 0);
	assert_int_equal(res.status, ST_WAIVED);
	assert_int_equal(res.waived_status, ST_ERROR);
	assert_int_equal(waiver_score_status(&res, false), ST_ERROR);
	assert_int_equal(waiver_score_status(&res, true), ST_WAIVED);
	assert_int_equal(a.waiver_uses[0].applied, 1);

	/* A passing result is left alone and does not count as a use. */
	passed.status = ST_PASS;
	assert_int_equal(waiver_apply(&a, l, &t, &passed, day), 0);
	assert_int_equal(passed.status, ST_PASS);
	assert_null(passed.waiver);
	assert_int_equal(a.waiver_uses[0].applied, 1);
	arena_clear(&a.arena);
	waiver_list_free(l);
	buf_clear(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parse_reads_every_key),
	    cmocka_unit_test(parse_accepts_empty_list),
	    cmocka_unit_test(parse_accepts_leap_day),
	    cmocka_unit_test(parse_merges_anchored_defaults),
	    cmocka_unit_test(parse_rejects_invalid_files),
	    cmocka_unit_test(parse_rejects_long_value),
	    cmocka_unit_test(parse_rejects_too_many_waivers),
	    cmocka_unit_test(parse_rejects_large_file),
	    cmocka_unit_test(load_names_missing_file),
	    cmocka_unit_test(glob_matches_like_fnmatch),
	    cmocka_unit_test(covers_names_ids_and_hosts),
	    cmocka_unit_test(short_id_prefix_does_not_match),
	    cmocka_unit_test(day_is_utc_and_floored),
	    cmocka_unit_test(expiry_day_still_applies),
	    cmocka_unit_test(scores_follow_waiver_kind),
	    cmocka_unit_test(accepted_host_rule_left_out),
	    cmocka_unit_test(unused_waiver_becomes_note),
	    cmocka_unit_test(unselected_rule_gets_no_note),
	    cmocka_unit_test(host_glob_limits_targets),
	    cmocka_unit_test(error_result_is_waived),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
