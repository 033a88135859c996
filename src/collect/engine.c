/* Engine API client: transports, TLS, transfers and their errors. */
#include "collect/engine.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "collect/ssh.h"
#include "config.h"
#include "util/error.h"
#include "util/strutil.h"

/* 4 KiB: the longest message kept for one failed request. */
#define ENGINE_ERROR_MAX 4096
/* A slot's reply buffer is freed, not kept, once it grew past 1 MiB. */
#define SLOT_KEEP_MAX ((size_t)1 << 20)
/* The most bytes of an engine's error message quoted in ours. */
#define ENGINE_QUOTE_MAX 300

/* One transfer in flight: an easy handle and the request it serves. */
struct slot {
	struct engine *engine;
	CURL *easy;
	struct engine_request *req; /* NULL while idle */
	struct buf body;
	bool overflow;
	char errbuf[CURL_ERROR_SIZE];
};

struct engine {
	CURLM *multi;
	struct slot *slots;
	size_t n_slots;

	struct engine_url url;
	char *endpoint;
	char *label;	/* the endpoint and where it came from, for messages */
	char *base_url; /* "http://localhost", "https://host:2376/prefix" */
	const char *socket_path; /* NULL for TCP */
	char tunnel_socket[ENGINE_SOCKET_PATH_MAX];
	struct ssh_tunnel *tunnel;

	bool tls;
	bool verify;
	char *ca_file; /* NULL: the system's CA store */
	char *cert_file;
	char *key_file;
	long connect_timeout_ms;
	long timeout_ms;

	bool pinging; /* the header callback records /_ping headers */
	struct engine_ping ping;
	char api_version[ENGINE_VERSION_MAX];
	char prefix[ENGINE_VERSION_MAX + 2]; /* "/v1.41" */
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_result;

static void curl_init(void)
{
	curl_init_result = curl_global_init(CURL_GLOBAL_DEFAULT);
}

void engine_options_from_env(struct engine_options *engine)
{
	const char *host = getenv("DOCKER_HOST");
	const char *verify = getenv("DOCKER_TLS_VERIFY");
	const char *certs = getenv("DOCKER_CERT_PATH");

	if (!engine->url && !str_empty(host)) {
		engine->url = host;
		engine->url_origin = "DOCKER_HOST";
	}
	/* As for the docker CLI, any non-empty value turns verification on. */
	if (!str_empty(verify))
		engine->tls_verify = true;
	if (!engine->cert_path && !str_empty(certs))
		engine->cert_path = certs;
}

static char *str_dup_printf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static char *str_dup_printf(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (rc) {
		buf_clear(&b);
		return NULL;
	}
	return buf_steal(&b);
}

/* A copy of `url` without its password; engine_url_parse() rejects one. */
static char *str_dup_redacted(const char *url)
{
	struct buf b = BUF_INIT;

	if (engine_url_redact(&b, url)) {
		buf_clear(&b);
		return NULL;
	}
	return buf_steal(&b);
}

static bool file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/*
 * Picks one TLS file: the explicit one, which must exist, or the one in
 * the certificate directory when it exists there (as the docker CLI does).
 */
static int tls_file(const char *explicit_path, const char *dir,
		    const char *name, const char *flag, char **out,
		    struct buf *err)
{
	if (explicit_path) {
		if (!file_exists(explicit_path)) {
			buf_printf(err,
				   "cannot read the TLS file '%s' given with "
				   "%s: %s",
				   explicit_path, flag, strerror(errno));
			return SW_EINVAL;
		}
		*out = strdup(explicit_path);
		return *out ? 0 : SW_ENOMEM;
	}
	*out = str_dup_printf("%s/%s", dir, name);
	if (!*out)
		return SW_ENOMEM;
	if (!file_exists(*out)) {
		free(*out);
		*out = NULL;
	}
	return 0;
}

static int tls_setup(struct engine *e, const struct engine_options *opts,
		     struct buf *err)
{
	const char *home = getenv("HOME");
	char *default_dir = NULL;
	const char *dir = opts->cert_path;
	int rc;

