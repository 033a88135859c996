#include "server/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "server/api.h"
#include "util/error.h"
#include "util/log.h"
#include "util/strutil.h"

struct api_server {
	struct MHD_Daemon *daemon;
	struct api_context ctx;
	char *token;
	unsigned port;
};

/* Parses "HOST:PORT" into a socket address; false when invalid. */
static bool address_parse(const char *listen, struct sockaddr_storage *ss,
			  bool *v6)
{
	const char *colon = strrchr(listen, ':');
	char host[64];
	size_t len;
	unsigned port;

	if (!colon || parse_uint(colon + 1, 65535, &port))
		return false;
	len = (size_t)(colon - listen);
	if (listen[0] == '[' && len >= 2 && listen[len - 1] == ']') {
		listen++;
		len -= 2;
	}
	if (len == 0 || len >= sizeof(host))
		return false;
	memcpy(host, listen, len);
	host[len] = '\0';
	if (str_eq(host, "localhost"))
		strcpy(host, "127.0.0.1");
	memset(ss, 0, sizeof(*ss));
	*v6 = strchr(host, ':') != NULL;
	if (*v6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;

		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		return inet_pton(AF_INET6, host, &a->sin6_addr) == 1;
	}
	((struct sockaddr_in *)ss)->sin_family = AF_INET;
	((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host,
			 &((struct sockaddr_in *)ss)->sin_addr) == 1;
}

/* Collects the query arguments libmicrohttpd has decoded. */
static enum MHD_Result arg_collect(void *cls, enum MHD_ValueKind kind,
				   const char *key, const char *value)
{
	struct api_request *req = cls;

	(void)kind;
	if (req->n_args == API_ARGS_MAX) {
		req->too_many_args = true;
		return MHD_NO;
	}
	req->args[req->n_args].name = key;
	req->args[req->n_args].value = value ? value : "";
	req->n_args++;
	return MHD_YES;
}

static enum MHD_Result respond(struct MHD_Connection *conn,
			       struct api_response *resp, bool head)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	size_t len = resp->body.len;
	char *body = buf_steal(&resp->body);

	r = MHD_create_response_from_buffer(
	    head ? 0 : len, body ? body : (char *)"",
	    body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	if (head)
		free(body);
	MHD_add_response_header(r, "Content-Type", resp->content_type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (resp->challenge)
		MHD_add_response_header(r, "WWW-Authenticate",
					"Bearer realm=\"stridewatch\"");
	ret = MHD_queue_response(conn, resp->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload_data,
				  size_t *upload_data_size, void **req_cls)
{
	struct api_server *s = cls;
	struct api_request req = {.method = method, .path = url};
	struct api_response resp;
	static int first_call;

	(void)version;
	(void)upload_data;
	/* The first call only announces the request, so respond on the next. */
	if (!*req_cls) {
		*req_cls = &first_call;
		return MHD_YES;
	}
	if (*upload_data_size) {
		*upload_data_size = 0; /* a body is never read */
		return MHD_YES;
	}
	req.authorization = MHD_lookup_connection_value(
	    conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, arg_collect,
				  &req);
	if (strlen(url) > API_PATH_MAX)
		req.path = "/";
	api_handle(&s->ctx, &req, &resp);
	if (resp.status >= 500)
		log_warn("HTTP API: GET %s returned status %u", req.path,
			 resp.status);
	return respond(conn, &resp, str_eq(method, "HEAD"));
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct buf msg = BUF_INIT;

	(void)cls;
	buf_vprintf(&msg, fmt, ap);
	while (msg.len && msg.data[msg.len - 1] == '\n')
		msg.data[--msg.len] = '\0';
	log_debug("HTTP server: %s", buf_str(&msg));
	buf_clear(&msg);
}

int api_server_start(const struct server_config *cfg, struct api_server **out,
		     struct buf *err)
{
	struct sockaddr_storage addr;
	struct api_server *s;
	const union MHD_DaemonInfo *info;
	unsigned flags =
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
	bool v6;

	if (!address_parse(cfg->listen, &addr, &v6)) {
		buf_printf(err,
			   "http.listen: invalid address '%s'; give a numeric "
			   "address and a port, such as 127.0.0.1:9474 or "
			   "[::1]:9474",
			   cfg->listen);
		return SW_EINVAL;
	}
	s = calloc(1, sizeof(*s));
	if (!s || (cfg->token && !(s->token = strdup(cfg->token)))) {
		free(s);
		return SW_ENOMEM;
	}
	s->ctx.state = cfg->state;
	s->ctx.store = cfg->store;
	s->ctx.token = s->token;
	if (v6)
		flags |= MHD_USE_IPv6;
	/* The logger goes first, so no option's message reaches stderr. */
	s->daemon = MHD_start_daemon(
	    flags, 0, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER,
	    mhd_log, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)SERVER_THREADS,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVER_CONNECTIONS_MAX,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVER_TIMEOUT_S,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, SERVER_CONNECTION_MEMORY,
	    MHD_OPTION_END);
	if (!s->daemon) {
		buf_printf(err,
			   "http.listen: cannot listen on %s; check that the "
			   "address belongs to this machine and that no other "
			   "program uses the port",
			   cfg->listen);
		free(s->token);
		free(s);
		return SW_EIO;
	}
	info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : 0;
	*out = s;
	return 0;
}

unsigned api_server_port(const struct api_server *s)
{
	return s ? s->port : 0;
}

void api_server_stop(struct api_server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->daemon);
	free(s->token);
	free(s);
}
