/*
 * SSH transport for the engine client: engine_open() calls this for an
 * ssh:// address and then talks HTTP to the engine over the local unix
 * socket it returns, exactly as it does for a local engine.
 *
 * The intended implementation runs `ssh [-p PORT] [USER@]HOST docker system
 * dial-stdio` (the command the docker CLI uses) and relays a private unix
 * socket, in a directory only the caller can enter, to that process's
 * standard input and output. This file is the whole interface between the
 * engine client and that transport.
 */
#ifndef SW_SSH_H
#define SW_SSH_H

#include <stddef.h>

#include "util/buf.h"

struct ssh_tunnel;

/*
 * Opens a tunnel to the engine named by `url` (ssh://[USER@]HOST[:PORT],
 * already checked by engine_url_parse()). `connect_timeout_ms` bounds the
 * SSH connection. On success returns 0, the tunnel in `*out` and the local
 * socket path in `socket_path` (`len` bytes, NUL-terminated). Returns
 * SW_EINVAL for an address or setting it cannot use, SW_ECONNECT when the
 * host or its engine cannot be reached, with a message in `err`.
 */
int ssh_tunnel_open(const char *url, long connect_timeout_ms,
		    struct ssh_tunnel **out, char *socket_path, size_t len,
		    struct buf *err);

/* Stops the tunnel and removes its socket; accepts NULL. */
void ssh_tunnel_close(struct ssh_tunnel *tunnel);

#endif
