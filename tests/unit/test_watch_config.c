#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/watch_config.h"
#include "util/error.h"
#include "watch_fixture.h"

#define EXAMPLE FIXTURES "/../../examples/watch.yaml"

static struct watch_config *parse(const char *text, struct buf *err)
{
	struct watch_config *c = NULL;

	buf_reset(err);
	if (watch_config_parse("watch.yaml", text, strlen(text), &c, err))
		return NULL;
	return c;
}

static void config_example_is_valid(void **state)
{
	struct watch_config *c = NULL;
	struct buf err = BUF_INIT;
	int rc;

	(void)state;
	rc = watch_config_load(EXAMPLE, &c, &err);
	if (rc)
		print_error("%s\n", buf_str(&err));
	assert_int_equal(rc, 0);
	assert_true(c->n_targets >= 2);
	assert_true(c->n_sinks >= 2);
	assert_true(c->interval_ms > 0);
	watch_config_free(c);
	buf_clear(&err);
}

static void config_defaults_apply(void **state)
{
	struct buf err = BUF_INIT;
	struct watch_config *c =
	    parse("targets:\n  - name: web-1\n    engine: unix:///run/d.sock\n",
		  &err);

	(void)state;
	assert_non_null(c);
	assert_int_equal(c->n_targets, 1);
	assert_string_equal(c->targets[0].name, "web-1");
	assert_string_equal(c->targets[0].engine.url, "unix:///run/d.sock");
	assert_true(c->targets[0].all);
	assert_int_equal(c->targets[0].criticality, 2);
	assert_int_equal(c->targets[0].host_source, HOST_SOURCE_NONE);
	assert_int_equal(c->interval_ms, 15 * 60 * 1000);
	assert_int_equal(c->retention_s, 90 * 86400);
	assert_string_equal(c->store, WATCH_DEFAULT_STORE);
	assert_string_equal(c->listen, WATCH_DEFAULT_LISTEN);
	assert_null(c->token);
	assert_int_equal(c->alert_min_severity, SEV_HIGH);
	assert_int_equal(c->log_level, LOG_INFO);
	watch_config_free(c);
	buf_clear(&err);
}

static void config_reads_every_key(void **state)
{
	struct buf err = BUF_INIT;
	struct watch_config *c = parse(
	    "targets:\n"
	    "  - name: db\n"
	    "    engine: tcp://10.0.0.5:2376\n"
	    "    tls: {verify: false}\n"
	    "    host_facts: {source: ssh, ssh: ssh://ops@db, "
	    "trusted_users: [alice, bob]}\n"
	    "    labels: {env: prod, team: data}\n"
	    "    criticality: 3\n"
	    "    all: false\n"
	    "interval: 30s\n"
	    "retention: forever\n"
	    "store: /tmp/h.db\n"
	    "checks: [5]\n"
	    "exclude: ['5.10']\n"
	    "level: 1\n"
	    "alerts:\n"
	    "  min_severity: critical\n"
	    "  sinks:\n"
	    "    - {type: webhook, url: 'http://127.0.0.1:9/h', timeout: 2s, "
	    "retries: 3, backoff: 250ms}\n"
	    "    - {type: log, path: /tmp/a.jsonl, name: audit}\n"
	    "http: {listen: '0.0.0.0:9474', token: s3cret}\n"
	    "log_level: debug\n",
	    &err);
	const struct watch_target *t;

	(void)state;
	if (!c)
		print_error("%s\n", buf_str(&err));
	assert_non_null(c);
	t = &c->targets[0];
	assert_true(t->engine.tls);
	assert_true(t->engine.tls_skip_verify);
	assert_int_equal(t->host_source, HOST_SOURCE_SSH);
	assert_string_equal(t->host_ssh, "ssh://ops@db");
	assert_string_equal(t->trusted_users, "alice,bob");
	assert_int_equal(t->n_labels, 2);
	assert_string_equal(t->labels[1].name, "team");
	assert_string_equal(t->labels[1].value, "data");
	assert_int_equal(t->criticality, 3);
	assert_false(t->all);
	assert_int_equal(c->interval_ms, 30000);
	assert_int_equal(c->retention_s, 0);
	assert_int_equal(c->selection.n_include, 1);
	assert_int_equal(c->selection.n_exclude, 1);
	assert_int_equal(c->selection.level, 1);
	assert_int_equal(c->alert_min_severity, SEV_CRITICAL);
	assert_int_equal(c->n_sinks, 2);
	assert_int_equal(c->sinks[0].type, SINK_WEBHOOK);
	assert_int_equal(c->sinks[0].timeout_ms, 2000);
	assert_int_equal(c->sinks[0].retries, 3);
	assert_int_equal(c->sinks[0].backoff_ms, 250);
	assert_string_equal(c->sinks[0].name, "webhook 1");
	assert_string_equal(c->sinks[1].name, "audit");
	assert_string_equal(c->token, "s3cret");
	assert_int_equal(c->log_level, LOG_DEBUG);
	watch_config_free(c);
	buf_clear(&err);
}