	if (!dir) {
		default_dir = str_dup_printf("%s/.docker", home ? home : "");
		if (!default_dir)
			return SW_ENOMEM;
		dir = default_dir;
	}
	rc = tls_file(opts->ca_file, dir, "ca.pem", "--tlscacert", &e->ca_file,
		      err);
	if (!rc)
		rc = tls_file(opts->cert_file, dir, "cert.pem", "--tlscert",
			      &e->cert_file, err);
	if (!rc)
		rc = tls_file(opts->key_file, dir, "key.pem", "--tlskey",
			      &e->key_file, err);
	if (!rc && !e->cert_file != !e->key_file) {
		buf_printf(err,
			   "a TLS client certificate needs both a certificate "
			   "and its key, but only %s was found; put cert.pem "
			   "and key.pem in '%s' or give both --tlscert and "
			   "--tlskey",
			   e->cert_file ? e->cert_file : e->key_file, dir);
		rc = SW_EINVAL;
	}
	free(default_dir);
	return rc;
}

static int endpoint_setup(struct engine *e, const char *url, const char *origin,
			  struct buf *err)
{
	const struct engine_url *u = &e->url;
	const char *scheme = e->tls ? "https" : "http";
	bool v6 = strchr(u->host, ':') != NULL;
	unsigned port;
	int rc;

	switch (u->scheme) {
	case ENGINE_UNIX:
		e->socket_path = u->socket_path;
		e->endpoint = str_dup_printf("unix://%s", u->socket_path);
		e->base_url = strdup("http://localhost");
		break;
	case ENGINE_SSH:
		rc = ssh_tunnel_open(url, e->connect_timeout_ms, &e->tunnel,
				     e->tunnel_socket, sizeof(e->tunnel_socket),
				     err);
		if (rc)
			return rc;
		e->socket_path = e->tunnel_socket;
		e->endpoint = str_dup_redacted(url);
		e->base_url = strdup("http://localhost");
		break;
	case ENGINE_TCP:
		port = u->port ? u->port : engine_url_default_port(e->tls);
		e->endpoint =
		    str_dup_printf(v6 ? "tcp://[%s]:%u%s" : "tcp://%s:%u%s",
				   u->host, port, u->base_path);
		e->base_url =
		    str_dup_printf(v6 ? "%s://[%s]:%u%s" : "%s://%s:%u%s",
				   scheme, u->host, port, u->base_path);
		break;
	}
	if (!e->endpoint || !e->base_url)
		return SW_ENOMEM;
	e->label = origin ? str_dup_printf("%s (from %s)", e->endpoint, origin)
			  : strdup(e->endpoint);
	return e->label ? 0 : SW_ENOMEM;
}

static size_t on_body(char *data, size_t size, size_t n, void *userdata)
{
	struct slot *s = userdata;

	if (buf_append(&s->body, data, size * n)) {
		s->overflow = s->body.len + size * n > ENGINE_REPLY_MAX;
		return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
	}
	return size * n;
}

static size_t on_header(char *data, size_t size, size_t n, void *userdata)
{
	struct slot *s = userdata;

	if (s->engine->pinging)
		engine_ping_header(&s->engine->ping, data, size * n);
	return size * n;
}

/* Sets the options every request of this engine shares. */
static int slot_setup(struct engine *e, struct slot *s)
{
	CURL *c = curl_easy_init();
	CURLcode res = CURLE_OK;

	if (!c)
		return SW_ENOMEM;
	s->engine = e;
	s->easy = c;
	buf_init(&s->body, ENGINE_REPLY_MAX);
#define SET(opt, val)                                                          \
	do {                                                                   \
		if (res == CURLE_OK)                                           \
			res = curl_easy_setopt(c, opt, val);                   \
	} while (0)
	SET(CURLOPT_PRIVATE, s);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_HTTPGET, 1L);
	SET(CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	/* Engine traffic never goes through a proxy from the environment. */
	SET(CURLOPT_PROXY, "");
	SET(CURLOPT_USERAGENT, "stridewatch/" STRIDEWATCH_VERSION);
	SET(CURLOPT_CONNECTTIMEOUT_MS, e->connect_timeout_ms);
	SET(CURLOPT_TIMEOUT_MS, e->timeout_ms);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, s);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, s);
	SET(CURLOPT_ERRORBUFFER, s->errbuf);
	if (e->socket_path)
		SET(CURLOPT_UNIX_SOCKET_PATH, e->socket_path);
	if (e->tls) {
		SET(CURLOPT_SSL_VERIFYPEER, e->verify ? 1L : 0L);
		SET(CURLOPT_SSL_VERIFYHOST, e->verify ? 2L : 0L);
		if (e->ca_file)
			SET(CURLOPT_CAINFO, e->ca_file);
		if (e->cert_file)
			SET(CURLOPT_SSLCERT, e->cert_file);
		if (e->key_file)
			SET(CURLOPT_SSLKEY, e->key_file);
	}
