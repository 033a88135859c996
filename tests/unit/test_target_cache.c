#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "model/snapshot.h"
#include "monitor/target_cache.h"
#include "util/error.h"
#include "util/strutil.h"
#include "watch_fixture.h"

/* Loads the target of a snapshot fixture into a fresh cache. */
static void cache_load(struct target_cache *c, const char *path)
{
	struct buf err = BUF_INIT;
	json_t *doc = NULL;

	target_cache_init(c);
	if (snapshot_read_file(path, &doc, &err))
		print_error("%s\n", buf_str(&err));
	assert_non_null(doc);
	target_cache_replace(
	    c, json_incref(json_array_get(json_object_get(doc, "targets"), 0)));
	json_decref(doc);
	buf_clear(&err);
}

static const char *container_id(const struct target_cache *c, const char *name)
{
	json_t *ids = target_cache_container_ids(c);
	const char *found = NULL;
	size_t i;
	json_t *id;

	json_array_foreach(ids, i, id)
	{
		json_t *entry =
		    target_cache_container(c, json_string_value(id));
		const char *n = json_string_value(
		    json_object_get(json_object_get(entry, "inspect"), "Name"));

		if (n && str_eq(n + 1, name))
			found = json_string_value(json_object_get(
			    json_object_get(entry, "inspect"), "Id"));
	}
	json_decref(ids);
	return found;
}

static size_t containers_in_model(const struct target_cache *c)
{
	struct buf err = BUF_INIT;
	struct model *m = NULL;
	json_t *doc = target_cache_document(c);
	size_t n;

	assert_non_null(doc);
	assert_int_equal(snapshot_to_model(doc, &m, &err), 0);
	n = m->targets[0].n_containers;
	model_free(m);
	json_decref(doc);
	buf_clear(&err);
	return n;
}

static void cache_removes_container(void **state)
{
	struct target_cache c;
	const char *found;
	char web[80];

	(void)state;
	cache_load(&c, WATCH_BEFORE);
	assert_true(target_cache_ready(&c));
	assert_int_equal(containers_in_model(&c), 3);
	found = container_id(&c, "web");
	assert_non_null(found);
	/* A copy: removal frees the entry the found ID points into. */
	snprintf(web, sizeof(web), "%s", found);
	target_cache_remove_container(&c, web);
	assert_null(target_cache_container(&c, web));
	assert_int_equal(containers_in_model(&c), 2);
	target_cache_clear(&c);
}

static void cache_keeps_execs_seen(void **state)
{
	struct target_cache c, fresh;
	char priv[80];
	json_t *exec =
	    json_pack("{s:s, s:b, s:s, s:b}", "ID", "e1e1e1e1e1e1e1e1",
		      "Privileged", 1, "User", "", "Running", 0);
	json_t *entry, *execs;

	(void)state;
	cache_load(&c, WATCH_BEFORE);
	/* A copy, since the cache frees the old target on replace. */
	assert_non_null(container_id(&c, "priv"));
	snprintf(priv, sizeof(priv), "%s", container_id(&c, "priv"));
	assert_int_equal(target_cache_add_exec(&c, priv, exec), 0);
	entry = target_cache_container(&c, priv);
	execs = json_object_get(json_object_get(entry, "execs"), "data");
	assert_int_equal(json_array_size(execs), 1);

	/* A new full collection does not list the finished session, but the
	 * cache keeps it for as long as the container exists. */
	cache_load(&fresh, WATCH_BEFORE);
	json_incref(fresh.target);
	target_cache_replace(&c, fresh.target);
	entry = target_cache_container(&c, priv);
	execs = json_object_get(json_object_get(entry, "execs"), "data");
	assert_int_equal(json_array_size(execs), 1);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(execs, 0), "ID")),
	    "e1e1e1e1e1e1e1e1");
	target_cache_remove_container(&c, priv);
	assert_null(json_object_get(c.execs_seen, priv));
	target_cache_clear(&fresh);
	target_cache_clear(&c);
}

static void cache_replaces_container(void **state)
{
	struct target_cache c;
	const char *web;
	json_t *entry;

	(void)state;
	cache_load(&c, WATCH_BEFORE);
	web = container_id(&c, "web");
	entry = json_deep_copy(target_cache_container(&c, web));
	json_object_set_new(json_object_get(entry, "inspect"), "Name",
			    json_string("/web-renamed"));
	assert_int_equal(target_cache_put_container(&c, entry), 0);
	assert_int_equal(containers_in_model(&c), 3);
	assert_non_null(container_id(&c, "web-renamed"));
	assert_null(container_id(&c, "web"));
	target_cache_clear(&c);
}

static void cache_empty_is_not_ready(void **state)
{
	struct target_cache c;

	(void)state;
	target_cache_init(&c);
	assert_false(target_cache_ready(&c));
	assert_int_equal(target_cache_put_container(&c, json_object()),
			 SW_EINVAL);
	assert_null(target_cache_document(&c));
	target_cache_clear(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(cache_removes_container),
	    cmocka_unit_test(cache_keeps_execs_seen),
	    cmocka_unit_test(cache_replaces_container),
	    cmocka_unit_test(cache_empty_is_not_ready),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
