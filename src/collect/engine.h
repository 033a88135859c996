/*
 * Docker Engine API client on libcurl.
 *
 * The client sends GET requests only: no function here can send another
 * method, because access to the Engine API is root on the engine's host.
 * It reaches the engine over a unix socket, TCP (optionally TLS) or an SSH
 * tunnel (collect/ssh.h), negotiates the API version once with GET /_ping
 * and puts it into every request path ("/v1.41/containers/json").
 *
 * Library code: nothing here prints. Messages go into `struct buf *err` and
 * name the address, the failure and what to do; they never contain the
 * contents of a TLS key (only its path).
 */
#ifndef SW_ENGINE_H
#define SW_ENGINE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "collect/collect.h"
#include "util/buf.h"

/* The socket used when neither --host nor DOCKER_HOST names an engine. */
#define ENGINE_DEFAULT_SOCKET "/var/run/docker.sock"
#define ENGINE_DEFAULT_URL    "unix://" ENGINE_DEFAULT_SOCKET

/*
 * API versions. Requests use min(engine, ENGINE_API_MAX); 1.41 is what
 * Docker 20.10 (Debian 12's docker.io) speaks. An engine whose /_ping has no
 * API-Version header predates the header and is taken to speak 1.24, as the
 * docker CLI does. Engines older than ENGINE_API_MIN are rejected.
 */
#define ENGINE_API_MAX "1.41"
#define ENGINE_API_MIN "1.24"

/* Defaults for the zero values of struct engine_options. */
#define ENGINE_CONNECT_TIMEOUT_MS 5000
#define ENGINE_TIMEOUT_MS	  60000
#define ENGINE_CONCURRENCY	  32
/* The most transfers in flight at once, whatever the options ask. */
#define ENGINE_CONCURRENCY_MAX 256

/*
 * 64 MiB: the largest reply body accepted from the engine. A larger reply
 * fails with SW_ELIMIT, so a hostile engine cannot make the client allocate
 * without bound. /containers/json for 10,000 containers is about 20 MiB.
 */
#define ENGINE_REPLY_MAX ((size_t)64 << 20)

/* sizeof(sockaddr_un.sun_path) on Linux, terminating NUL included. */
#define ENGINE_SOCKET_PATH_MAX 108
#define ENGINE_HOST_MAX	       256
#define ENGINE_BASE_PATH_MAX   256
#define ENGINE_VERSION_MAX     16

enum engine_scheme {
	ENGINE_UNIX,
	ENGINE_TCP, /* tcp://, http:// and https:// */
	ENGINE_SSH,
};

/* An engine address, parsed. */
struct engine_url {
	enum engine_scheme scheme;
	bool https;				  /* https:// asks for TLS */
	char socket_path[ENGINE_SOCKET_PATH_MAX]; /* unix */
	char host[ENGINE_HOST_MAX]; /* tcp, ssh; IPv6 without brackets */
	unsigned port;		    /* tcp, ssh; 0 when not given */
	char base_path[ENGINE_BASE_PATH_MAX]; /* tcp: "" or "/prefix" */
};

/*
 * Parses an engine address: unix:///PATH, tcp://HOST[:PORT][/PREFIX],
 * http://..., https://... or ssh://[USER@]HOST[:PORT]. `origin` names where
 * the address came from ("--host", "DOCKER_HOST") for the message; it may
 * be NULL. Returns 0 or SW_EINVAL with a message in `err`; `*out` is written
 * only on success. User names and passwords are rejected for tcp, so that
 * no credential ends up in a message or a snapshot.
 */
int engine_url_parse(const char *url, const char *origin,
		     struct engine_url *out, struct buf *err);

/*
 * Appends `url` with the password of its user information replaced by
 * "***" ("tcp://u:***@host:2375"), for every message, snapshot and report
 * that shows an address. An address without a password is appended as it
 * is. Returns 0 or SW_ENOMEM.
 */
int engine_url_redact(struct buf *out, const char *url);

/*
 * The TCP port for a tcp:// address without one: 2376 with TLS, else 2375,
 * as the docker CLI picks them.
 */
unsigned engine_url_default_port(bool tls);

/* What GET /_ping told about the engine. */
struct engine_ping {
	char api_version[ENGINE_VERSION_MAX]; /* "" when the header is absent */
	char os_type[ENGINE_VERSION_MAX];     /* "linux", "windows" or "" */
	bool experimental;
};

/*
 * Reads one header line of the /_ping reply ("API-Version: 1.41\r\n", as
 * libcurl hands it over, not NUL-terminated) into `ping`. Header names match
 * case-insensitively; unknown headers and oversized values are ignored.
 */
void engine_ping_header(struct engine_ping *ping, const char *line, size_t len);

