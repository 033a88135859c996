#include "model/snapshot.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "model/host.h"
#include "model/jget.h"
#include "model/normalize.h"
#include "util/error.h"
#include "util/strutil.h"

json_t *snapshot_new(void)
{
	return json_pack("{s:s, s:{s:s, s:s}, s:[]}", "schema", SNAPSHOT_SCHEMA,
			 "tool", "name", "stridewatch", "version",
			 STRIDEWATCH_VERSION, "targets");
}

json_t *snapshot_part(enum part_status status, json_t *data, const char *error)
{
	json_t *part = json_object();

	json_object_set_new(part, "status",
			    json_string(part_status_name(status)));
	if (data)
		json_object_set_new(part, "data", data);
	if (error)
		json_object_set_new(part, "error", json_string(error));
	return part;
}

/*
 * Returns a part's data and stores its status; a missing part is absent.
 * An unknown status is a type mismatch (recorded through jget), never a
 * quiet "absent": a part that says "bogus" must not hide its data.
 */
static json_t *part_data(json_t *parent, const char *key,
			 enum part_status *status)
{
	json_t *part = jget_object(parent, key);
	int s = part_status_parse(
		json_string_value(json_object_get(part, "status")));

	if (part && s < 0)
		jget_fail("part \"%s\" has no valid \"status\" (collected, "
			  "denied, not_present, failed or absent)",
			  key);
	*status = s < 0 ? PART_ABSENT : (enum part_status)s;
	if (*status != PART_COLLECTED)
		return NULL;
	return json_object_get(part, "data");
}

/* Reads all of `f` into `b`, at most SNAPSHOT_MAX_BYTES. */
static int read_all(FILE *f, struct buf *b)
{
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_append(b, chunk, n))
			return SW_ELIMIT;
	return ferror(f) ? SW_EIO : 0;
}

int snapshot_read_file(const char *path, json_t **out, struct buf *err)
{
	struct buf text;
	json_error_t jerr;
	json_t *doc;
	FILE *f;
	int rc;

	f = str_eq(path, "-") ? stdin : fopen(path, "re");
	if (!f) {
		buf_printf(err, "cannot open snapshot '%s': %s", path,
			   strerror(errno));
		return SW_EIO;
	}
	/* One read and json_loadb parse several times faster than jansson's
	 * character-by-character json_loadf. */
	buf_init(&text, SNAPSHOT_MAX_BYTES);
	rc = read_all(f, &text);
	if (f != stdin)
		fclose(f);
	if (rc) {
		buf_printf(err,
			   rc == SW_ELIMIT
				   ? "snapshot '%s' is larger than %zu MiB"
				   : "cannot read snapshot '%s'",
			   path, SNAPSHOT_MAX_BYTES >> 20);
		buf_clear(&text);
		return rc == SW_ELIMIT ? SW_EINVAL : SW_EIO;
	}
	doc = json_loadb(buf_str(&text), text.len, JSON_REJECT_DUPLICATES,
			 &jerr);
	buf_clear(&text);
	if (!doc) {
		buf_printf(err,
			   "invalid snapshot '%s': line %d, column %d: %s; "
			   "write it again with 'stridewatch collect'",
			   path, jerr.line, jerr.column, jerr.text);
		return SW_EINVAL;
	}
	*out = doc;
	return 0;
}

static int containers_apply(struct model *m, struct target *t, json_t *list)
{
	struct arena *a = &m->arena;
	size_t i, n = json_array_size(list);
	json_t *entry;
	int rc;

	if (!n)
		return 0;
	t->containers = arena_calloc(a, n, sizeof(*t->containers));
	if (!t->containers)
		return SW_ENOMEM;
	json_array_foreach(list, i, entry)
	{
		struct container *c = &t->containers[t->n_containers];
		enum part_status top_status, exec_status;
		json_t *top = part_data(entry, "top", &top_status);
		json_t *execs = part_data(entry, "execs", &exec_status);
		char context[64];

		snprintf(context, sizeof(context), "container %zu of %zu", i + 1,
			 n);
		jget_set_context(context);
		rc = normalize_container(a, json_object_get(entry, "inspect"), c);
		if (rc == SW_EINVAL) {
			jget_fail("\"inspect\" is not a container inspect "
				  "document with an \"Id\"");
			continue;
		}
		if (rc)
			return rc;
		c->top_status = top_status;
		c->exec_status = exec_status;
		rc = normalize_top(a, top, c);
		if (!rc)
			rc = normalize_execs(a, execs, c);
		if (rc)
			return rc;
		t->n_containers++;
	}
	return 0;
}

static int images_apply(struct model *m, struct target *t, json_t *list)
{
	struct arena *a = &m->arena;
	size_t i, n = json_array_size(list);
	json_t *entry;

	if (!n)
		return 0;
	t->images = arena_calloc(a, n, sizeof(*t->images));
	if (!t->images)
		return SW_ENOMEM;
	json_array_foreach(list, i, entry)
	{
		enum part_status hs;
		json_t *history = part_data(entry, "history", &hs);
		json_t *inspect = jget_object(entry, "inspect");
		struct image *img = &t->images[t->n_images];
		int rc = normalize_image(a, jget_object(entry, "summary"),
					 inspect, history, img);

		if (rc)
			return rc;
		if (!inspect || hs != PART_COLLECTED)
			img->history_status = hs;
		if (str_empty(img->id))
			continue;
		t->n_images++;
	}
	return 0;
}