/* Each invalid configuration and what its message must name. */
static const struct {
	const char *text;
	const char *expected[3];
} invalid_cases[] = {
    {"targets: []\n", {"targets", "1 to"}},
    {"interval: 5m\n", {"'targets' is missing"}},
    {"targets:\n  - engine: unix:///x.sock\n", {"targets[0]", "'name'"}},
    {"targets:\n  - name: a\n", {"targets[0]", "'engine'"}},
    {"targets:\n  - {name: 'a b', engine: unix:///x.sock}\n",
     {"targets[0].name", "'a b'", "letters"}},
    {"targets:\n  - {name: a, engine: 'ftp://x'}\n",
     {"targets[0].engine", "ftp://x"}},
    {"targets:\n  - {name: a, engine: unix:///x.sock, criticality: 5}\n",
     {"targets[0].criticality", "'5'", "1 (low)"}},
    {"targets:\n  - {name: a, engine: unix:///x.sock}\n"
     "  - {name: a, engine: unix:///y.sock}\n",
     {"targets[1]", "'a'", "targets[0]"}},
    {"targets:\n  - {name: a, engine: unix:///x.sock, colour: red}\n",
     {"targets[0].colour", "unknown key", "criticality"}},
    {"targets:\n  - {name: a, engine: unix:///x.sock}\ninterval: 15\n",
     {"interval", "'15'", "unit"}},
    {"targets:\n  - {name: a, engine: unix:///x.sock}\ninterval: 1s\n",
     {"interval", "too short"}},
    {"targets:\n  - {name: a, engine: unix:///x.sock}\n"
     "http: {listen: '0.0.0.0:9474'}\n",
     {"http", "0.0.0.0:9474", "token"}},
    {"targets:\n  - {name: a, engine: unix:///x.sock}\n"
     "http: {listen: 'localhost'}\n",
     {"http.listen", "'localhost'", "HOST:PORT"}},
    {"targets:\n  - {name: a, engine: unix:///x.sock}\n"
     "alerts: {sinks: [{type: webhook}]}\n",
     {"alerts.sinks[0]", "url"}},
    {"targets:\n  - {name: a, engine: unix:///x.sock}\n"
     "alerts: {sinks: [{type: pager}]}\n",
     {"alerts.sinks[0].type", "'pager'", "webhook or log"}},
    {"targets:\n  - {name: a, engine: unix:///x.sock}\n"
     "alerts: {min_severity: urgent}\n",
     {"alerts.min_severity", "'urgent'", "critical"}},
    {"targets:\n  - {name: a, engine: unix:///x.sock}\n"
     "store: postgres://db/h\n",
     {"store", "not supported"}},
    {"targets:\n  - {name: a, engine: unix:///x.sock}\nchecks: [9.9]\n",
     {"checks", "9.9"}},
    {"targets:\n  - {name: a, engine: unix:///x.sock,\n"
     "     host_facts: {source: root}}\n",
     {"host_facts", "root"}},
    {"targets: [\n", {"watch.yaml:", "invalid YAML"}},
};

static void config_errors_name_key_value_fix(void **state)
{
	struct buf err = BUF_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(invalid_cases) / sizeof(invalid_cases[0]);
	     i++) {
		struct watch_config *c = parse(invalid_cases[i].text, &err);

		if (c)
			print_error("case %zu was accepted\n", i);
		assert_null(c);
		for (size_t k = 0; k < 3 && invalid_cases[i].expected[k]; k++) {
			if (!strstr(buf_str(&err),
				    invalid_cases[i].expected[k]))
				print_error("case %zu: '%s' not in: %s\n", i,
					    invalid_cases[i].expected[k],
					    buf_str(&err));
			assert_non_null(strstr(buf_str(&err),
					       invalid_cases[i].expected[k]));
		}
	}
	buf_clear(&err);
}

static void config_errors_give_the_line(void **state)
{
	struct buf err = BUF_INIT;
	struct watch_config *c =
	    parse("targets:\n  - name: a\n    engine: unix:///x.sock\n"
		  "    criticality: nine\n",
		  &err);

	(void)state;
	assert_null(c);
	assert_non_null(strstr(buf_str(&err), "watch.yaml:4:"));
	buf_clear(&err);
}

static void duration_needs_a_unit(void **state)
{
	int64_t ms = -1;

	(void)state;
	assert_int_equal(duration_parse("250ms", &ms), 0);
	assert_int_equal(ms, 250);
	assert_int_equal(duration_parse("2h", &ms), 0);
	assert_int_equal(ms, 7200000);
	assert_int_equal(duration_parse("90d", &ms), 0);
	assert_int_equal(ms, 90LL * 86400000);
	assert_int_equal(duration_parse("15", &ms), SW_EINVAL);
	assert_int_equal(duration_parse("m", &ms), SW_EINVAL);
	assert_int_equal(duration_parse("1.5h", &ms), SW_EINVAL);
	assert_int_equal(duration_parse("-1s", &ms), SW_EINVAL);
	assert_int_equal(duration_parse("99999999999999999999d", &ms),
			 SW_EINVAL);
	assert_int_equal(duration_parse("3w", &ms), SW_EINVAL);
}

static void listen_loopback_is_detected(void **state)
{
	(void)state;
	assert_true(listen_is_loopback("127.0.0.1:9474"));
	assert_true(listen_is_loopback("[::1]:9474"));
	assert_true(listen_is_loopback("localhost:80"));
	assert_false(listen_is_loopback("0.0.0.0:9474"));
	assert_false(listen_is_loopback("[::]:9474"));
	assert_false(listen_is_loopback("10.1.2.3:9474"));
	assert_false(listen_is_loopback("127example.com:80"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(config_example_is_valid),
	    cmocka_unit_test(config_defaults_apply),
	    cmocka_unit_test(config_reads_every_key),
	    cmocka_unit_test(config_errors_name_key_value_fix),
	    cmocka_unit_test(config_errors_give_the_line),
	    cmocka_unit_test(duration_needs_a_unit),
	    cmocka_unit_test(listen_loopback_is_detected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
