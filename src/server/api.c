#include "server/api.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server/api_json.h"
#include "util/error.h"
#include "util/strutil.h"

static void respond_json(struct api_response *resp, unsigned status,
			 json_t *doc)
{
	char *text = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_ENSURE_ASCII |
					       JSON_REAL_PRECISION(10))
			 : NULL;

	json_decref(doc);
	resp->content_type = "application/json";
	if (!text) {
		resp->status = 500;
		buf_puts(&resp->body, "{\"error\": \"out of memory\"}\n");
		return;
	}
	resp->status = status;
	buf_puts(&resp->body, text);
	buf_putc(&resp->body, '\n');
	free(text);
}

static void respond_error(struct api_response *resp, unsigned status,
			  const char *message)
{
	respond_json(resp, status, json_pack("{s:s}", "error", message));
}

static const char *arg_get(const struct api_request *req, const char *name)
{
	for (size_t i = 0; i < req->n_args; i++)
		if (str_eq(req->args[i].name, name))
			return req->args[i].value;
	return NULL;
}

/* Compares in time independent of where the strings differ. */
static bool token_equal(const char *given, const char *expected)
{
	size_t n = strlen(expected), m = strlen(given);
	unsigned char diff = (unsigned char)(n != m);

	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)(expected[i] ^ (i < m ? given[i] : 0));
	return diff == 0;
}

static bool authorized(const struct api_context *ctx,
		       const struct api_request *req)
{
	const char *h = req->authorization;

	if (!ctx->token)
		return true;
	if (!h || strncasecmp(h, "Bearer ", 7) != 0)
		return false;
	h += 7;
	while (*h == ' ')
		h++;
	return token_equal(h, ctx->token);
}

static void get_healthz(const struct api_context *ctx,
			struct api_response *resp)
{
	size_t reachable = 0, hosts;

	pthread_mutex_lock(&ctx->state->lock);
	hosts = ctx->state->n_hosts;
	for (size_t i = 0; i < hosts; i++)
		reachable += ctx->state->hosts[i].reachable;
	pthread_mutex_unlock(&ctx->state->lock);
	respond_json(resp, 200,
		     json_pack("{s:s, s:I, s:I}", "status", "ok", "hosts",
			       (json_int_t)hosts, "reachable",
			       (json_int_t)reachable));
}

static void get_metrics(const struct api_context *ctx,
			struct api_response *resp)
{
	if (api_metrics(ctx->state, &resp->body)) {
		buf_reset(&resp->body);
		respond_error(resp, 500, "out of memory");
		return;
	}
	resp->status = 200;
	resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
}

static void get_hosts(const struct api_context *ctx, struct api_response *resp)
{
	json_t *hosts = json_array();

	pthread_mutex_lock(&ctx->state->lock);
	for (size_t i = 0; i < ctx->state->n_hosts; i++)
		json_array_append_new(hosts,
				      api_host_summary(&ctx->state->hosts[i]));
	pthread_mutex_unlock(&ctx->state->lock);
	respond_json(resp, 200,
		     json_pack("{s:s, s:s, s:o}", "schema",
			       "stridewatch.hosts/1", "started_at",
			       ctx->state->started_at, "hosts", hosts));
}

/* Takes a reference to a host's record and its summary; NULL if none. */
static struct shared_record *host_take(const struct api_context *ctx,
				       const char *name, json_t **summary,
				       bool *known)
{
	struct shared_record *r = NULL;
	long i;

	pthread_mutex_lock(&ctx->state->lock);
	i = watch_state_find(ctx->state, name);
	*known = i >= 0;
	if (i >= 0) {
		*summary = api_host_summary(&ctx->state->hosts[i]);
		r = shared_record_get(ctx->state->hosts[i].latest);
	}
	pthread_mutex_unlock(&ctx->state->lock);
	return r;
}

static void get_host(const struct api_context *ctx, const char *name,
		     struct api_response *resp)
{
	json_t *doc = NULL;
	bool known;
	struct shared_record *r = host_take(ctx, name, &doc, &known);

	if (!known) {
		respond_error(resp, 404,
			      "no such host; list them at "
			      "/api/v1/hosts");
		return;
	}
	if (r) {
		api_host_detail(doc, &r->record->hosts[0]);
		shared_record_put(ctx->state, r);
	}
	respond_json(resp, 200, doc);
}

