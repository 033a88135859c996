/*
 * Sections 6 and 7 over documents captured from real engines
 * (tests/fixtures/engine/capture.sh): "loose" has one running, one created
 * and one exited container and three unused images; "swarm" is a
 * one-manager swarm with an encrypted and a plain overlay network.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine_fixture.h"

struct fixture {
	struct model *model;
	struct target *t;
	struct buf evidence;
	struct verdict v;
};

static struct fixture *fixture_from(json_t *target)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->model = fixture_model(target);
	f->t = &f->model->targets[0];
	f->v.evidence = &f->evidence;
	return f;
}

static struct fixture *fixture_new(const char *engine, const char *info)
{
	return fixture_from(fixture_target(engine, info));
}

static void fixture_free(struct fixture *f)
{
	buf_clear(&f->evidence);
	model_free(f->model);
	free(f);
}

static enum status check(struct fixture *f, const char *id)
{
	return fixture_check(id, f->t, f->t, &f->v);
}

static const char *evidence(struct fixture *f)
{
	return buf_str(&f->evidence);
}

static void unused_images_fail(void **state)
{
	struct fixture *f = fixture_new("loose", "loose/info.json");

	(void)state;
	assert_int_equal(check(f, "6.1"), ST_FAIL);
	assert_non_null(strstr(evidence(f), "3 of 6 images"));
	assert_non_null(strstr(evidence(f), "swtest/scratch:1.0"));
	assert_non_null(strstr(evidence(f), "swtest/none:1.0"));
	assert_non_null(strstr(evidence(f), "swtest/buildarg:1.0"));
	assert_null(strstr(evidence(f), "swtest/good:1.0"));
	fixture_free(f);
}

static void unused_images_need_all(void **state)
{
	json_t *target = fixture_target("loose", "loose/info.json");
	struct fixture *f;

	(void)state;
	/* Without --all only running-good is listed, but /info counts 3. */
	fixture_running_only(target);
	f = fixture_from(target);
	assert_int_equal(f->t->n_containers, 1);
	assert_int_equal(check(f, "6.1"), ST_MANUAL);
	assert_non_null(strstr(evidence(f), "--all"));
	fixture_free(f);
}

static void unused_images_without_info(void **state)
{
	struct fixture *all = fixture_new("loose", NULL);
	json_t *target = fixture_target("loose", NULL);
	struct fixture *running;

	(void)state;
	/* A stopped container in the list shows that --all was given. */
	assert_int_equal(check(all, "6.1"), ST_FAIL);
	fixture_running_only(target);
	running = fixture_from(target);
	assert_int_equal(check(running, "6.1"), ST_MANUAL);
	fixture_free(all);
	fixture_free(running);
}

static void images_not_collected(void **state)
{
	struct fixture *f = fixture_new("hardened", "hardened/info.json");

	(void)state;
	assert_int_equal(check(f, "6.1"), ST_MANUAL);
	assert_non_null(strstr(evidence(f), "image list"));
	fixture_free(f);
}

static void stopped_containers_fail(void **state)
{
	struct fixture *f = fixture_new("loose", "loose/info.json");

	(void)state;
	assert_int_equal(check(f, "6.2"), ST_FAIL);
	assert_non_null(strstr(evidence(f), "2 of 3 containers"));
	assert_non_null(strstr(evidence(f), "created-bad"));
	assert_non_null(strstr(evidence(f), "exited-base"));
	assert_null(strstr(evidence(f), "running-good"));
	fixture_free(f);
}

static void stopped_counted_by_info(void **state)
{
	json_t *target = fixture_target("loose", "loose/info.json");
	struct fixture *f;

	(void)state;
	fixture_running_only(target);
	f = fixture_from(target);
	assert_int_equal(check(f, "6.2"), ST_FAIL);
	assert_non_null(strstr(evidence(f), "2 of 3"));
	assert_non_null(strstr(evidence(f), "--all"));
	fixture_free(f);
}

static void running_only_without_info(void **state)
{
	json_t *target = fixture_target("loose", NULL);
	struct fixture *f;

	(void)state;
	fixture_running_only(target);
	f = fixture_from(target);
	assert_int_equal(check(f, "6.2"), ST_MANUAL);
	assert_non_null(strstr(evidence(f), "only running containers"));
	fixture_free(f);
}

static void no_containers_pass(void **state)
{
	struct fixture *f = fixture_new("hardened", "hardened/info.json");

	(void)state;
	assert_int_equal(check(f, "6.2"), ST_PASS);
	fixture_free(f);
}