#undef SET
	return res == CURLE_OK ? 0 : SW_ENOMEM;
}

/* The TLS files in use, for messages: paths only, never contents. */
static void tls_files_message(struct buf *err, const struct engine *e)
{
	buf_printf(err, " (CA %s, client certificate %s, key %s)",
		   e->ca_file ? e->ca_file : "from the system store",
		   e->cert_file ? e->cert_file : "none",
		   e->key_file ? e->key_file : "none");
}

void engine_connect_message(struct buf *err, const char *endpoint,
			    enum engine_scheme scheme, int os_errno,
			    const char *detail)
{
	bool local = scheme != ENGINE_TCP;

	buf_printf(err, "cannot connect to the Docker engine at %s: %s",
		   endpoint,
		   os_errno ? strerror(os_errno)
			    : (str_empty(detail) ? "unknown error" : detail));
	switch (os_errno) {
	case EACCES:
	case EPERM:
		buf_puts(err, "; this user may not open the engine's socket: "
			      "join the docker group ('usermod -aG docker "
			      "USER', then log in again) or the group that "
			      "owns the socket, or run as root");
		return;
	case ENOENT:
		if (local) {
			buf_puts(err, "; no socket exists at that path: start "
				      "the engine ('systemctl start docker') "
				      "or set DOCKER_HOST or --host to the "
				      "engine's socket");
			return;
		}
		break;
	case ECONNREFUSED:
		if (local)
			buf_puts(err, "; the socket exists but no engine "
				      "listens on it: start the engine "
				      "('systemctl start docker') or set "
				      "DOCKER_HOST or --host to a running "
				      "engine");
		else
			buf_puts(err, "; nothing listens on that port: check "
				      "that the engine listens on TCP "
				      "(dockerd -H tcp://...) and that "
				      "DOCKER_HOST or --host names the right "
				      "host and port");
		return;
	case ETIMEDOUT:
	case EHOSTUNREACH:
	case ENETUNREACH:
		buf_puts(err, "; check that the host is up and that no "
			      "firewall blocks the port, or set DOCKER_HOST "
			      "or --host to another engine");
		return;
	}
	buf_puts(err, "; check that the engine is running (start it with "
		      "'systemctl start docker') and that DOCKER_HOST or "
		      "--host names it");
}

static bool is_tls_error(CURLcode res)
{
	switch (res) {
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_USE_SSL_FAILED:
		return true;
	default:
		return false;
	}
}

static void tls_error(struct slot *s, CURLcode res, const char *detail)
{
	const struct engine *e = s->engine;
	struct buf *err = &s->req->error;

	buf_printf(err, "TLS with the Docker engine at %s failed: %s", e->label,
		   detail);
	tls_files_message(err, e);
	if (str_icontains(detail, "bad certificate") ||
	    str_icontains(detail, "certificate required"))
		buf_puts(err, "; the engine rejected the client certificate, "
			      "or its absence: give one with --tlscert and "
			      "--tlskey or as cert.pem and key.pem in "
			      "DOCKER_CERT_PATH");
	else if (res == CURLE_PEER_FAILED_VERIFICATION)
		buf_puts(err, "; the engine's certificate was not verified: "
			      "give the CA that signed it with --tlscacert "
			      "or as ca.pem in DOCKER_CERT_PATH");
	else if (res == CURLE_SSL_CERTPROBLEM)
		buf_puts(err, "; the client certificate or key could not be "
			      "used: check --tlscert and --tlskey or cert.pem "
			      "and key.pem in DOCKER_CERT_PATH");
	else if (res == CURLE_SSL_CACERT_BADFILE)
		buf_puts(err, "; the CA file could not be read: check "
			      "--tlscacert or ca.pem in DOCKER_CERT_PATH");
	else
		buf_puts(err, "; check that the engine listens with TLS "
			      "(dockerd --tlsverify) on that port");
}

static const char *file_type_name(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISREG(mode))
		return "a regular file";
	return "not a socket but another kind of file";
}