/* Parses ?after= and ?limit=; responds 400 itself when invalid. */
static bool page_args(const struct api_request *req, int64_t *after,
		      size_t *limit, struct api_response *resp)
{
	const char *a = arg_get(req, "after"), *l = arg_get(req, "limit");
	int64_t n = 1000;

	*after = 0;
	if (a && parse_int64(a, 0, INT64_MAX, after)) {
		respond_error(resp, 400,
			      "invalid 'after': expected an "
			      "assessment ID");
		return false;
	}
	if (l && parse_int64(l, 1, API_LIMIT_MAX, &n)) {
		respond_error(resp, 400,
			      "invalid 'limit': expected 1 to "
			      "10000");
		return false;
	}
	*limit = (size_t)n;
	return true;
}

static void get_assessments(const struct api_context *ctx, const char *name,
			    const struct api_request *req,
			    struct api_response *resp)
{
	struct assessment_summary *rows = NULL;
	struct arena a = ARENA_INIT;
	struct buf err = BUF_INIT;
	json_t *list;
	size_t n = 0, limit;
	int64_t after;
	bool known;

	pthread_mutex_lock(&ctx->state->lock);
	known = watch_state_find(ctx->state, name) >= 0;
	pthread_mutex_unlock(&ctx->state->lock);
	if (!known) {
		respond_error(resp, 404,
			      "no such host; list them at "
			      "/api/v1/hosts");
		return;
	}
	if (!page_args(req, &after, &limit, resp))
		return;
	if (!ctx->store || store_list_assessments(ctx->store, name, after,
						  limit, &a, &rows, &n, &err)) {
		respond_error(resp, 503, "the history store is not available");
		arena_clear(&a);
		buf_clear(&err);
		return;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, api_summary_json(&rows[i]));
	respond_json(resp, 200,
		     json_pack("{s:s, s:o, s:I}", "host", name, "assessments",
			       list, "next_after",
			       (json_int_t)(n ? rows[n - 1].id : after)));
	arena_clear(&a);
	buf_clear(&err);
}

static void get_assessment(const struct api_context *ctx, const char *id_text,
			   struct api_response *resp)
{
	struct assessment_record *r = NULL;
	struct buf err = BUF_INIT;
	int64_t id;
	int rc;

	if (parse_int64(id_text, 1, INT64_MAX, &id)) {
		respond_error(resp, 400, "invalid assessment ID");
		return;
	}
	if (!ctx->store) {
		respond_error(resp, 503, "the history store is not available");
		return;
	}
	rc = store_read_assessment(ctx->store, id, &r, &err);
	buf_clear(&err);
	if (rc == SW_ENOTFOUND) {
		respond_error(resp, 404, "no such assessment");
		return;
	}
	if (rc) {
		respond_error(resp, 503, "the history store is not available");
		return;
	}
	respond_json(resp, 200, api_record_json(r));
	assessment_record_free(r);
}

static void get_findings(const struct api_context *ctx,
			 const struct api_request *req,
			 struct api_response *resp)
{
	struct finding_filter filter;
	const char *problem = finding_filter_parse(
	    &filter, arg_get(req, "host"), arg_get(req, "status"),
	    arg_get(req, "severity"), arg_get(req, "stride"));
	struct shared_record *refs[WATCH_TARGETS_MAX];
	size_t n = 0;
	json_t *list;

	if (problem) {
		respond_error(resp, 400, problem);
		return;
	}
	pthread_mutex_lock(&ctx->state->lock);
	for (size_t i = 0; i < ctx->state->n_hosts && n < WATCH_TARGETS_MAX;
	     i++)
		if (ctx->state->hosts[i].latest &&
		    (!filter.host ||
		     str_eq(filter.host, ctx->state->hosts[i].name)))
			refs[n++] =
			    shared_record_get(ctx->state->hosts[i].latest);
	pthread_mutex_unlock(&ctx->state->lock);
	list = json_array();
	for (size_t i = 0; i < n; i++) {
		api_findings_append(list, &refs[i]->record->hosts[0], &filter);
		shared_record_put(ctx->state, refs[i]);
	}
	respond_json(resp, 200,
		     json_pack("{s:I, s:o}", "count",
			       (json_int_t)json_array_size(list), "findings",
			       list));
}

/* Routes /api/v1/hosts/NAME[/assessments]; `rest` follows "hosts/". */
static void route_host(const struct api_context *ctx,
		       const struct api_request *req, const char *rest,
		       struct api_response *resp)
{
	char name[WATCH_NAME_MAX + 1];
	const char *slash = strchr(rest, '/');
	size_t len = slash ? (size_t)(slash - rest) : strlen(rest);