static void swarm_rules_inactive(void **state)
{
	struct fixture *f = fixture_new("loose", "loose/info.json");
	size_t n, seen = 0;
	const struct rule *all = rules_all(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		if (all[i].id[0] != '7')
			continue;
		seen++;
		assert_int_equal(check(f, all[i].id), ST_NOT_APPLICABLE);
		assert_non_null(strstr(evidence(f), "inactive"));
	}
	assert_int_equal(seen, 9);
	fixture_free(f);
}

static void swarm_state_unknown(void **state)
{
	struct fixture *f = fixture_new("swarm", NULL);

	(void)state;
	assert_int_equal(check(f, "7.1"), ST_ERROR);
	assert_int_equal(check(f, "7.6"), ST_ERROR);
	fixture_free(f);
}

static void manager_count(void **state)
{
	struct fixture *one = fixture_new("swarm", "swarm/info.json");
	struct fixture *two =
	    fixture_new("swarm", "edited/info-two-managers.json");

	(void)state;
	assert_int_equal(check(one, "7.1"), ST_PASS);
	assert_int_equal(check(two, "7.1"), ST_FAIL);
	assert_non_null(strstr(evidence(two), "even"));
	two->t->daemon.swarm_managers = 9;
	assert_int_equal(check(two, "7.1"), ST_FAIL);
	two->t->daemon.swarm_manager = false;
	assert_int_equal(check(two, "7.1"), ST_MANUAL);
	assert_non_null(strstr(evidence(two), "scan a manager"));
	fixture_free(one);
	fixture_free(two);
}

static void overlay_encryption(void **state)
{
	struct fixture *f = fixture_new("swarm", "swarm/info.json");

	(void)state;
	assert_int_equal(check(f, "7.3"), ST_FAIL);
	assert_non_null(strstr(evidence(f), "swplain"));
	assert_non_null(strstr(evidence(f), "ingress"));
	assert_null(strstr(evidence(f), "swsecure"));
	for (size_t i = 0; i < f->t->n_networks; i++)
		f->t->networks[i].encrypted = true;
	assert_int_equal(check(f, "7.3"), ST_PASS);
	fixture_free(f);
}

static void autolock_from_info_and_swarm(void **state)
{
	struct fixture *off = fixture_new("swarm", "swarm/info.json");
	struct fixture *on = fixture_new("swarm", "swarm/info-autolock.json");
	json_t *target = fixture_target("swarm", "swarm/info.json");
	struct fixture *part;

	(void)state;
	assert_int_equal(check(off, "7.5"), ST_FAIL);
	assert_int_equal(check(on, "7.5"), ST_PASS);
	/* GET /swarm, taken after autolock was turned on, wins over /info. */
	fixture_part_set(target, "swarm",
			 fixture_load("swarm/swarm-autolock.json"));
	part = fixture_from(target);
	assert_int_equal(part->t->daemon.swarm_status, PART_COLLECTED);
	assert_int_equal(check(part, "7.5"), ST_PASS);
	part->t->daemon.swarm_state = "locked";
	part->t->daemon.swarm_autolock_known = false;
	assert_int_equal(check(part, "7.5"), ST_PASS);
	fixture_free(off);
	fixture_free(on);
	fixture_free(part);
}

static void manual_swarm_rules(void **state)
{
	struct fixture *f = fixture_new("swarm", "swarm/info.json");
	static const char *const ids[] = {"7.2", "7.4", "7.6",
					  "7.7", "7.8", "7.9"};

	(void)state;
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		assert_int_equal(check(f, ids[i]), ST_MANUAL);
		assert_true(strlen(evidence(f)) > 20);
	}
	/* A rule only a person decides shows what that person must do. */
	assert_string_equal(evidence(f), rule_find("7.9")->checks);
	fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(unused_images_fail),
	    cmocka_unit_test(unused_images_need_all),
	    cmocka_unit_test(unused_images_without_info),
	    cmocka_unit_test(images_not_collected),
	    cmocka_unit_test(stopped_containers_fail),
	    cmocka_unit_test(stopped_counted_by_info),
	    cmocka_unit_test(running_only_without_info),
	    cmocka_unit_test(no_containers_pass),
	    cmocka_unit_test(swarm_rules_inactive),
	    cmocka_unit_test(swarm_state_unknown),
	    cmocka_unit_test(manager_count),
	    cmocka_unit_test(overlay_encryption),
	    cmocka_unit_test(autolock_from_info_and_swarm),
	    cmocka_unit_test(manual_swarm_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
