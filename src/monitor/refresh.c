#include "monitor/refresh.h"

#include <stdlib.h>
#include <string.h>

#include "model/snapshot.h"
#include "util/error.h"
#include "util/strutil.h"

/* Exec sessions inspected per container refresh, like a full collection. */
#define REFRESH_EXECS_MAX 256

/* Builds "/PREFIX/ID/SUFFIX" with the ID escaped; NULL when out of memory. */
static char *object_path(const char *prefix, const char *id, const char *suffix)
{
	struct buf path = BUF_INIT;
	int rc = buf_puts(&path, prefix);

	if (!rc)
		rc = engine_path_escape(&path, id);
	if (!rc && suffix)
		rc = buf_puts(&path, suffix);
	if (rc) {
		buf_clear(&path);
		return NULL;
	}
	return buf_steal(&path);
}

static int get_object(struct engine *e, const char *prefix, const char *id,
		      const char *suffix, json_t **out, struct buf *err)
{
	char *path = object_path(prefix, id, suffix);
	int rc;

	if (!path)
		return SW_ENOMEM;
	rc = engine_get(e, path, out, err);
	free(path);
	return rc;
}

/* A part for a finished request, as a full collection files it. */
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

/* Files the /top reply and the exec inspections into the entry. */
static void details_file(json_t *entry, struct engine_request *reqs, size_t n,
			 bool running)
{
	json_t *execs = json_array();
	json_t *failed = NULL;
	size_t first = running ? 1 : 0;

	if (running && (reqs[0].rc == SW_ENOTFOUND || reqs[0].status == 409))
		json_object_set_new(
		    entry, "top",
		    snapshot_part(PART_NOT_PRESENT, NULL,
				  "the container stopped before "
				  "its processes were listed"));
	else if (running)
		json_object_set_new(entry, "top", part_from(&reqs[0]));
	else
		json_object_set_new(entry, "top",
				    snapshot_part(PART_NOT_PRESENT, NULL,
						  "the container is not "
						  "running"));
	for (size_t i = first; i < n; i++) {
		if (reqs[i].rc == SW_ENOTFOUND)
			continue; /* the session ended and the engine removed it
				   */
		if (reqs[i].rc && !failed)
			failed = part_from(&reqs[i]);
		else if (!reqs[i].rc)
			json_array_append(execs, reqs[i].reply);
	}
	if (failed) {
		json_object_set_new(entry, "execs", failed);
		json_decref(execs);
	} else {
		json_object_set_new(entry, "execs",
				    snapshot_part(PART_COLLECTED, execs, NULL));
	}
}

static int details_fetch(struct engine *e, const char *id, json_t *entry)
{
	json_t *inspect = json_object_get(entry, "inspect");
	json_t *exec_ids = json_object_get(inspect, "ExecIDs");
	bool running = json_is_true(
	    json_object_get(json_object_get(inspect, "State"), "Running"));
	size_t n_execs = json_array_size(exec_ids), n = 0;
	struct engine_request *reqs;
	int rc = 0;

	if (n_execs > REFRESH_EXECS_MAX)
		n_execs = REFRESH_EXECS_MAX;
	reqs = calloc(n_execs + 1, sizeof(*reqs));
	if (!reqs)
		return SW_ENOMEM;
	if (running) {
		reqs[n].path = object_path("/containers/", id, "/top");
		rc = reqs[n++].path ? 0 : SW_ENOMEM;
	}
	for (size_t i = 0; i < n_execs && !rc; i++) {
		const char *exec =
		    json_string_value(json_array_get(exec_ids, i));

		if (!exec)
			continue;
		reqs[n].path = object_path("/exec/", exec, "/json");
		rc = reqs[n++].path ? 0 : SW_ENOMEM;
	}
	if (!rc)
		rc = engine_get_many(e, reqs, n, NULL, NULL);
	if (!rc)
		details_file(entry, reqs, n, running);
	for (size_t i = 0; i < n; i++) {
		engine_request_clear(&reqs[i]);
		free((char *)reqs[i].path);
	}
	free(reqs);
	return rc;
}

int refresh_container(struct engine *e, const char *id, json_t **entry,
		      struct buf *err)
{
	json_t *inspect = NULL, *out;
	int rc = get_object(e, "/containers/", id, "/json", &inspect, err);

	if (rc)
		return rc;
	if (!json_is_object(inspect)) {
		json_decref(inspect);
		buf_printf(err,
			   "the inspect document of container %.12s is "
			   "not an object",
			   id);
		return SW_EPROTO;
	}
	out = json_pack("{s:o}", "inspect", inspect);
	if (!out)
		return SW_ENOMEM;
	rc = details_fetch(e, id, out);
	if (rc) {
		json_decref(out);
		return rc;
	}
	*entry = out;
	return 0;
}

int refresh_exec(struct engine *e, const char *id, json_t **exec,
		 struct buf *err)
{
	return get_object(e, "/exec/", id, "/json", exec, err);
}

int refresh_image(struct engine *e, const char *id, json_t **entry,
		  struct buf *err)
{
	struct engine_request reqs[2] = {0};
	json_t *out = NULL;
	int rc;

	reqs[0].path = object_path("/images/", id, "/json");
	reqs[1].path = object_path("/images/", id, "/history");
	rc = reqs[0].path && reqs[1].path ? 0 : SW_ENOMEM;
	if (!rc)
		rc = engine_get_many(e, reqs, 2, NULL, NULL);
	if (!rc && reqs[0].rc) {
		rc = reqs[0].rc;
		buf_puts(err, buf_str(&reqs[0].error));
	}
	if (!rc) {
		out = json_pack("{s:n, s:O}", "summary", "inspect",
				reqs[0].reply);
		if (out)
			json_object_set_new(out, "history",
					    part_from(&reqs[1]));
		rc = out ? 0 : SW_ENOMEM;
	}
	for (size_t i = 0; i < 2; i++) {
		engine_request_clear(&reqs[i]);
		free((char *)reqs[i].path);
	}
	if (!rc)
		*entry = out;
	return rc;
}

int refresh_network(struct engine *e, const char *id, json_t **network,
		    struct buf *err)
{
	return get_object(e, "/networks/", id, NULL, network, err);
}

int refresh_daemon(struct engine *e, json_t **version_part, json_t **info_part,
		   struct buf *err)
{
	struct engine_request reqs[2] = {{.path = "/version"},
					 {.path = "/info"}};
	int rc = engine_get_many(e, reqs, 2, NULL, NULL);

	if (!rc && reqs[1].rc == SW_ECONNECT) {
		rc = SW_ECONNECT;
		buf_puts(err, buf_str(&reqs[1].error));
	}
	if (!rc) {
		*version_part = part_from(&reqs[0]);
		*info_part = part_from(&reqs[1]);
	}
	engine_request_clear(&reqs[0]);
	engine_request_clear(&reqs[1]);
	return rc;
}
