/*
 * Collection: the only stage that talks to targets. It sends GET requests
 * only and returns what it gathered as a snapshot target object (see
 * docs/snapshot.md), which model/snapshot.c turns into the model.
 */
#ifndef SW_COLLECT_H
#define SW_COLLECT_H

#include <jansson.h>
#include <stdbool.h>

#include "util/buf.h"

struct engine_options {
	const char *url; /* unix://, tcp://, ssh://; NULL = DOCKER_HOST or
			    the default socket */
	const char *cert_path; /* DOCKER_CERT_PATH; NULL = ~/.docker */
	bool tls;              /* tcp with TLS */
	bool tls_verify;       /* verify the server (on by default) */
	long connect_timeout_ms;
	long timeout_ms;
	int concurrency; /* parallel inspections; 0 = default */
};

/* Called from the collecting thread as inspections finish. */
typedef void (*collect_progress_fn)(void *data, size_t done, size_t total);

struct collect_options {
	struct engine_options engine;
	const char *name; /* target name; NULL = the engine's host name */
	bool all;         /* stopped containers too */
	collect_progress_fn progress;
	void *progress_data;
};

/*
 * Fills `engine` from DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH
 * where the fields are not set yet.
 */
void engine_options_from_env(struct engine_options *engine);

/*
 * Collects one target. Returns 0 and a new snapshot target object in
 * `*out`; SW_ECONNECT when the engine cannot be reached, with a message in
 * `err` naming the address, the system error and what to do.
 */
int collect_target(const struct collect_options *opts, json_t **out,
		   struct buf *err);

#endif