/*
 * Describes the failures of a unix socket that libcurl words as if for TCP
 * ("Failed to connect to localhost port 80"): a path that is not a socket,
 * and an engine that closed the connection without answering. Returns
 * false for the other failures.
 */
static bool unix_socket_error(struct slot *s, CURLcode res, const char *detail)
{
	const struct engine *e = s->engine;
	struct engine_request *req = s->req;
	long os_errno = 0;
	struct stat st;

	if (e->url.scheme != ENGINE_UNIX)
		return false;
	if (res == CURLE_COULDNT_CONNECT) {
		curl_easy_getinfo(s->easy, CURLINFO_OS_ERRNO, &os_errno);
		/* connect() refuses a path that is not a socket. */
		if (os_errno == ECONNREFUSED &&
		    stat(e->socket_path, &st) == 0 && !S_ISSOCK(st.st_mode)) {
			buf_printf(&req->error,
				   "cannot connect to the Docker engine at "
				   "%s: '%s' is %s, not a socket; set "
				   "DOCKER_HOST or --host to the engine's "
				   "socket",
				   e->label, e->socket_path,
				   file_type_name(st.st_mode));
			if (S_ISDIR(st.st_mode))
				buf_puts(&req->error,
					 ", or remove the directory and "
					 "restart the engine if a bind "
					 "mount of the socket created it");
			return true;
		}
		/* Without a system error the peer closed the connection. */
		if (os_errno)
			return false;
		detail = NULL;
	} else if (res != CURLE_GOT_NOTHING && res != CURLE_RECV_ERROR &&
		   res != CURLE_SEND_ERROR) {
		return false;
	}
	buf_printf(&req->error,
		   "the Docker engine at %s closed the connection on the "
		   "socket '%s' without answering GET %s",
		   e->label, e->socket_path, req->path);
	if (detail)
		buf_printf(&req->error, " (%s)", detail);
	buf_puts(&req->error, "; check that a Docker engine, not another "
			      "program, listens on that socket and that it "
			      "is not restarting, or set DOCKER_HOST or "
			      "--host to another engine");
	return true;
}

/* Fills the request's result for a transfer that did not complete. */
static void transport_error(struct slot *s, CURLcode res)
{
	const struct engine *e = s->engine;
	struct engine_request *req = s->req;
	const char *detail = s->errbuf[0] ? s->errbuf : curl_easy_strerror(res);
	long os_errno = 0;

	if (s->overflow || res == CURLE_FILESIZE_EXCEEDED) {
		req->rc = SW_ELIMIT;
		buf_printf(&req->error,
			   "the reply to GET %s from %s is larger than %zu "
			   "MiB, the most accepted from an engine",
			   req->path, e->label, ENGINE_REPLY_MAX >> 20);
		return;
	}
	if (res == CURLE_WRITE_ERROR || res == CURLE_OUT_OF_MEMORY) {
		req->rc = SW_ENOMEM;
		buf_printf(&req->error, "out of memory reading GET %s from %s",
			   req->path, e->label);
		return;
	}
	req->rc = SW_ECONNECT;
	/*
	 * With TLS 1.3 the engine rejects a missing or unknown client
	 * certificate after the handshake, so the alert arrives as a failed
	 * read or write.
	 */
	if (is_tls_error(res) ||
	    (e->tls && (res == CURLE_RECV_ERROR || res == CURLE_SEND_ERROR) &&
	     str_icontains(detail, "alert"))) {
		tls_error(s, res, detail);
		return;
	}
	if (unix_socket_error(s, res, detail))
		return;
	switch (res) {
	case CURLE_COULDNT_CONNECT:
		curl_easy_getinfo(s->easy, CURLINFO_OS_ERRNO, &os_errno);
		engine_connect_message(&req->error, e->label, e->url.scheme,
				       (int)os_errno, detail);
		return;
	case CURLE_COULDNT_RESOLVE_HOST:
		buf_printf(&req->error,
			   "cannot resolve the host name '%s' of the Docker "
			   "engine at %s: %s; check DOCKER_HOST or --host",
			   e->url.host, e->label, detail);
		return;
	case CURLE_OPERATION_TIMEDOUT:
		buf_printf(&req->error,
			   "GET %s on the Docker engine at %s timed out: %s; "
			   "check that the engine is responsive, or allow "
			   "more time with --timeout",
			   req->path, e->label, detail);
		return;
	default:
		buf_printf(&req->error,
			   "GET %s on the Docker engine at %s failed: %s",
			   req->path, e->label, detail);
		if (res == CURLE_GOT_NOTHING && !e->tls &&
		    e->url.scheme == ENGINE_TCP)
			buf_puts(&req->error, "; if the engine uses TLS, add "
					      "--tlsverify");
		return;
	}
}

