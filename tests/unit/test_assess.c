#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assess/assess.h"
#include "util/error.h"
#include "model/snapshot.h"
#include "testutil.h"

/* small.json: four containers of a private engine, captured with curl by
 * tests/fixtures/snapshots/capture-small.py. */
#define SMALL FIXTURES "/snapshots/small.json"

static struct model *load_model(const char *path)
{
	struct buf err = BUF_INIT;
	struct model *m = NULL;
	json_t *doc = NULL;

	if (snapshot_read_file(path, &doc, &err) ||
	    snapshot_to_model(doc, &m, &err))
		print_error("%s\n", buf_str(&err));
	json_decref(doc);
	buf_clear(&err);
	return m;
}

static void snapshot_normalizes_containers(void **state)
{
	struct model *m = load_model(SMALL);
	const struct target *t;
	size_t found = 0;

	(void)state;
	assert_non_null(m);
	assert_int_equal(m->n_targets, 1);
	t = &m->targets[0];
	assert_int_equal(t->n_containers, 4);
	for (size_t i = 0; i < t->n_containers; i++) {
		const struct container *c = &t->containers[i];

		assert_non_null(c->image_ref);
		assert_true(c->name[0] != '/');
		if (strcmp(c->name, "p1") == 0) {
			assert_true(c->privileged);
			assert_false(c->running);
			found++;
		}
		if (strcmp(c->name, "clean") == 0) {
			assert_true(c->read_only_rootfs);
			assert_int_equal(c->memory, 64 << 20);
			assert_int_equal(c->n_ports, 1);
			assert_string_equal(c->ports[0].host_ip, "127.0.0.1");
			assert_int_equal(c->ports[0].host_port, 8080);
			assert_true(c->health.present);
			found++;
		}
		if (strcmp(c->name, "t2") == 0) {
			assert_string_equal(c->pid_mode, "host");
			assert_int_equal(c->n_mounts, 1);
			assert_string_equal(c->mounts[0].source,
					    "/var/run/docker.sock");
			found++;
		}
	}
	assert_int_equal(found, 3);
	model_free(m);
}

static void costs_add_up_to_lost_points(void **state)
{
	struct model *m = load_model(SMALL);
	struct selection sel = {0};
	struct assessment *a = NULL;
	double sum = 0;

	(void)state;
	assert_non_null(m);
	assert_int_equal(assess_model(m, &sel, &a), 0);
	for (size_t i = 0; i < a->hosts[0].n_results; i++)
		sum += a->hosts[0].results[i].cost;
	/* Costs are whole hundredths that add up to 100 - score exactly. */
	assert_near(sum, 100.0 - score_value(&a->hosts[0].score), 0.005);
	for (size_t i = 0; i < a->hosts[0].n_results; i++) {
		double c = a->hosts[0].results[i].cost * 100.0;

		assert_near(c, round(c), 1e-6);
	}
	assessment_free(a);
	model_free(m);
}

/* The host takes each container rule at its worst container. */
static void host_rolls_up_worst_container(void **state)
{
	struct model *m = load_model(SMALL);
	struct selection sel = {0};
	struct assessment *a = NULL;
	const struct host_assessment *h;

	(void)state;
	assert_non_null(m);
	assert_int_equal(assess_model(m, &sel, &a), 0);
	h = &a->hosts[0];
	assert_int_equal(h->n_rollup, 117);
	for (size_t k = 0; k < h->n_rollup; k++) {
		bool any_fail = false;

		for (size_t i = 0; i < h->n_results; i++)
			if (h->results[i].rule == h->rollup[k].rule &&
			    h->results[i].status == ST_FAIL)
				any_fail = true;
		if (any_fail)
			assert_int_equal(h->rollup[k].status, ST_FAIL);
		else
			assert_int_not_equal(h->rollup[k].status, ST_FAIL);
	}
	assessment_free(a);
	model_free(m);
}

static void unselected_rules_are_skipped(void **state)
{
	struct model *m = load_model(SMALL);
	const char *only[] = {"5.5"};
	struct selection sel = {.include = only, .n_include = 1};
	struct assessment *a = NULL;
	const struct host_assessment *h;

	(void)state;
	assert_non_null(m);
	assert_int_equal(assess_model(m, &sel, &a), 0);
	h = &a->hosts[0];
	for (size_t k = 0; k < h->n_rollup; k++) {
		if (strcmp(h->rollup[k].rule->id, "5.5") == 0)
			assert_int_not_equal(h->rollup[k].status, ST_SKIPPED);
		else
			assert_int_equal(h->rollup[k].status, ST_SKIPPED);
	}
	assessment_free(a);
	model_free(m);
}

static void invalid_snapshot_names_position(void **state)
{
	json_error_t jerr;
	json_t *doc = json_loads("{\"schema\": \"other/1\"}", 0, &jerr);
	struct model *m = NULL;
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_not_equal(snapshot_to_model(doc, &m, &err), 0);
	assert_null(m);
	assert_non_null(strstr(buf_str(&err), "stridewatch.snapshot/1"));
	json_decref(doc);
	buf_clear(&err);
}

