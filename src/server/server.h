/*
 * The HTTP server of the watch service. A pool of libmicrohttpd threads
 * serves the read-only API of server/api.h.
 */
#ifndef SW_SERVER_H
#define SW_SERVER_H

#include "monitor/watch_state.h"
#include "store/store.h"
#include "util/buf.h"

/* Server limits; each is a libmicrohttpd option. */
#define SERVER_THREADS		 4
#define SERVER_CONNECTIONS_MAX	 256
#define SERVER_TIMEOUT_S	 30
#define SERVER_CONNECTION_MEMORY ((size_t)64 << 10)

struct server_config {
	const char *listen; /* "HOST:PORT" or "[V6]:PORT"; port 0 picks one */
	const char *token;  /* NULL: no token required */
	struct store *store;
	struct watch_state *state;
};

struct api_server;

/*
 * Starts serving. Returns SW_EINVAL for an address that is not a numeric
 * IPv4 or IPv6 address (or "localhost"), SW_EIO when it cannot be bound,
 * with a message in `err` naming http.listen and what to do.
 */
int api_server_start(const struct server_config *cfg, struct api_server **out,
		     struct buf *err);

/* The port bound, which differs from the configured one for port 0. */
unsigned api_server_port(const struct api_server *s);

/* Stops after the requests in progress; accepts NULL. */
void api_server_stop(struct api_server *s);

#endif