/*
 * Picks the API version for requests from the engine's (`server`, "" or
 * NULL when /_ping had no header): min(server, ENGINE_API_MAX). Writes it
 * into `out` ("1.41"). Returns SW_EPROTO with a message for a version that
 * does not parse or is older than ENGINE_API_MIN.
 */
int engine_api_negotiate(const char *server, char *out, size_t len,
			 struct buf *err);

/*
 * Compares two "MAJOR.MINOR" versions: <0, 0, >0. A version that does not
 * parse sorts before every valid one.
 */
int engine_api_compare(const char *a, const char *b);

/*
 * Appends a path segment with every byte outside [A-Za-z0-9._~:-]
 * percent-encoded, so that an ID or name the engine sent cannot change the
 * request path.
 */
int engine_path_escape(struct buf *out, const char *segment);

/*
 * Describes a failed connection for the user: the address, the system
 * error (`os_errno`, 0 when unknown), and what to do, which depends on the
 * error: start the engine, join the docker group, set DOCKER_HOST.
 */
void engine_connect_message(struct buf *err, const char *endpoint,
			    enum engine_scheme scheme, int os_errno,
			    const char *detail);

struct engine;

/*
 * Connects to the engine `opts` names (NULL url: DOCKER_HOST, else
 * ENGINE_DEFAULT_URL; the caller applies engine_options_from_env() first
 * if it wants the environment) and negotiates the API version.
 * Returns 0 and a new client in `*out`, or:
 *   SW_EINVAL   an invalid address or TLS setting (usage);
 *   SW_ECONNECT the engine cannot be reached, including permission denied
 *               on its socket and TLS failures;
 *   SW_EPROTO   something answered that is not a usable Docker engine;
 *   SW_ENOMEM.
 * with a message in `err`. engine_free() releases the client.
 */
int engine_open(const struct engine_options *opts, struct engine **out,
		struct buf *err);
void engine_free(struct engine *e);

/* The address as the user would write it: "unix:///var/run/docker.sock". */
const char *engine_endpoint(const struct engine *e);
/* "unix", "tcp" or "ssh". */
const char *engine_transport(const struct engine *e);
bool engine_tls(const struct engine *e);
bool engine_tls_verify(const struct engine *e);
/* The negotiated API version used in request paths, "1.41". */
const char *engine_api_version(const struct engine *e);
/* What /_ping returned; the API version there is the engine's own. */
const struct engine_ping *engine_ping_info(const struct engine *e);

/*
 * One GET request. The caller sets `path` (unversioned, from the leading
 * slash: "/containers/json?all=1") and optionally `data`; the client fills
 * the rest. engine_request_clear() frees what the client filled in.
 */
struct engine_request {
	const char *path; /* owned by the caller */
	void *data;	  /* the caller's; untouched */

	int rc;		  /* 0, SW_ENOTFOUND (404), SW_EPERM (401, 403),
			     SW_ECONNECT, SW_EPROTO, SW_ELIMIT, SW_ENOMEM */
	long status;	  /* HTTP status; 0 when no reply came */
	json_t *reply;	  /* the parsed reply when rc is 0, else NULL */
	struct buf error; /* a message when rc is not 0 */
};

void engine_request_clear(struct engine_request *req);

/* Called as each request of engine_get_many() finishes. */
typedef void (*engine_done_fn)(struct engine_request *req, void *data);

/*
 * Sends `n` requests, up to the configured concurrency at once over the
 * curl multi interface, reusing connections. Each request gets its own
 * result; `done` (may be NULL) is called as each finishes. Returns 0 once
 * every request has a result, or SW_ENOMEM when the transfers could not be
 * set up at all.
 */
int engine_get_many(struct engine *e, struct engine_request *reqs, size_t n,
		    engine_done_fn done, void *data);

/*
 * Sends one request. Returns its rc; on success `*out` is the reply, which
 * the caller frees with json_decref(); on failure the message is in `err`.
 */
int engine_get(struct engine *e, const char *path, json_t **out,
	       struct buf *err);

/* Callbacks of engine_stream(); `data` is the caller's. */
struct engine_stream_ops {
	/* The engine answered with a 2xx status; the body follows. */
	void (*opened)(void *data);
	/* A piece of the body as it arrives; returns false to stop. */
	bool (*chunk)(void *data, const char *piece, size_t len);
	/* Called about once a second while the stream is open or
	 * connecting; returns false to stop. */
	bool (*tick)(void *data);
};

/*
 * Streams the body of one GET request (such as /events) on its own
 * connection, without the total timeout of other requests; TCP keepalive
 * detects a peer that went away. Returns 0 when a callback stopped the
 * stream or the engine ended it, else the error of engine_get() with a
 * message in `err`. Used by one thread at a time per engine.
 */
int engine_stream(struct engine *e, const char *path,
		  const struct engine_stream_ops *ops, void *data,
		  struct buf *err);

#endif
