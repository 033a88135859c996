#include "monitor/target_cache.h"

#include "model/snapshot.h"
#include "util/error.h"
#include "util/strutil.h"

void target_cache_init(struct target_cache *c)
{
	c->target = NULL;
	c->execs_seen = json_object();
}

void target_cache_clear(struct target_cache *c)
{
	json_decref(c->target);
	json_decref(c->execs_seen);
	c->target = NULL;
	c->execs_seen = NULL;
}

/* Returns the data array of a collected part, or NULL. */
static json_t *part_list(json_t *target, const char *key)
{
	json_t *part = json_object_get(target, key);
	json_t *data = json_object_get(part, "data");

	if (!str_eq(json_string_value(json_object_get(part, "status")),
		    "collected") ||
	    !json_is_array(data))
		return NULL;
	return data;
}

bool target_cache_ready(const struct target_cache *c)
{
	return c->target && part_list(c->target, "containers");
}

static const char *entry_container_id(json_t *entry)
{
	return json_string_value(
	    json_object_get(json_object_get(entry, "inspect"), "Id"));
}

static const char *doc_id(json_t *doc)
{
	const char *id = json_string_value(json_object_get(doc, "Id"));

	return id ? id : json_string_value(json_object_get(doc, "ID"));
}

/* Finds the index of the element whose ID `id_of` returns is `id`. */
static size_t list_find(json_t *list, const char *id,
			const char *(*id_of)(json_t *))
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v)
	{
		if (str_eq(id_of(v), id))
			return i;
	}
	return (size_t)-1;
}

/* Adds the sessions seen on a container to its entry's execs part. */
static void execs_merge(struct target_cache *c, json_t *entry)
{
	json_t *seen =
	    json_object_get(c->execs_seen, entry_container_id(entry));
	json_t *part = json_object_get(entry, "execs");
	json_t *data = json_object_get(part, "data");
	size_t i;
	json_t *exec;

	if (!json_array_size(seen))
		return;
	if (!json_is_array(data)) {
		/* The engine did not list them this time; the watch saw them.
		 */
		data = json_array();
		json_object_set_new(entry, "execs",
				    snapshot_part(PART_COLLECTED, data, NULL));
	}
	json_array_foreach(seen, i, exec)
	{
		if (list_find(data, doc_id(exec), doc_id) == (size_t)-1)
			json_array_append(data, exec);
	}
}

void target_cache_replace(struct target_cache *c, json_t *target)
{
	json_t *list = part_list(target, "containers");
	json_t *kept = json_object();
	size_t i;
	json_t *entry;

	json_array_foreach(list, i, entry)
	{
		const char *id = entry_container_id(entry);
		json_t *seen = json_object_get(c->execs_seen, id);

		if (seen)
			json_object_set(kept, id, seen);
		execs_merge(c, entry);
	}
	json_decref(c->execs_seen);
	c->execs_seen = kept;
	json_decref(c->target);
	c->target = target;
}

int target_cache_put_container(struct target_cache *c, json_t *entry)
{
	json_t *list = part_list(c->target, "containers");
	size_t i;

	if (!list) {
		json_decref(entry);
		return SW_EINVAL;
	}
	execs_merge(c, entry);
	i = list_find(list, entry_container_id(entry), entry_container_id);
	if (i == (size_t)-1)
		return json_array_append_new(list, entry) ? SW_ENOMEM : 0;
	return json_array_set_new(list, i, entry) ? SW_ENOMEM : 0;
}

void target_cache_remove_container(struct target_cache *c, const char *id)
{
	json_t *list = part_list(c->target, "containers");
	size_t i = list_find(list, id, entry_container_id);

	/* `id` may point into the entry, so forget its execs first. */
	json_object_del(c->execs_seen, id);
	if (i != (size_t)-1)
		json_array_remove(list, i);
}

json_t *target_cache_container(const struct target_cache *c, const char *id)
{
	json_t *list = part_list(c->target, "containers");
	size_t i = list_find(list, id, entry_container_id);

	return i == (size_t)-1 ? NULL : json_array_get(list, i);
}