/* Appends the engine's own error message, {"message": "..."}, if any. */
static void engine_message(struct buf *err, const struct buf *body)
{
	json_t *doc =
	    json_loadb(body->data ? body->data : "", body->len, 0, NULL);
	const char *msg = json_string_value(json_object_get(doc, "message"));

	char *trimmed;
	size_t len;

	if (!msg && body->len && body->len < ENGINE_QUOTE_MAX)
		msg = body->data;
	len = msg ? strlen(msg) : 0;
	while (len && strchr(" \t\r\n", msg[len - 1]))
		len--;
	trimmed = len ? strndup(msg, len) : NULL;
	if (trimmed) {
		buf_puts(err, ": ");
		escape_terminal(err, trimmed, ENGINE_QUOTE_MAX);
	}
	free(trimmed);
	json_decref(doc);
}

static void http_error(struct slot *s)
{
	const struct engine *e = s->engine;
	struct engine_request *req = s->req;
	const char *what = "failed";

	if (req->status == 404) {
		req->rc = SW_ENOTFOUND;
		what = "was not found";
	} else if (req->status == 401 || req->status == 403) {
		req->rc = SW_EPERM;
		what = "was denied";
	} else {
		req->rc = SW_EPROTO;
	}
	buf_printf(&req->error,
		   "GET %s on the Docker engine at %s %s (HTTP %ld)", req->path,
		   e->label, what, req->status);
	engine_message(&req->error, &s->body);
	if (req->status == 400 && str_icontains(s->body.data, "HTTPS server"))
		buf_puts(&req->error, "; the engine uses TLS: add --tlsverify "
				      "or set DOCKER_TLS_VERIFY=1");
}

static void parse_reply(struct slot *s)
{
	struct engine_request *req = s->req;
	json_error_t jerr;

	req->reply = json_loadb(s->body.data ? s->body.data : "", s->body.len,
				JSON_DECODE_ANY, &jerr);
	if (req->reply)
		return;
	req->rc = SW_EPROTO;
	buf_printf(&req->error,
		   "GET %s on the Docker engine at %s returned invalid JSON "
		   "(line %d, column %d: %s); is it a Docker engine?",
		   req->path, s->engine->label, jerr.line, jerr.column,
		   jerr.text);
}

static void slot_finish(struct slot *s, CURLcode res, bool raw)
{
	struct engine_request *req = s->req;

	curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &req->status);
	if (res != CURLE_OK)
		transport_error(s, res);
	else if (req->status < 200 || req->status > 299)
		http_error(s);
	else if (!raw)
		parse_reply(s);
	if (s->body.cap > SLOT_KEEP_MAX)
		buf_clear(&s->body);
	else
		buf_reset(&s->body);
	s->req = NULL;
}

static int slot_start(struct engine *e, struct slot *s,
		      struct engine_request *req, bool versioned)
{
	char *url;
	CURLMcode mc;

	if (req->path[0] != '/') {
		req->rc = SW_EINVAL;
		buf_printf(&req->error,
			   "request path '%s' does not start "
			   "with '/'",
			   req->path);
		return SW_EINVAL;
	}
	url = str_dup_printf("%s%s%s", e->base_url, versioned ? e->prefix : "",
			     req->path);
	/*
	 * A reply whose Content-Length exceeds the limit fails at once; the
	 * body callback enforces it for chunked replies. Set per request, so
	 * that streams on a slot of their own are not limited.
	 */
	if (!url || curl_easy_setopt(s->easy, CURLOPT_URL, url) != CURLE_OK ||
	    curl_easy_setopt(s->easy, CURLOPT_MAXFILESIZE_LARGE,
			     (curl_off_t)ENGINE_REPLY_MAX) != CURLE_OK) {
		free(url);
		req->rc = SW_ENOMEM;
		buf_puts(&req->error, "out of memory");
		return SW_ENOMEM;
	}
	free(url); /* libcurl keeps its own copy */
	s->req = req;
	s->overflow = false;
	s->errbuf[0] = '\0';
	mc = curl_multi_add_handle(e->multi, s->easy);
	if (mc != CURLM_OK) {
		s->req = NULL;
		req->rc = SW_ENOMEM;
		buf_printf(&req->error, "cannot start GET %s: %s", req->path,
			   curl_multi_strerror(mc));
		return SW_ENOMEM;
	}
	return 0;
}

