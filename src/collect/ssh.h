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
 * 8: engine connections through one tunnel at once. Each is a session of
 * the shared SSH connection. sshd allows 10 sessions per connection unless
 * its MaxSessions sets another number, and the command shell takes one.
 */
#define SSH_TUNNEL_CONCURRENCY_MAX 8

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

/*
 * Fixed commands on the same host, for host facts. Tunnels and sessions
 * to one address share one SSH connection (a ControlMaster in a private
 * directory), which stays up until the process exits.
 */
struct ssh_session;

/* Opens (or reuses) the connection to `url`; errors as ssh_tunnel_open. */
int ssh_session_open(const char *url, long connect_timeout_ms,
		     struct ssh_session **out, struct buf *err);

/*
 * Runs `argv` on the remote host with LC_ALL=C. Every argument is quoted
 * for the remote shell, so no argument is ever parsed as shell syntax.
 * Commands run one after another in one remote sh (ssh_shell.c), or each
 * in an SSH session of its own where that shell cannot run.
 * Stdout goes to `out` (at most its maximum), stderr to `errout` (cut at
 * 8 KiB); `*status` gets the exit status (255 for a broken connection).
 * Returns 0 when the command ran, SW_ELIMIT when stdout was too long,
 * SW_ECONNECT when ssh could not run, with a message in `err`.
 */
int ssh_session_run(struct ssh_session *s, const char *const *argv,
		    struct buf *out, struct buf *errout, int *status,
		    struct buf *err);

/* As ssh_session_run, for a constant command line given as one string. */
int ssh_session_run_fixed(struct ssh_session *s, const char *command,
			  struct buf *out, struct buf *errout, int *status,
			  struct buf *err);

/* Returns the session's address as "ssh://user@host:port". */
const char *ssh_session_url(const struct ssh_session *s);

#endif