int target_cache_add_exec(struct target_cache *c, const char *container_id,
			  json_t *exec)
{
	json_t *seen = json_object_get(c->execs_seen, container_id);
	json_t *entry = target_cache_container(c, container_id);
	size_t i;

	if (!seen) {
		seen = json_array();
		if (json_object_set_new(c->execs_seen, container_id, seen)) {
			json_decref(exec);
			return SW_ENOMEM;
		}
	}
	i = list_find(seen, doc_id(exec), doc_id);
	if (i != (size_t)-1)
		json_array_set(seen, i, exec);
	else
		json_array_append(seen, exec);
	while (json_array_size(seen) > TARGET_CACHE_EXECS_MAX)
		json_array_remove(seen, 0);
	if (entry) {
		json_t *data =
		    json_object_get(json_object_get(entry, "execs"), "data");

		i = list_find(data, doc_id(exec), doc_id);
		if (json_is_array(data) && i != (size_t)-1)
			json_array_set(data, i, exec);
		else
			execs_merge(c, entry);
	}
	json_decref(exec);
	return 0;
}

static const char *image_entry_id(json_t *entry)
{
	const char *id = doc_id(json_object_get(entry, "inspect"));

	return id ? id : doc_id(json_object_get(entry, "summary"));
}

bool target_cache_has_image(const struct target_cache *c, const char *id)
{
	json_t *list = part_list(c->target, "images");
	size_t i = list_find(list, id, image_entry_id);

	return i != (size_t)-1 && json_is_object(json_object_get(
				      json_array_get(list, i), "inspect"));
}

int target_cache_put_image(struct target_cache *c, json_t *entry)
{
	json_t *list = part_list(c->target, "images");
	size_t i;

	if (!list) {
		json_decref(entry);
		return SW_EINVAL;
	}
	i = list_find(list, image_entry_id(entry), image_entry_id);
	if (i == (size_t)-1)
		return json_array_append_new(list, entry) ? SW_ENOMEM : 0;
	/* Keep the list's summary, which counts the image's containers. */
	if (!json_is_object(json_object_get(entry, "summary")))
		json_object_set(
		    entry, "summary",
		    json_object_get(json_array_get(list, i), "summary"));
	return json_array_set_new(list, i, entry) ? SW_ENOMEM : 0;
}

int target_cache_put_network(struct target_cache *c, json_t *network)
{
	json_t *list = part_list(c->target, "networks");
	size_t i;

	if (!list) {
		json_decref(network);
		return SW_EINVAL;
	}
	i = list_find(list, doc_id(network), doc_id);
	if (i == (size_t)-1)
		return json_array_append_new(list, network) ? SW_ENOMEM : 0;
	return json_array_set_new(list, i, network) ? SW_ENOMEM : 0;
}

void target_cache_remove_network(struct target_cache *c, const char *id)
{
	json_t *list = part_list(c->target, "networks");
	size_t i = list_find(list, id, doc_id);

	if (i != (size_t)-1)
		json_array_remove(list, i);
}

void target_cache_put_daemon(struct target_cache *c, json_t *version_part,
			     json_t *info_part)
{
	if (c->target) {
		json_object_set(c->target, "version", version_part);
		json_object_set(c->target, "info", info_part);
	}
	json_decref(version_part);
	json_decref(info_part);
}

json_t *target_cache_document(const struct target_cache *c)
{
	json_t *doc = snapshot_new();
	json_t *targets = json_object_get(doc, "targets");

	if (!doc || !c->target || json_array_append(targets, c->target)) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

json_t *target_cache_container_ids(const struct target_cache *c)
{
	json_t *list = part_list(c->target, "containers");
	json_t *ids = json_array();
	size_t i;
	json_t *entry;

	json_array_foreach(list, i, entry)
	{
		const char *id = entry_container_id(entry);

		if (id)
			json_array_append_new(ids, json_string(id));
	}
	return ids;
}
