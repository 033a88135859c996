#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/watch_state.h"
#include "server/api.h"
#include "store/store.h"
#include "util/error.h"
#include "util/strutil.h"
#include "watch_fixture.h"

struct fixture {
	char *dir;
	struct store *store;
	struct watch_config *config;
	struct watch_state state;
	struct api_context ctx;
	int64_t first_id;
};

static const char config_text[] = "targets:\n"
				  "  - name: vm\n"
				  "    engine: unix:///x.sock\n"
				  "    labels: {team: \"a\\\"b\"}\n"
				  "  - name: other\n"
				  "    engine: unix:///y.sock\n";

static int64_t store_record(struct store *s, struct assessment_record *r)
{
	struct store_write w = {.host = r->hosts[0].name,
				.trigger = "test",
				.record = &r->hosts[0],
				.generated_at = r->generated_at};
	struct buf err = BUF_INIT;
	int64_t id = 0;

	if (store_write_assessment(s, &w, &id, &err))
		print_error("%s\n", buf_str(&err));
	buf_clear(&err);
	return id;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct buf err = BUF_INIT;
	char path[256];
	struct assessment_record *before, *after;

	if (!f || !(f->dir = fixture_tmpdir()))
		return -1;
	snprintf(path, sizeof(path), "%s/h.db", f->dir);
	if (store_open(path, false, &f->store, &err) ||
	    watch_config_parse("t.yaml", config_text, strlen(config_text),
			       &f->config, &err) ||
	    watch_state_init(&f->state, f->config)) {
		print_error("%s\n", buf_str(&err));
		return -1;
	}
	before = fixture_record(WATCH_BEFORE);
	after = fixture_record(WATCH_AFTER);
	if (!before || !after)
		return -1;
	f->first_id = store_record(f->store, before);
	store_record(f->store, after);
	assessment_record_free(after);
	watch_state_publish(&f->state, "vm", before, f->first_id, 12.5, 0);
	f->ctx.state = &f->state;
	f->ctx.store = f->store;
	f->ctx.token = "s3cret";
	buf_clear(&err);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	watch_state_clear(&f->state);
	watch_config_free(f->config);
	store_close(f->store);
	fixture_rmdir(f->dir);
	free(f);
	return 0;
}

/* Answers GET target with the token; returns the parsed body. */
static json_t *get(struct fixture *f, const char *target, const char *auth,
		   unsigned *status)
{
	struct api_request req = {.method = "GET", .authorization = auth};
	struct api_response resp;
	struct buf storage = BUF_INIT;
	json_t *doc;

	assert_int_equal(api_request_parse(&req, target, &storage), 0);
	api_handle(&f->ctx, &req, &resp);
	*status = resp.status;
	doc = json_loads(buf_str(&resp.body), 0, NULL);
	buf_clear(&resp.body);
	buf_clear(&storage);
	return doc;
}

static void api_parse_decodes_target(void **state)
{
	struct api_request req = {0};
	struct buf storage = BUF_INIT;

	(void)state;
	assert_int_equal(api_request_parse(&req,
					   "/api/v1/fin%64ings?severity=hi%67h"
					   "&&stride=E+T&flag",
					   &storage),
			 0);
	assert_string_equal(req.path, "/api/v1/findings");
	assert_int_equal(req.n_args, 3);
	assert_string_equal(req.args[0].name, "severity");
	assert_string_equal(req.args[0].value, "high");
	assert_string_equal(req.args[1].value, "E T");
	assert_string_equal(req.args[2].name, "flag");
	assert_string_equal(req.args[2].value, "");
	assert_int_equal(api_request_parse(&req, "http://x/", &storage),
			 SW_EINVAL);
	assert_int_equal(api_request_parse(&req, "/a%00b", &storage),
			 SW_EINVAL);
	buf_clear(&storage);
}

static void api_requires_the_token(void **state)
{
	struct fixture *f = *state;
	unsigned status;
	json_t *doc;

	doc = get(f, "/api/v1/hosts", NULL, &status);
	assert_int_equal(status, 401);
	json_decref(doc);
	doc = get(f, "/api/v1/hosts", "Bearer wrong", &status);
	assert_int_equal(status, 401);
	json_decref(doc);
	doc = get(f, "/api/v1/hosts", "Bearer s3cret", &status);
	assert_int_equal(status, 200);
	json_decref(doc);
	doc = get(f, "/healthz", NULL, &status);
	assert_int_equal(status, 200);
	assert_string_equal(json_string_value(json_object_get(doc, "status")),
			    "ok");
	json_decref(doc);
}

static void api_lists_hosts(void **state)
{
	struct fixture *f = *state;
	unsigned status;
	json_t *doc = get(f, "/api/v1/hosts", "Bearer s3cret", &status);
	json_t *hosts = json_object_get(doc, "hosts");
	json_t *vm = json_array_get(hosts, 0);

	assert_int_equal(status, 200);
	assert_int_equal(json_array_size(hosts), 2);
	assert_string_equal(json_string_value(json_object_get(vm, "name")),
			    "vm");
	assert_true(json_is_number(json_object_get(
	    json_object_get(json_object_get(vm, "assessment"), "score"),
	    "value")));
	assert_true(json_is_null(
	    json_object_get(json_array_get(hosts, 1), "assessment")));
	json_decref(doc);
}

