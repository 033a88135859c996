/*
 * Collection of one engine target, in three rounds of concurrent GET
 * requests: the engine-wide lists, one inspection per container, then what
 * the inspections point at (processes, exec sessions, images, networks,
 * swarm state). docs/snapshot.md describes the object it builds.
 */
#include "collect/collect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/engine.h"
#include "model/snapshot.h"
#include "util/error.h"
#include "util/strutil.h"

/* Container and image IDs quoted in notes are cut to this many bytes. */
#define SHORT_ID_LEN 12

/* What a request of the last round fetches, and for which object. */
enum fetch_kind {
	FETCH_INSPECT,
	FETCH_TOP,
	FETCH_EXEC,
	FETCH_IMAGE,
	FETCH_HISTORY,
	FETCH_NETWORK,
	FETCH_SWARM,
	FETCH_NODES,
	FETCH_SERVICES,
	FETCH_SECRETS,
	FETCH_VOLUME,
};

struct fetch {
	enum fetch_kind kind;
	size_t index; /* the container, image or network it belongs to */
};

/* A growing list of requests with their paths and purposes. */
struct batch {
	struct engine_request *reqs;
	struct fetch *fetches;
	size_t n;
	size_t cap;
};

struct collector {
	const struct collect_options *opts;
	struct engine *engine;
	json_t *notes;

	json_t *version_part;
	json_t *info; /* borrowed from info_part's data; may be NULL */
	json_t *info_part;

	json_t *containers;	 /* [CONTAINER, ...] */
	json_t *containers_part; /* set when the list failed */

	json_t *images; /* [IMAGE, ...] */
	json_t *images_part;
	json_t *image_index; /* image ID -> index in images */

	json_t *networks; /* removed ones become null until the end */
	json_t *networks_part;

	json_t *swarm_parts; /* "swarm", "nodes", ... -> PART */

	json_t *volume_names; /* local volumes mounted, by fetch index */
	json_t *volumes;      /* GET /volumes/{name}; null until filed */

	size_t inspected;
	size_t to_inspect;
};

static char *short_id(const char *id, char out[SHORT_ID_LEN + 1])
{
	if (str_starts_with(id, "sha256:"))
		id += 7;
	snprintf(out, SHORT_ID_LEN + 1, "%s", id ? id : "");
	return out;
}

static void note(struct collector *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void note(struct collector *c, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	json_array_append_new(c->notes, json_string(buf_str(&b)));
	buf_clear(&b);
}

/* A part for a finished request; takes its reply. */
static json_t *part_from(struct engine_request *req)
{
	json_t *reply = req->reply;

	req->reply = NULL;
	switch (req->rc) {
	case 0:
		return snapshot_part(PART_COLLECTED, reply, NULL);
	case SW_EPERM:
		return snapshot_part(PART_DENIED, NULL, buf_str(&req->error));
	case SW_ENOTFOUND:
		return snapshot_part(PART_NOT_PRESENT, NULL,
				     buf_str(&req->error));
	default:
		return snapshot_part(PART_FAILED, NULL,
				     req->error.len ? buf_str(&req->error)
						    : sw_strerror(req->rc));
	}
}

static int batch_add(struct batch *b, enum fetch_kind kind, size_t index,
		     const char *prefix, const char *id, const char *suffix)
{
	struct buf path = BUF_INIT;
	int rc;

	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		void *r = realloc(b->reqs, cap * sizeof(*b->reqs));
		void *f;

		if (!r)
			return SW_ENOMEM;
		b->reqs = r;
		f = realloc(b->fetches, cap * sizeof(*b->fetches));
		if (!f)
			return SW_ENOMEM;
		b->fetches = f;
		b->cap = cap;
	}
	rc = buf_puts(&path, prefix);
	if (!rc && id)
		rc = engine_path_escape(&path, id);
	if (!rc && suffix)
		rc = buf_puts(&path, suffix);
	if (rc) {
		buf_clear(&path);
		return rc;
	}
	memset(&b->reqs[b->n], 0, sizeof(b->reqs[b->n]));
	b->reqs[b->n].path = buf_steal(&path);
	b->reqs[b->n].data = &b->fetches[b->n];
	b->fetches[b->n].kind = kind;
	b->fetches[b->n].index = index;
	b->n++;
	return 0;
}