static struct slot *idle_slot(struct engine *e)
{
	for (size_t i = 0; i < e->n_slots; i++) {
		struct slot *s = &e->slots[i];

		if (s->req)
			continue;
		if (!s->easy && slot_setup(e, s))
			return NULL;
		return s;
	}
	return NULL;
}

static size_t busy_slots(const struct engine *e)
{
	size_t busy = 0;

	for (size_t i = 0; i < e->n_slots; i++)
		busy += e->slots[i].req != NULL;
	return busy;
}

/* Reaps finished transfers; returns how many finished. */
static size_t reap(struct engine *e, bool raw, engine_done_fn done, void *data)
{
	size_t finished = 0;
	CURLMsg *msg;
	int queued;

	while ((msg = curl_multi_info_read(e->multi, &queued))) {
		struct engine_request *req;
		struct slot *s;
		char *priv = NULL;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
		s = (struct slot *)(void *)priv;
		req = s->req;
		slot_finish(s, msg->data.result, raw);
		curl_multi_remove_handle(e->multi, s->easy);
		finished++;
		if (done)
			done(req, data);
	}
	return finished;
}

/* Gives up every transfer in flight and fails the requests not finished. */
static int abort_requests(struct engine *e, struct engine_request *reqs,
			  size_t n)
{
	for (size_t i = 0; i < e->n_slots; i++) {
		struct slot *s = &e->slots[i];

		if (!s->req)
			continue;
		curl_multi_remove_handle(e->multi, s->easy);
		buf_reset(&s->body);
		s->req = NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (reqs[i].rc || reqs[i].reply || reqs[i].status)
			continue;
		reqs[i].rc = SW_ENOMEM;
		buf_puts(&reqs[i].error, "the transfer could not be run");
	}
	return SW_ENOMEM;
}

static int run_requests(struct engine *e, struct engine_request *reqs, size_t n,
			bool versioned, engine_done_fn done, void *data)
{
	size_t next = 0, finished = 0;

	for (size_t i = 0; i < n; i++) {
		reqs[i].rc = 0;
		reqs[i].status = 0;
		reqs[i].reply = NULL;
		buf_init(&reqs[i].error, ENGINE_ERROR_MAX);
	}
	while (finished < n) {
		struct slot *s;
		size_t reaped;
		int running = 0;
		CURLMcode mc;

		while (next < n && (s = idle_slot(e))) {
			struct engine_request *req = &reqs[next++];

			if (slot_start(e, s, req, versioned)) {
				finished++;
				if (done)
					done(req, data);
			}
		}
		/* No transfer could be set up and none is in flight. */
		if (next < n && !busy_slots(e))
			return abort_requests(e, reqs, n);
		mc = curl_multi_perform(e->multi, &running);
		if (mc != CURLM_OK)
			return abort_requests(e, reqs, n);
		reaped = reap(e, !versioned, done, data);
		finished += reaped;
		if (!reaped && finished < n && running)
			curl_multi_poll(e->multi, NULL, 0, 1000, NULL);
	}
	return 0;
}

void engine_request_clear(struct engine_request *req)
{
	json_decref(req->reply);
	req->reply = NULL;
	buf_clear(&req->error);
}

int engine_get_many(struct engine *e, struct engine_request *reqs, size_t n,
		    engine_done_fn done, void *data)
{
	return run_requests(e, reqs, n, true, done, data);
}

int engine_get(struct engine *e, const char *path, json_t **out,
	       struct buf *err)
{
	struct engine_request req = {.path = path};
	int rc = run_requests(e, &req, 1, true, NULL, NULL);

	if (!rc)
		rc = req.rc;
	if (rc) {
		buf_puts(err,
			 req.error.len ? buf_str(&req.error) : sw_strerror(rc));
	} else {
		*out = req.reply;
		req.reply = NULL;
	}
	engine_request_clear(&req);
	return rc;
}

