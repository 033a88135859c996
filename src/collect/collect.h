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
	const char *url_origin; /* where url came from, for messages:
				   "--host", "DOCKER_HOST"; may be NULL */
	const char *cert_path;	/* DOCKER_CERT_PATH; NULL = ~/.docker */
	const char *ca_file;	/* --tlscacert; NULL = cert_path/ca.pem */
	const char *cert_file;	/* --tlscert; NULL = cert_path/cert.pem */
	const char *key_file;	/* --tlskey; NULL = cert_path/key.pem */
	bool tls;		/* tcp with TLS */
	bool tls_verify;	/* TLS and verify (DOCKER_TLS_VERIFY,
				   --tlsverify); implies tls */
	/*
	 * The server's certificate is verified whenever TLS is used, unless
	 * this explicit opt-out (--tlsverify=false) is set. A zeroed struct
	 * therefore verifies.
	 */
	bool tls_skip_verify;
	long connect_timeout_ms; /* 0 = ENGINE_CONNECT_TIMEOUT_MS */
	long timeout_ms;	 /* per request; 0 = ENGINE_TIMEOUT_MS */
	int concurrency;	 /* parallel requests; 0 = ENGINE_CONCURRENCY */
};

/* Called from the collecting thread as inspections finish. */
typedef void (*collect_progress_fn)(void *data, size_t done, size_t total);
/* Called once the containers are listed, before any is inspected. */
typedef void (*collect_listed_fn)(void *data);

struct collect_options {
	struct engine_options engine;
	const char *name; /* target name; NULL = the engine's host name */
	bool all;	  /* stopped containers too */
	/*
	 * Leaves out GET /containers/{id}/top, which the engine serves by
	 * running ps in each container. Every "top" part is then absent.
	 */
	bool skip_top;
	collect_progress_fn progress;
	void *progress_data;
	collect_listed_fn listed; /* may be NULL */
	void *listed_data;
};

/*
 * Fills `engine` from DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH
 * where the fields are not set yet.
 */
void engine_options_from_env(struct engine_options *engine);

/*
 * Collects one target. Returns 0 and a new snapshot target object in
 * `*out`, which the caller frees with json_decref(). Parts the engine
 * denied or failed are recorded in the object with their status, and
 * containers removed mid-scan in its notes: neither is an error. Fails with
 * a message in `err`:
 *   SW_ECONNECT the engine cannot be reached (the message names the
 *               address, the system error and what to do);
 *   SW_EINVAL   an invalid address or TLS setting;
 *   SW_EPROTO   what answered is not a Docker engine this client reads;
 *   SW_ENOMEM.
 */
int collect_target(const struct collect_options *opts, json_t **out,
		   struct buf *err);

#endif