	if (len == 0 || len > WATCH_NAME_MAX) {
		respond_error(resp, 404, "no such host");
		return;
	}
	memcpy(name, rest, len);
	name[len] = '\0';
	if (!slash)
		get_host(ctx, name, resp);
	else if (str_eq(slash, "/assessments"))
		get_assessments(ctx, name, req, resp);
	else
		respond_error(resp, 404, "no such endpoint");
}

/* Routes /api/v1/...; `rest` follows the prefix. */
static void route_api(const struct api_context *ctx,
		      const struct api_request *req, const char *rest,
		      struct api_response *resp)
{
	if (str_eq(rest, "hosts"))
		get_hosts(ctx, resp);
	else if (str_eq(rest, "findings"))
		get_findings(ctx, req, resp);
	else if (str_starts_with(rest, "assessments/"))
		get_assessment(ctx, rest + strlen("assessments/"), resp);
	else if (str_starts_with(rest, "hosts/"))
		route_host(ctx, req, rest + strlen("hosts/"), resp);
	else
		respond_error(resp, 404, "no such endpoint");
}

void api_handle(const struct api_context *ctx, const struct api_request *req,
		struct api_response *resp)
{
	buf_init(&resp->body, 0);
	resp->status = 500;
	resp->content_type = "application/json";
	resp->challenge = false;
	if (!str_eq(req->method, "GET") && !str_eq(req->method, "HEAD")) {
		respond_error(resp, 405, "the API is read-only: use GET");
	} else if (str_eq(req->path, "/healthz")) {
		get_healthz(ctx, resp);
	} else if (!authorized(ctx, req)) {
		respond_error(resp, 401,
			      "a bearer token is required: send "
			      "Authorization: Bearer TOKEN");
		resp->challenge = true;
	} else if (req->too_many_args) {
		respond_error(resp, 400, "too many query arguments");
	} else if (str_eq(req->path, "/metrics")) {
		get_metrics(ctx, resp);
	} else if (str_starts_with(req->path, "/api/v1/")) {
		route_api(ctx, req, req->path + strlen("/api/v1/"), resp);
	} else {
		respond_error(resp, 404, "no such endpoint; see /api/v1/hosts");
	}
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Appends `len` bytes percent-decoded ('+' is a space in queries). */
static int decode_append(struct buf *out, const char *s, size_t len, bool query)
{
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == '%' && i + 2 < len && hex_value(s[i + 1]) >= 0 &&
		    hex_value(s[i + 2]) >= 0) {
			c = (char)(hex_value(s[i + 1]) * 16 +
				   hex_value(s[i + 2]));
			i += 2;
		} else if (c == '+' && query) {
			c = ' ';
		}
		if (c == '\0')
			return SW_EINVAL;
		if (buf_putc(out, c))
			return SW_ENOMEM;
	}
	return buf_putc(out, '\0');
}

int api_request_parse(struct api_request *req, const char *target,
		      struct buf *storage)
{
	const char *q = strchr(target, '?');
	size_t path_len = q ? (size_t)(q - target) : strlen(target);
	size_t offsets[1 + 2 * API_ARGS_MAX];
	size_t n = 0;
	int rc;

	if (target[0] != '/' || path_len > API_PATH_MAX)
		return SW_EINVAL;
	buf_reset(storage);
	offsets[n++] = 0;
	rc = decode_append(storage, target, path_len, false);
	req->n_args = 0;
	req->too_many_args = false;
	while (!rc && q && *q) {
		const char *start = q + 1, *end = strchr(start, '&');
		const char *eq;
		size_t len = end ? (size_t)(end - start) : strlen(start);

		q = end;
		if (!len)
			continue;
		if (req->n_args == API_ARGS_MAX) {
			req->too_many_args = true;
			break;
		}
		eq = memchr(start, '=', len);
		offsets[n++] = storage->len;
		rc = decode_append(storage, start,
				   eq ? (size_t)(eq - start) : len, true);
		offsets[n++] = storage->len;
		if (!rc)
			rc = decode_append(
			    storage, eq ? eq + 1 : start + len,
			    eq ? len - (size_t)(eq - start) - 1 : 0, true);
		req->n_args++;
	}
	if (rc)
		return rc == SW_ENOMEM ? SW_ENOMEM : SW_EINVAL;
	/* The storage no longer moves: point into it. */
	req->path = storage->data;
	for (size_t i = 0; i < req->n_args; i++) {
		req->args[i].name = storage->data + offsets[1 + 2 * i];
		req->args[i].value = storage->data + offsets[2 + 2 * i];
	}
	return 0;
}