static void batch_clear(struct batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		engine_request_clear(&b->reqs[i]);
		free((char *)b->reqs[i].path);
	}
	free(b->reqs);
	free(b->fetches);
	memset(b, 0, sizeof(*b));
}

/* Takes a reply that must be an array, or makes the part saying why not. */
static void take_list(struct engine_request *req, json_t **list,
		      json_t **failed)
{
	if (req->rc == 0 && !json_is_array(req->reply)) {
		req->rc = SW_EPROTO;
		buf_printf(
		    &req->error, "GET %s returned %s, not a list", req->path,
		    json_is_object(req->reply) ? "an object" : "a scalar");
	}
	if (req->rc) {
		*failed = part_from(req);
		return;
	}
	*list = req->reply;
	req->reply = NULL;
}

/*
 * Every Docker engine serves the engine-wide documents, so a 404 for one
 * means that the server at that address is not an engine this client can
 * read: the part is failed, not "not present".
 */
static void require_present(struct engine_request *req)
{
	if (req->rc != SW_ENOTFOUND)
		return;
	req->rc = SW_EPROTO;
	buf_puts(&req->error, "; every Docker engine serves this path, so "
			      "check that DOCKER_HOST or --host names a "
			      "Docker engine");
}

/*
 * Round 1: the engine-wide documents. An engine that answered /_ping but
 * then fails /version, /info and the container list with connection errors
 * went away: that is SW_ECONNECT, not a snapshot of failed parts.
 */
static int collect_lists(struct collector *c, json_t **list, struct buf *err)
{
	struct engine_request reqs[5] = {
	    {.path = "/version"},
	    {.path = "/info"},
	    {.path =
		 c->opts->all ? "/containers/json?all=1" : "/containers/json"},
	    {.path = "/images/json"},
	    {.path = "/networks"},
	};
	int rc = engine_get_many(c->engine, reqs, 5, NULL, NULL);

	if (!rc && reqs[0].rc == SW_ECONNECT && reqs[1].rc == SW_ECONNECT &&
	    reqs[2].rc == SW_ECONNECT) {
		buf_puts(err, buf_str(&reqs[2].error));
		rc = SW_ECONNECT;
	}
	if (rc) {
		for (size_t i = 0; i < 5; i++)
			engine_request_clear(&reqs[i]);
		return rc;
	}
	for (size_t i = 0; i < 5; i++)
		require_present(&reqs[i]);
	c->version_part = part_from(&reqs[0]);
	c->info_part = part_from(&reqs[1]);
	c->info = json_object_get(c->info_part, "data");
	if (!json_is_object(c->info))
		c->info = NULL;
	take_list(&reqs[2], list, &c->containers_part);
	take_list(&reqs[3], &c->images, &c->images_part);
	take_list(&reqs[4], &c->networks, &c->networks_part);
	for (size_t i = 0; i < 5; i++)
		engine_request_clear(&reqs[i]);
	return 0;
}

static void on_inspected(struct engine_request *req, void *data)
{
	struct collector *c = data;

	(void)req;
	c->inspected++;
	if (c->opts->progress)
		c->opts->progress(c->opts->progress_data, c->inspected,
				  c->to_inspect);
}

static const char *container_name(json_t *entry)
{
	const char *name = json_string_value(
	    json_array_get(json_object_get(entry, "Names"), 0));

	if (!name)
		name = json_string_value(json_object_get(entry, "Name"));
	if (name && name[0] == '/')
		name++;
	return name ? name : "";
}

/* Files one inspection: a CONTAINER entry, or a note when it failed. */
static void file_inspection(struct collector *c, json_t *listed,
			    struct engine_request *req)
{
	const char *id = json_string_value(json_object_get(listed, "Id"));
	char sid[SHORT_ID_LEN + 1];
	json_t *entry;

	if (req->rc == SW_ENOTFOUND) {
		note(c,
		     "container %s (%s) was removed before it could be "
		     "inspected",
		     short_id(id, sid), container_name(listed));
		return;
	}
	if (req->rc || !json_is_object(req->reply)) {
		note(c, "container %s (%s) could not be inspected: %s",
		     short_id(id, sid), container_name(listed),
		     req->rc ? buf_str(&req->error)
			     : "the reply is not an "
			       "object");
		return;
	}
	entry = json_pack("{s:o}", "inspect", req->reply);
	req->reply = NULL;
	json_array_append_new(c->containers, entry);
}

