#include "engine_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/snapshot.h"

static json_t *load_path(const char *path, bool required)
{
	char full[512];
	json_error_t error;
	json_t *doc;

	snprintf(full, sizeof(full), "%s/engine/%s", FIXTURES, path);
	if (!required && access(full, R_OK) != 0)
		return NULL;
	doc = json_load_file(full, 0, &error);
	if (!doc)
		fail_msg("cannot load %s: %s (line %d)", full, error.text,
			 error.line);
	return doc;
}

json_t *fixture_load(const char *path)
{
	return load_path(path, true);
}

void fixture_part_set(json_t *target, const char *key, json_t *data)
{
	json_object_set_new(target, key,
			    snapshot_part(PART_COLLECTED, data, NULL));
}

/* Builds the snapshot's image list: summary, inspect and history each. */
static json_t *images_build(const char *engine, json_t *summaries)
{
	json_t *list = json_array(), *summary;
	size_t i;

	json_array_foreach(summaries, i, summary)
	{
		const char *id =
		    json_string_value(json_object_get(summary, "Id"));
		char path[256];
		json_t *inspect, *history;

		snprintf(path, sizeof(path), "%s/images/%.12s.inspect.json",
			 engine, id ? id + 7 : "");
		inspect = load_path(path, false);
		snprintf(path, sizeof(path), "%s/images/%.12s.history.json",
			 engine, id ? id + 7 : "");
		history = load_path(path, false);
		json_array_append_new(
		    list,
		    json_pack("{s:O, s:o, s:o}", "summary", summary, "inspect",
			      inspect ? inspect : json_null(), "history",
			      history
				  ? snapshot_part(PART_COLLECTED, history, NULL)
				  : snapshot_part(PART_ABSENT, NULL, NULL)));
	}
	return list;
}

static json_t *containers_build(const char *engine, json_t *summaries)
{
	json_t *list = json_array(), *summary;
	size_t i;

	json_array_foreach(summaries, i, summary)
	{
		const char *id =
		    json_string_value(json_object_get(summary, "Id"));
		char path[256];

		snprintf(path, sizeof(path), "%s/containers/%.12s.json", engine,
			 id ? id : "");
		json_array_append_new(
		    list, json_pack("{s:o}", "inspect", fixture_load(path)));
	}
	return list;
}

json_t *fixture_target(const char *engine, const char *info)
{
	json_t *t =
	    json_pack("{s:s, s:s, s:{s:s, s:b, s:b}}", "name", engine,
		      "endpoint", "unix:///var/run/docker.sock", "transport",
		      "kind", "unix", "tls", 0, "tls_verify", 0);
	char path[256];
	json_t *doc;

	snprintf(path, sizeof(path), "%s/version.json", engine);
	fixture_part_set(t, "version", fixture_load(path));
	if (info)
		fixture_part_set(t, "info", fixture_load(info));
	snprintf(path, sizeof(path), "%s/networks.json", engine);
	doc = load_path(path, false);
	if (doc)
		fixture_part_set(t, "networks", doc);
	snprintf(path, sizeof(path), "%s/images.json", engine);
	doc = load_path(path, false);
	if (doc) {
		fixture_part_set(t, "images", images_build(engine, doc));
		json_decref(doc);
	}
	snprintf(path, sizeof(path), "%s/containers.json", engine);
	doc = load_path(path, false);
	if (doc) {
		fixture_part_set(t, "containers",
				 containers_build(engine, doc));
		json_decref(doc);
	}
	return t;
}

void fixture_running_only(json_t *target)
{
	json_t *list =
	    json_object_get(json_object_get(target, "containers"), "data");

	for (size_t i = json_array_size(list); i-- > 0;) {
		json_t *state = json_object_get(
		    json_object_get(json_array_get(list, i), "inspect"),
		    "State");

		if (!json_is_true(json_object_get(state, "Running")))
			json_array_remove(list, i);
	}
}

struct model *fixture_model(json_t *target)
{
	json_t *doc = snapshot_new();
	struct buf err = BUF_INIT;
	struct model *m = NULL;

	json_array_append_new(json_object_get(doc, "targets"), target);
	if (snapshot_to_model(doc, &m, &err) != 0)
		fail_msg("snapshot_to_model failed: %s", buf_str(&err));
	buf_clear(&err);
	json_decref(doc);
	assert_int_equal(m->n_targets, 1);
	return m;
}

const struct image *fixture_image(const struct target *t, const char *tag)
{
	for (size_t i = 0; i < t->n_images; i++)
		if (strlist_contains(&t->images[i].tags, tag))
			return &t->images[i];
	fail_msg("no image tagged %s in the fixture", tag);
	return NULL;
}

enum status fixture_check(const char *id, const struct target *t,
			  const void *object, struct verdict *v)
{
	const struct rule *r = rule_find(id);
	struct buf *evidence = v->evidence;

	assert_non_null(r);
	assert_non_null(r->check);
	*v = (struct verdict){.status = ST_SKIPPED, .evidence = evidence};
	buf_reset(evidence);
	r->check(t, object, v);
	return v->status;
}