static void truncated_snapshot_fails_cleanly(void **state)
{
	struct buf err = BUF_INIT;
	json_t *doc = NULL;
	char path[] = "/tmp/sw-truncated-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	(void)state;
	fputs("{\"schema\": \"stridewatch.snapshot/1\", \"targets\": [{\"na",
	      f);
	fclose(f);
	assert_int_not_equal(snapshot_read_file(path, &doc, &err), 0);
	assert_null(doc);
	assert_non_null(strstr(buf_str(&err), "line 1"));
	assert_non_null(strstr(buf_str(&err), path));
	unlink(path);
	buf_clear(&err);
}

/* Sets HostConfig.KEY of small.json's first container and normalizes it. */
static int load_edited(const char *key, json_t *value,
		       struct buf *err)
{
	struct model *m = NULL;
	json_t *doc = NULL;
	json_t *inspect;
	int rc;

	assert_int_equal(snapshot_read_file(SMALL, &doc, err), 0);
	inspect = json_object_get(
		json_array_get(
			json_object_get(
				json_object_get(json_array_get(json_object_get(
							doc, "targets"),
						       0),
						"containers"),
				"data"),
			0),
		"inspect");
	json_object_set_new(json_object_get(inspect, "HostConfig"),
			    key, value);
	rc = snapshot_to_model(doc, &m, err);
	model_free(m);
	json_decref(doc);
	return rc;
}

/* "Privileged": "true" must not read as false and pass 5.5. */
static void mistyped_field_rejected(void **state)
{
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_equal(load_edited("Privileged", json_string("true"), &err),
			 SW_EINVAL);
	assert_non_null(strstr(buf_str(&err), "\"Privileged\""));
	assert_non_null(strstr(buf_str(&err), "a string, expected a boolean"));
	assert_non_null(strstr(buf_str(&err), "container 1"));
	buf_clear(&err);
	assert_int_equal(load_edited("CapAdd", json_string("SYS_ADMIN"), &err),
			 SW_EINVAL);
	assert_non_null(strstr(buf_str(&err), "\"CapAdd\""));
	buf_clear(&err);
	/* null is how engines write an unset list. */
	assert_int_equal(load_edited("CapAdd", json_null(), &err), 0);
	buf_clear(&err);
}

static void unknown_part_status_rejected(void **state)
{
	struct buf err = BUF_INIT;
	struct model *m = NULL;
	json_t *doc = NULL;
	json_t *target;

	(void)state;
	assert_int_equal(snapshot_read_file(SMALL, &doc, &err), 0);
	target = json_array_get(json_object_get(doc, "targets"), 0);
	json_object_set_new(json_object_get(target, "containers"), "status",
			    json_string("bogus"));
	assert_int_equal(snapshot_to_model(doc, &m, &err), SW_EINVAL);
	assert_null(m);
	assert_non_null(strstr(buf_str(&err), "\"containers\""));
	json_decref(doc);
	buf_clear(&err);
}

/* Normalizes small.json with its "api_version" and /version part set. */
static struct model *load_with_versions(const char *negotiated,
					bool version_failed)
{
	struct buf err = BUF_INIT;
	struct model *m = NULL;
	json_t *doc = NULL;
	json_t *target;

	assert_int_equal(snapshot_read_file(SMALL, &doc, &err), 0);
	target = json_array_get(json_object_get(doc, "targets"), 0);
	json_object_set_new(target, "api_version", json_string(negotiated));
	if (version_failed)
		json_object_set_new(
		    target, "version",
		    snapshot_part(PART_FAILED, NULL, "HTTP 502"));
	if (snapshot_to_model(doc, &m, &err))
		print_error("%s\n", buf_str(&err));
	json_decref(doc);
	buf_clear(&err);
	assert_non_null(m);
	return m;
}

/* /_ping's negotiated version fills in for a /version that failed. */
static void api_version_from_ping(void **state)
{
	struct model *failed = load_with_versions("1.40", true);
	struct model *collected = load_with_versions("1.40", false);

	(void)state;
	assert_string_equal(failed->targets[0].daemon.api_version, "1.40");
	assert_string_equal(collected->targets[0].daemon.api_version, "1.41");
	model_free(failed);
	model_free(collected);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(snapshot_normalizes_containers),
		cmocka_unit_test(costs_add_up_to_lost_points),
		cmocka_unit_test(host_rolls_up_worst_container),
		cmocka_unit_test(unselected_rules_are_skipped),
		cmocka_unit_test(invalid_snapshot_names_position),
		cmocka_unit_test(truncated_snapshot_fails_cleanly),
		cmocka_unit_test(mistyped_field_rejected),
		cmocka_unit_test(unknown_part_status_rejected),
		cmocka_unit_test(api_version_from_ping),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