/* Round 2: one inspection per listed container, all concurrent. */
static int collect_inspections(struct collector *c, json_t *list)
{
	struct batch b = {0};
	size_t i;
	json_t *listed;
	int rc = 0;

	json_array_foreach(list, i, listed)
	{
		const char *id =
		    json_string_value(json_object_get(listed, "Id"));

		if (str_empty(id))
			continue;
		rc = batch_add(&b, FETCH_INSPECT, i, "/containers/", id,
			       "/json");
		if (rc)
			goto out;
	}
	c->to_inspect = b.n;
	rc = engine_get_many(c->engine, b.reqs, b.n, on_inspected, c);
	if (rc)
		goto out;
	for (i = 0; i < b.n; i++)
		file_inspection(c, json_array_get(list, b.fetches[i].index),
				&b.reqs[i]);
out:
	batch_clear(&b);
	return rc;
}

static int add_container_fetches(struct collector *c, struct batch *b)
{
	size_t i, j;
	json_t *entry, *exec_id;
	int rc = 0;

	json_array_foreach(c->containers, i, entry)
	{
		json_t *inspect = json_object_get(entry, "inspect");
		json_t *state = json_object_get(inspect, "State");
		const char *id =
		    json_string_value(json_object_get(inspect, "Id"));

		if (str_empty(id))
			continue;
		if (!json_is_true(json_object_get(state, "Running")))
			json_object_set_new(
			    entry, "top",
			    snapshot_part(PART_NOT_PRESENT, NULL,
					  "the container is not running"));
		else if (c->opts->skip_top)
			json_object_set_new(
			    entry, "top",
			    snapshot_part(PART_ABSENT, NULL,
					  "not collected, because no selected "
					  "rule reads the process list"));
		else
			rc = batch_add(b, FETCH_TOP, i, "/containers/", id,
				       "/top");
		json_object_set_new(
		    entry, "execs",
		    snapshot_part(PART_COLLECTED, json_array(), NULL));
		json_array_foreach(json_object_get(inspect, "ExecIDs"), j,
				   exec_id)
		{
			if (rc)
				break;
			if (json_is_string(exec_id))
				rc = batch_add(b, FETCH_EXEC, i, "/exec/",
					       json_string_value(exec_id),
					       "/json");
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* Adds an image entry without a summary for an image missing from the list. */
static size_t image_entry_for(struct collector *c, const char *id)
{
	json_t *known = json_object_get(c->image_index, id);

	if (json_is_integer(known))
		return (size_t)json_integer_value(known);
	json_array_append_new(c->images, json_pack("{s:n}", "summary"));
	json_object_set_new(
	    c->image_index, id,
	    json_integer((json_int_t)json_array_size(c->images) - 1));
	return json_array_size(c->images) - 1;
}

static int add_image_fetches(struct collector *c, struct batch *b)
{
	json_t *summaries = c->images, *in_use;
	size_t i;
	json_t *v;
	const char *id;
	int rc = 0;

	if (!c->images)
		return 0;
	in_use = json_object();
	/* The entries wrap the summaries: {"summary": ..., ...}. */
	c->images = json_array();
	c->image_index = json_object();
	json_array_foreach(summaries, i, v)
	{
		id = json_string_value(json_object_get(v, "Id"));
		if (id)
			json_object_set_new(c->image_index, id,
					    json_integer((json_int_t)i));
		json_array_append_new(c->images,
				      json_pack("{s:O}", "summary", v));
	}
	json_decref(summaries);
	json_array_foreach(c->containers, i, v)
	{
		id = json_string_value(
		    json_object_get(json_object_get(v, "inspect"), "Image"));
		if (!str_empty(id))
			json_object_set_new(in_use, id, json_true());
	}
	json_object_foreach(in_use, id, v)
	{
		size_t index = image_entry_for(c, id);

		rc = batch_add(b, FETCH_IMAGE, index, "/images/", id, "/json");
		if (!rc)
			rc = batch_add(b, FETCH_HISTORY, index, "/images/", id,
				       "/history");
		if (rc)
			break;
	}
	json_decref(in_use);
	return rc;
}

static int add_network_fetches(struct collector *c, struct batch *b)
{
	size_t i;
	json_t *n;
	int rc = 0;

	json_array_foreach(c->networks, i, n)
	{
		const char *id = json_string_value(json_object_get(n, "Id"));

		if (!str_empty(id))
			rc = batch_add(b, FETCH_NETWORK, i, "/networks/", id,
				       NULL);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * The local volumes that collected containers mount: their inspection
 * contains the driver options, where o=bind,device=/etc makes a volume a
 * bind mount of a host directory. Volumes of other drivers keep their
 * options in the driver.
 */
static int add_volume_fetches(struct collector *c, struct batch *b)
{
	json_t *seen = json_object();
	size_t i, j;
	json_t *entry, *m;
	int rc = 0;

	c->volume_names = json_array();
	c->volumes = json_array();
	if (!seen || !c->volume_names || !c->volumes)
		rc = SW_ENOMEM;
	json_array_foreach(c->containers, i, entry)
	{
		json_t *mounts = json_object_get(
		    json_object_get(entry, "inspect"), "Mounts");

		json_array_foreach(mounts, j, m)
		{
			const char *name =
			    json_string_value(json_object_get(m, "Name"));

			if (rc || str_empty(name) ||
			    !str_eq(
				json_string_value(json_object_get(m, "Type")),
				"volume") ||
			    !str_eq(
				json_string_value(json_object_get(m, "Driver")),
				"local") ||
			    json_object_get(seen, name))
				continue;
			json_object_set_new(seen, name, json_true());
			json_array_append_new(c->volume_names,
					      json_string(name));
			json_array_append_new(c->volumes, json_null());
			rc = batch_add(b, FETCH_VOLUME,
				       json_array_size(c->volumes) - 1,
				       "/volumes/", name, NULL);
		}
	}
	json_decref(seen);
	return rc;
}

static void file_volume(struct collector *c, struct engine_request *req,
			size_t index)
{
	const char *name =
	    json_string_value(json_array_get(c->volume_names, index));

	if (req->rc == SW_ENOTFOUND) {
		note(c, "volume %s was removed before it could be inspected",
		     name ? name : "");
		return;
	}
	if (req->rc || !json_is_object(req->reply)) {
		note(c, "volume %s could not be inspected: %s",
		     name ? name : "",
		     req->rc ? buf_str(&req->error)
			     : "the reply is not an "
			       "object");
		return;
	}
	json_array_set(c->volumes, index, req->reply);
}

/* Whether to read swarm state, and if not, the part every swarm key gets. */
static json_t *swarm_skip_part(json_t *info)
{
	json_t *swarm = json_object_get(info, "Swarm");
	const char *state =
	    json_string_value(json_object_get(swarm, "LocalNodeState"));
	struct buf msg = BUF_INIT;
	json_t *part;

	if (!info)
		return snapshot_part(PART_FAILED, NULL,
				     "/info could not be read, so the swarm "
				     "state is unknown");
	if (str_empty(state) || str_eq(state, "inactive"))
		return snapshot_part(PART_NOT_PRESENT, NULL,
				     "swarm mode is not active on this engine");
	if (str_eq(state, "active")) {
		if (json_is_true(json_object_get(swarm, "ControlAvailable")))
			return NULL;
		return snapshot_part(PART_NOT_PRESENT, NULL,
				     "this node is a swarm worker; swarm "
				     "state is read on a manager");
	}
	buf_puts(&msg, "the swarm is in state '");
	escape_terminal(&msg, state, 40);
	buf_puts(&msg, "', so its state cannot be read");
	part = snapshot_part(PART_FAILED, NULL, buf_str(&msg));
	buf_clear(&msg);
	return part;
}

static const char *const swarm_keys[] = {"swarm", "nodes", "services",
					 "secrets"};

static int add_swarm_fetches(struct collector *c, struct batch *b)
{
	static const char *const paths[] = {"/swarm", "/nodes", "/services",
					    "/secrets"};
	json_t *skip = swarm_skip_part(c->info);
	int rc = 0;

	c->swarm_parts = json_object();
	if (skip) {
		for (size_t i = 0; i < 4; i++)
			json_object_set(c->swarm_parts, swarm_keys[i], skip);
		json_decref(skip);
		return 0;
	}
	for (size_t i = 0; i < 4 && !rc; i++)
		rc = batch_add(b, (enum fetch_kind)(FETCH_SWARM + i), i,
			       paths[i], NULL, NULL);
	return rc;
}

/*
 * GET /swarm returns the worker and manager join tokens, with which anyone
 * can join the swarm; a snapshot keeps that they exist, not their values.
 */
static void redact_join_tokens(json_t *swarm)
{
	json_t *tokens = json_object_get(swarm, "JoinTokens");
	const char *key;
	json_t *v;

	json_object_foreach(tokens, key, v)
	{
		if (json_is_string(v) && json_string_length(v))
			json_object_set_new(tokens, key,
					    json_string("<redacted>"));
	}
}

/*
 * Adds an exec session to its container. One failed inspection fails the
 * container's whole execs part, since a rule could not tell what it missed.
 */
static void file_exec(struct engine_request *req, json_t *entry)
{
	json_t *execs =
	    json_object_get(json_object_get(entry, "execs"), "data");

	if (req->rc == SW_ENOTFOUND)
		return; /* the session ended and the engine forgot it */
	if (req->rc) {
		json_object_set_new(entry, "execs", part_from(req));
		return;
	}
	if (json_is_array(execs)) {
		json_array_append_new(execs, req->reply);
		req->reply = NULL;
	}
}

static void file_network(struct collector *c, struct engine_request *req,
			 size_t index)
{
	json_t *listed = json_array_get(c->networks, index);
	const char *name = json_string_value(json_object_get(listed, "Name"));

	if (req->rc == SW_ENOTFOUND) {
		note(c, "network %s was removed before it could be inspected",
		     name ? name : "");
		json_array_set_new(c->networks, index, json_null());
		return;
	}
	if (req->rc || !json_is_object(req->reply)) {
		note(c,
		     "network %s could not be inspected, so its list entry "
		     "is kept: %s",
		     name ? name : "", buf_str(&req->error));
		return;
	}
	json_array_set(c->networks, index, req->reply);
}

static void file_image(struct collector *c, struct engine_request *req,
		       struct fetch *f)
{
	json_t *entry = json_array_get(c->images, f->index);
	char sid[SHORT_ID_LEN + 1];

	if (f->kind == FETCH_HISTORY) {
		json_object_set_new(entry, "history", part_from(req));
		return;
	}
	if (req->rc) {
		json_object_set_new(entry, "inspect", json_null());
		note(c, "image %s could not be inspected: %s",
		     short_id(req->path + strlen("/images/"), sid),
		     buf_str(&req->error));
		return;
	}
	json_object_set_new(entry, "inspect", req->reply);
	req->reply = NULL;
}

static void file_fetch(struct collector *c, struct engine_request *req,
		       struct fetch *f)
{
	json_t *entry;

	switch (f->kind) {
	case FETCH_INSPECT:
		break; /* filed by collect_inspections() */
	case FETCH_TOP:
		entry = json_array_get(c->containers, f->index);
		if (req->rc == SW_ENOTFOUND || req->status == 409)
			json_object_set_new(
			    entry, "top",
			    snapshot_part(PART_NOT_PRESENT, NULL,
					  "the container stopped or was "
					  "removed before its processes "
					  "were listed"));
		else
			json_object_set_new(entry, "top", part_from(req));
		break;
	case FETCH_EXEC:
		entry = json_array_get(c->containers, f->index);
		file_exec(req, entry);
		break;
	case FETCH_IMAGE:
	case FETCH_HISTORY:
		file_image(c, req, f);
		break;
	case FETCH_NETWORK:
		file_network(c, req, f->index);
		break;
	case FETCH_SWARM:
	case FETCH_NODES:
	case FETCH_SERVICES:
	case FETCH_SECRETS:
		if (f->kind == FETCH_SWARM)
			redact_join_tokens(req->reply);
		json_object_set_new(c->swarm_parts, swarm_keys[f->index],
				    part_from(req));
		break;
	case FETCH_VOLUME:
		file_volume(c, req, f->index);
		break;
	}
}

/* Drops the networks removed mid-scan, which file_network() set to null. */
static void drop_networks(struct collector *c)
{
	for (size_t i = json_array_size(c->networks); i-- > 0;)
		if (json_is_null(json_array_get(c->networks, i)))
			json_array_remove(c->networks, i);
}

/* Round 3: processes, exec sessions, images, networks and swarm state. */
static int collect_details(struct collector *c)
{
	struct batch b = {0};
	int rc;

	rc = add_container_fetches(c, &b);
	if (!rc)
		rc = add_image_fetches(c, &b);
	if (!rc)
		rc = add_network_fetches(c, &b);
	if (!rc)
		rc = add_swarm_fetches(c, &b);
	if (!rc)
		rc = add_volume_fetches(c, &b);
	if (!rc)
		rc = engine_get_many(c->engine, b.reqs, b.n, NULL, NULL);
	for (size_t i = 0; !rc && i < b.n; i++)
		file_fetch(c, &b.reqs[i], &b.fetches[i]);
	if (!rc)
		drop_networks(c);
	for (size_t i = json_array_size(c->volumes); !rc && i-- > 0;)
		if (json_is_null(json_array_get(c->volumes, i)))
			json_array_remove(c->volumes, i);
	batch_clear(&b);
	return rc;
}

static json_t *list_part(json_t *failed, json_t *data)
{
	if (failed)
		return json_incref(failed);
	return snapshot_part(PART_COLLECTED, json_incref(data), NULL);
}

static json_t *target_object(struct collector *c)
{
	const char *host = json_string_value(json_object_get(c->info, "Name"));
	const char *name = c->opts->name ? c->opts->name : host;
	json_t *t = json_object();

	json_object_set_new(
	    t, "name", json_string(name ? name : engine_endpoint(c->engine)));
	json_object_set_new(t, "endpoint",
			    json_string(engine_endpoint(c->engine)));
	json_object_set_new(t, "api_version",
			    json_string(engine_api_version(c->engine)));
	json_object_set_new(t, "transport",
			    json_pack("{s:s, s:b, s:b}", "kind",
				      engine_transport(c->engine), "tls",
				      engine_tls(c->engine), "tls_verify",
				      engine_tls_verify(c->engine)));
	json_object_set(t, "version", c->version_part);
	json_object_set(t, "info", c->info_part);
	json_object_set_new(t, "containers",
			    list_part(c->containers_part, c->containers));
	json_object_set_new(t, "images", list_part(c->images_part, c->images));
	json_object_set_new(t, "networks",
			    list_part(c->networks_part, c->networks));
	for (size_t i = 0; i < 4; i++)
		json_object_set(t, swarm_keys[i],
				json_object_get(c->swarm_parts, swarm_keys[i]));
	json_object_set_new(t, "volumes", list_part(NULL, c->volumes));
	json_object_set(t, "notes", c->notes);
	return t;
}

static void collector_clear(struct collector *c)
{
	json_decref(c->notes);
	json_decref(c->version_part);
	json_decref(c->info_part);
	json_decref(c->containers);
	json_decref(c->containers_part);
	json_decref(c->images);
	json_decref(c->images_part);
	json_decref(c->image_index);
	json_decref(c->networks);
	json_decref(c->networks_part);
	json_decref(c->swarm_parts);
	json_decref(c->volume_names);
	json_decref(c->volumes);
	engine_free(c->engine);
}

static int collect_rounds(struct collector *c, struct buf *err)
{
	json_t *list = NULL;
	int rc = collect_lists(c, &list, err);

	if (rc)
		return rc;
	if (c->opts->listed)
		c->opts->listed(c->opts->listed_data);
	c->containers = json_array();
	if (list)
		rc = collect_inspections(c, list);
	json_decref(list);
	if (!rc)
		rc = collect_details(c);
	return rc;
}

int collect_target(const struct collect_options *opts, json_t **out,
		   struct buf *err)
{
	struct collector c = {.opts = opts};
	int rc;

	c.notes = json_array();
	if (!c.notes)
		return SW_ENOMEM;
	rc = engine_open(&opts->engine, &c.engine, err);
	if (!rc)
		rc = collect_rounds(&c, err);
	if (!rc) {
		*out = target_object(&c);
		if (!*out)
			rc = SW_ENOMEM;
	}
	if (rc == SW_ENOMEM && !err->len)
		buf_puts(err, "out of memory while collecting");
	collector_clear(&c);
	return rc;
}
