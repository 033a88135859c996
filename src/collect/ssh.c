/*
 * Placeholder for the SSH transport: every ssh:// address is rejected until
 * the `docker system dial-stdio` relay described in ssh.h replaces this.
 */
#include "collect/ssh.h"

#include "util/error.h"
#include "util/strutil.h"

int ssh_tunnel_open(const char *url, long connect_timeout_ms,
		    struct ssh_tunnel **out, char *socket_path, size_t len,
		    struct buf *err)
{
	(void)connect_timeout_ms;
	(void)socket_path;
	(void)len;
	*out = NULL;
	buf_puts(err, "cannot use engine address '");
	escape_terminal(err, url, 200);
	buf_puts(err, "': ssh:// is not supported yet; forward the engine's "
		      "socket yourself (ssh -L /tmp/docker.sock:"
		      "/var/run/docker.sock HOST) and use "
		      "--host unix:///tmp/docker.sock");
	return SW_EINVAL;
}

void ssh_tunnel_close(struct ssh_tunnel *tunnel)
{
	(void)tunnel;
}