/* GET /_ping, then the API version for every later request. */
static int engine_ping(struct engine *e, struct buf *err)
{
	struct engine_request req = {.path = "/_ping"};
	int rc;

	e->pinging = true;
	rc = run_requests(e, &req, 1, false, NULL, NULL);
	e->pinging = false;
	if (!rc && req.rc) {
		rc = req.rc == SW_ENOTFOUND ? SW_EPROTO : req.rc;
		buf_puts(err, buf_str(&req.error));
		if (req.status == 404)
			buf_puts(err, "; no Docker engine answers at that "
				      "address: check DOCKER_HOST or --host");
	}
	engine_request_clear(&req);
	if (rc)
		return rc;
	rc = engine_api_negotiate(e->ping.api_version, e->api_version,
				  sizeof(e->api_version), err);
	if (rc)
		return rc;
	snprintf(e->prefix, sizeof(e->prefix), "/v%s", e->api_version);
	return 0;
}

static int engine_setup(struct engine *e, const struct engine_options *opts,
			struct buf *err)
{
	const char *url = opts->url;
	const char *origin = opts->url_origin;
	int concurrency =
	    opts->concurrency > 0 ? opts->concurrency : ENGINE_CONCURRENCY;
	int rc;

	if (!url && !str_empty(getenv("DOCKER_HOST"))) {
		url = getenv("DOCKER_HOST");
		origin = "DOCKER_HOST";
	}
	rc = engine_url_parse(url ? url : ENGINE_DEFAULT_URL, origin, &e->url,
			      err);
	if (rc)
		return rc;
	e->connect_timeout_ms = opts->connect_timeout_ms > 0
				    ? opts->connect_timeout_ms
				    : ENGINE_CONNECT_TIMEOUT_MS;
	e->timeout_ms =
	    opts->timeout_ms > 0 ? opts->timeout_ms : ENGINE_TIMEOUT_MS;
	/* TLS applies to TCP only, as for the docker CLI. */
	e->tls = e->url.scheme == ENGINE_TCP &&
		 (opts->tls || opts->tls_verify || e->url.https);
	e->verify = e->tls && !opts->tls_skip_verify;
	if (e->tls) {
		rc = tls_setup(e, opts, err);
		if (rc)
			return rc;
	}
	rc = endpoint_setup(e, url ? url : ENGINE_DEFAULT_URL, origin, err);
	if (rc)
		return rc;

	if (concurrency > ENGINE_CONCURRENCY_MAX)
		concurrency = ENGINE_CONCURRENCY_MAX;
	if (e->url.scheme == ENGINE_SSH &&
	    concurrency > SSH_TUNNEL_CONCURRENCY_MAX)
		concurrency = SSH_TUNNEL_CONCURRENCY_MAX;
	e->n_slots = (size_t)concurrency;
	e->slots = calloc(e->n_slots, sizeof(*e->slots));
	e->multi = curl_multi_init();
	if (!e->slots || !e->multi)
		return SW_ENOMEM;
	curl_multi_setopt(e->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
			  (long)concurrency);
	return engine_ping(e, err);
}

int engine_open(const struct engine_options *opts, struct engine **out,
		struct buf *err)
{
	struct engine *e;
	int rc;

	pthread_once(&curl_once, curl_init);
	if (curl_init_result != CURLE_OK) {
		buf_printf(err, "cannot initialise libcurl: %s",
			   curl_easy_strerror(curl_init_result));
		return SW_ENOMEM;
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		return SW_ENOMEM;
	rc = engine_setup(e, opts, err);
	if (rc) {
		if (rc == SW_ENOMEM && !err->len)
			buf_puts(err, "out of memory setting up the engine "
				      "client");
		engine_free(e);
		return rc;
	}
	*out = e;
	return 0;
}

void engine_free(struct engine *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->n_slots; i++) {
		if (e->slots[i].req)
			curl_multi_remove_handle(e->multi, e->slots[i].easy);
		if (e->slots[i].easy)
			curl_easy_cleanup(e->slots[i].easy);
		buf_clear(&e->slots[i].body);
	}
	if (e->multi)
		curl_multi_cleanup(e->multi);
	ssh_tunnel_close(e->tunnel);
	free(e->slots);
	free(e->endpoint);
	free(e->label);
	free(e->base_url);
	free(e->ca_file);
	free(e->cert_file);
	free(e->key_file);
	free(e);
}

const char *engine_endpoint(const struct engine *e)
{
	return e->endpoint;
}