static void api_shows_one_host(void **state)
{
	struct fixture *f = *state;
	unsigned status;
	json_t *doc = get(f, "/api/v1/hosts/vm", "Bearer s3cret", &status);

	assert_int_equal(status, 200);
	assert_int_equal(json_array_size(json_object_get(doc, "containers")),
			 3);
	assert_true(json_array_size(json_object_get(doc, "findings")) > 0);
	json_decref(doc);
	doc = get(f, "/api/v1/hosts/nobody", "Bearer s3cret", &status);
	assert_int_equal(status, 404);
	json_decref(doc);
}

static void api_filters_findings(void **state)
{
	struct fixture *f = *state;
	unsigned status;
	json_t *doc = get(f, "/api/v1/findings?severity=critical&stride=E",
			  "Bearer s3cret", &status);
	json_t *list = json_object_get(doc, "findings");
	size_t i;
	json_t *item;
	bool sock = false;

	assert_int_equal(status, 200);
	assert_true(json_array_size(list) > 0);
	json_array_foreach(list, i, item)
	{
		assert_string_equal(
		    json_string_value(json_object_get(item, "severity")),
		    "critical");
		assert_string_equal(
		    json_string_value(json_object_get(item, "status")), "fail");
		sock |= str_eq(json_string_value(json_object_get(item, "rule")),
			       "5.32");
	}
	assert_true(sock);
	json_decref(doc);
	doc = get(f, "/api/v1/findings?severity=urgent", "Bearer s3cret",
		  &status);
	assert_int_equal(status, 400);
	assert_non_null(strstr(json_string_value(json_object_get(doc, "error")),
			       "severity"));
	json_decref(doc);
	doc =
	    get(f, "/api/v1/findings?status=manual", "Bearer s3cret", &status);
	json_array_foreach(json_object_get(doc, "findings"), i, item)
	    assert_string_equal(
		json_string_value(json_object_get(item, "status")), "manual");
	json_decref(doc);
}

static void api_lists_stored_assessments(void **state)
{
	struct fixture *f = *state;
	unsigned status;
	json_t *doc =
	    get(f, "/api/v1/hosts/vm/assessments", "Bearer s3cret", &status);
	json_t *list = json_object_get(doc, "assessments");
	char target[64];

	assert_int_equal(status, 200);
	assert_int_equal(json_array_size(list), 2);
	assert_int_equal(
	    json_integer_value(json_object_get(json_array_get(list, 0), "id")),
	    f->first_id);
	json_decref(doc);
	snprintf(target, sizeof(target),
		 "/api/v1/hosts/vm/assessments?after=%lld",
		 (long long)f->first_id);
	doc = get(f, target, "Bearer s3cret", &status);
	assert_int_equal(json_array_size(json_object_get(doc, "assessments")),
			 1);
	json_decref(doc);
	doc = get(f, "/api/v1/hosts/vm/assessments?limit=0", "Bearer s3cret",
		  &status);
	assert_int_equal(status, 400);
	json_decref(doc);
	snprintf(target, sizeof(target), "/api/v1/assessments/%lld",
		 (long long)f->first_id);
	doc = get(f, target, "Bearer s3cret", &status);
	assert_int_equal(status, 200);
	assert_int_equal(json_array_size(json_object_get(doc, "containers")),
			 3);
	json_decref(doc);
	doc = get(f, "/api/v1/assessments/999999", "Bearer s3cret", &status);
	assert_int_equal(status, 404);
	json_decref(doc);
}

static void api_rejects_other_methods(void **state)
{
	struct fixture *f = *state;
	struct api_request req = {.method = "DELETE",
				  .path = "/api/v1/hosts",
				  .authorization = "Bearer s3cret"};
	struct api_response resp;

	api_handle(&f->ctx, &req, &resp);
	assert_int_equal(resp.status, 405);
	buf_clear(&resp.body);
}

static void api_metrics_are_labelled(void **state)
{
	struct fixture *f = *state;
	struct buf out = BUF_INIT;

	assert_int_equal(api_metrics(&f->state, &out), 0);
	assert_non_null(
	    strstr(buf_str(&out), "# TYPE stridewatch_score gauge"));
	assert_non_null(
	    strstr(buf_str(&out), "stridewatch_score{host=\"vm\"}"));
	assert_non_null(strstr(buf_str(&out),
			       "stridewatch_findings{host=\"vm\","
			       "severity=\"critical\"} "));
	assert_non_null(strstr(buf_str(&out),
			       "stridewatch_engine_reachable{host=\"vm\"} 1"));
	assert_non_null(strstr(
	    buf_str(&out), "stridewatch_engine_reachable{host=\"other\"} 0"));
	/* The label value a"b is escaped as the text format requires. */
	assert_non_null(strstr(buf_str(&out), "label_team=\"a\\\"b\""));
	buf_clear(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(api_parse_decodes_target),
	    cmocka_unit_test_setup_teardown(api_requires_the_token, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(api_lists_hosts, setup, teardown),
	    cmocka_unit_test_setup_teardown(api_shows_one_host, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(api_filters_findings, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(api_lists_stored_assessments, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(api_rejects_other_methods, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(api_metrics_are_labelled, setup,
					    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