static int networks_apply(struct model *m, struct target *t, json_t *list)
{
	size_t i, n = json_array_size(list);
	json_t *doc;

	if (!n)
		return 0;
	t->networks = arena_calloc(&m->arena, n, sizeof(*t->networks));
	if (!t->networks)
		return SW_ENOMEM;
	json_array_foreach(list, i, doc)
	{
		if (!json_is_object(doc))
			continue;
		normalize_network(&m->arena, doc, &t->networks[t->n_networks]);
		t->n_networks++;
	}
	return 0;
}

/* Links containers to images and marks the images in use. */
static void images_link(struct target *t)
{
	for (size_t i = 0; i < t->n_containers; i++) {
		struct container *c = &t->containers[i];

		for (size_t j = 0; j < t->n_images; j++) {
			if (str_eq(t->images[j].id, c->image_id)) {
				c->image_ref = &t->images[j];
				t->images[j].in_use = true;
				break;
			}
		}
	}
}

static void transport_apply(struct arena *a, json_t *tr, struct target *t)
{
	const char *kind = jget_string(a, tr, "kind");

	t->transport.kind = *kind ? kind : "snapshot";
	t->transport.tls = jget_bool(tr, "tls");
	t->transport.tls_verify = jget_bool(tr, "tls_verify");
}

/* Returns the data of a collected part that must be an array. */
static json_t *list_data(json_t *obj, const char *key,
			 enum part_status *status)
{
	json_t *list = part_data(obj, key, status);

	jget_set_context("");
	if (*status == PART_COLLECTED && !json_is_array(list))
		jget_fail("the data of part \"%s\" is not an array", key);
	return list;
}

int normalize_target(struct model *m, json_t *obj, struct buf *err)
{
	struct arena *a = &m->arena;
	enum part_status vs, is, hs;
	json_t *version, *info, *list;
	struct target *t;
	int rc;

	if (!json_is_object(obj)) {
		buf_puts(err, "a snapshot target is not a JSON object");
		return SW_EINVAL;
	}
	t = model_add_target(m);
	if (!t)
		return SW_ENOMEM;
	t->name = jget_string(a, obj, "name");
	t->endpoint = jget_string(a, obj, "endpoint");
	transport_apply(a, jget_object(obj, "transport"), t);

	version = part_data(obj, "version", &vs);
	info = part_data(obj, "info", &is);
	t->daemon.version_status = vs;
	t->daemon.info_status = is;
	rc = normalize_daemon(a, version, info, &t->daemon);
	if (rc)
		return rc;
	/* When /version failed, the version that /_ping negotiated. */
	if (!*t->daemon.api_version)
		t->daemon.api_version = jget_string(a, obj, "api_version");
	if (!*t->name)
		t->name = t->daemon.hostname;
	/* GET /swarm, collected on managers, overrides /info's copy. */
	normalize_swarm(part_data(obj, "swarm", &t->daemon.swarm_status),
			&t->daemon);

	list = list_data(obj, "containers", &t->containers_status);
	rc = containers_apply(m, t, list);
	list = list_data(obj, "volumes", &t->volumes_status);
	if (!rc)
		rc = normalize_volumes(a, list, t);
	if (!rc) {
		list = list_data(obj, "images", &t->images_status);
		rc = images_apply(m, t, list);
	}
	if (!rc) {
		list = list_data(obj, "networks", &t->networks_status);
		rc = networks_apply(m, t, list);
	}
	if (!rc)
		rc = jget_strlist(a, jget_array(obj, "notes"), &t->notes);
	list = part_data(obj, "host", &hs);
	if (!rc)
		rc = normalize_host(a, list, hs, info, t, err);
	images_link(t);
	return rc;
}

int snapshot_to_model(json_t *doc, struct model **out, struct buf *err)
{
	json_t *schema = json_object_get(doc, "schema");
	json_t *targets = json_object_get(doc, "targets");
	struct model *m;
	size_t i;
	json_t *t;
	int rc = 0;

	if (!json_is_string(schema) ||
	    !str_eq(json_string_value(schema), SNAPSHOT_SCHEMA) ||
	    !json_is_array(targets)) {
		buf_printf(err,
			   "not a stridewatch snapshot: expected \"schema\": "
			   "\"%s\" and a \"targets\" array",
			   SNAPSHOT_SCHEMA);
		return SW_EINVAL;
	}
	m = model_new();
	if (!m)
		return SW_ENOMEM;
	m->collected_at = jget_string(&m->arena, doc, "collected_at");
	json_array_foreach(targets, i, t)
	{
		struct buf mismatch = BUF_INIT;

		jget_check_begin();
		rc = normalize_target(m, t, err);
		if (!jget_check_end(&mismatch) && !rc) {
			buf_printf(err,
				   "invalid snapshot: target %zu: %s; write it "
				   "again with 'stridewatch collect'",
				   i + 1, buf_str(&mismatch));
			rc = SW_EINVAL;
		}
		buf_clear(&mismatch);
		if (rc)
			break;
	}
	if (rc) {
		model_free(m);
		return rc;
	}
	*out = m;
	return 0;
}