const char *engine_transport(const struct engine *e)
{
	switch (e->url.scheme) {
	case ENGINE_UNIX:
		return "unix";
	case ENGINE_SSH:
		return "ssh";
	case ENGINE_TCP:
		break;
	}
	return "tcp";
}

bool engine_tls(const struct engine *e)
{
	return e->tls;
}

bool engine_tls_verify(const struct engine *e)
{
	return e->verify;
}

const char *engine_api_version(const struct engine *e)
{
	return e->api_version;
}

const struct engine_ping *engine_ping_info(const struct engine *e)
{
	return &e->ping;
}

/* The state of one engine_stream() call. */
struct stream {
	struct slot slot;
	const struct engine_stream_ops *ops;
	void *data;
	bool opened;
	bool stopped; /* a callback asked to stop */
};

static bool stream_status_ok(struct stream *st)
{
	long status = 0;

	curl_easy_getinfo(st->slot.easy, CURLINFO_RESPONSE_CODE, &status);
	return status >= 200 && status <= 299;
}

static size_t stream_header(char *data, size_t size, size_t n,
			    void *userdata)
{
	struct stream *st = userdata;

	/* The empty line that ends the headers of a 2xx reply. */
	if (size * n <= 2 && (data[0] == '\r' || data[0] == '\n') &&
	    !st->opened && stream_status_ok(st)) {
		st->opened = true;
		if (st->ops->opened)
			st->ops->opened(st->data);
	}
	return size * n;
}

static size_t stream_body(char *data, size_t size, size_t n, void *userdata)
{
	struct stream *st = userdata;

	if (!stream_status_ok(st))
		return on_body(data, size, n, &st->slot); /* the error */
	if (!st->ops->chunk(st->data, data, size * n)) {
		st->stopped = true;
		return 0;
	}
	return size * n;
}

static int stream_tick(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
		       curl_off_t ultotal, curl_off_t ulnow)
{
	struct stream *st = userdata;

	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	if (st->ops->tick && !st->ops->tick(st->data)) {
		st->stopped = true;
		return 1;
	}
	return 0;
}

static int stream_setup(struct engine *e, struct stream *st, const char *path)
{
	CURL *c;
	char *url;
	CURLcode res;

	if (slot_setup(e, &st->slot))
		return SW_ENOMEM;
	c = st->slot.easy;
	url = str_dup_printf("%s%s%s", e->base_url, e->prefix, path);
	if (!url)
		return SW_ENOMEM;
	res = curl_easy_setopt(c, CURLOPT_URL, url);
	free(url);
	if (res == CURLE_OK)
		res = curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 0L);
	if (res == CURLE_OK)
		res = curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, stream_body);
	if (res == CURLE_OK)
		res = curl_easy_setopt(c, CURLOPT_WRITEDATA, st);
	if (res == CURLE_OK)
		res = curl_easy_setopt(c, CURLOPT_HEADERFUNCTION,
				       stream_header);
	if (res == CURLE_OK)
		res = curl_easy_setopt(c, CURLOPT_HEADERDATA, st);
	if (res == CURLE_OK)
		res = curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION,
				       stream_tick);
	if (res == CURLE_OK)
		res = curl_easy_setopt(c, CURLOPT_XFERINFODATA, st);
	if (res == CURLE_OK)
		res = curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	if (res == CURLE_OK)
		res = curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
	return res == CURLE_OK ? 0 : SW_ENOMEM;
}

int engine_stream(struct engine *e, const char *path,
		  const struct engine_stream_ops *ops, void *data,
		  struct buf *err)
{
	struct stream st = {.ops = ops, .data = data};
	struct engine_request req = {.path = path};
	CURLcode res;
	int rc;

	buf_init(&req.error, ENGINE_ERROR_MAX);
	rc = stream_setup(e, &st, path);
	if (!rc) {
		st.slot.req = &req;
		res = curl_easy_perform(st.slot.easy);
		if (st.stopped)
			res = CURLE_OK;
		slot_finish(&st.slot, res, true);
		rc = req.rc;
	}
	if (rc)
		buf_puts(err, req.error.len ? buf_str(&req.error)
					    : sw_strerror(rc));
	engine_request_clear(&req);
	if (st.slot.easy)
		curl_easy_cleanup(st.slot.easy);
	buf_clear(&st.slot.body);
	return rc;
}
