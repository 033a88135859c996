/*
 * The read-only HTTP API of the watch service, without the HTTP server:
 * a request goes in, a status, a content type and a body come out. The
 * server (server.c) and the fuzz harness both call api_handle(), so the
 * request handling is fuzzed on exactly the code that serves.
 *
 *   GET /healthz                          liveness, no token needed
 *   GET /metrics                          Prometheus text format
 *   GET /api/v1/hosts                     hosts with their current score
 *   GET /api/v1/hosts/NAME                one host: containers, findings
 *   GET /api/v1/hosts/NAME/assessments    stored assessments over time
 *                                         (?after=ID&limit=N)
 *   GET /api/v1/assessments/ID            one stored assessment in full
 *   GET /api/v1/findings                  current findings
 *                                         (?host=&status=&severity=&stride=)
 */
#ifndef SW_API_H
#define SW_API_H

#include <stdbool.h>
#include <stddef.h>

#include "monitor/watch_state.h"
#include "store/store.h"
#include "util/buf.h"

/* Limits on what a request may contain. */
#define API_PATH_MAX  1024
#define API_ARGS_MAX  16
#define API_LIMIT_MAX 10000 /* rows per assessments page */

struct api_arg {
	const char *name;
	const char *value;
};

struct api_request {
	const char *method;
	const char *path; /* decoded, without the query */
	struct api_arg args[API_ARGS_MAX];
	size_t n_args;
	bool too_many_args;
	const char *authorization; /* the header, or NULL */
};

struct api_response {
	unsigned status;
	const char *content_type;
	bool challenge; /* 401: send WWW-Authenticate: Bearer */
	struct buf body;
};

struct api_context {
	struct watch_state *state;
	struct store *store; /* NULL: the store endpoints answer 503 */
	const char *token;   /* NULL: no token is required */
};

/*
 * Splits a raw request target ("/api/v1/findings?severity=high") into the
 * request's path and arguments, percent-decoding both into `storage`.
 * Returns 0, or SW_EINVAL for a target that is not origin-form or holds a
 * NUL byte.
 */
int api_request_parse(struct api_request *req, const char *target,
		      struct buf *storage);

/* Answers one request; the response body is the caller's to clear. */
void api_handle(const struct api_context *ctx, const struct api_request *req,
		struct api_response *resp);

/* Writes the Prometheus metrics into `out` (in api_metrics.c). */
int api_metrics(struct watch_state *state, struct buf *out);

#endif
