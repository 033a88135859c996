/*
 * Engine client: address parsing, version negotiation, path escaping and
 * the messages for engines that cannot be reached. The connection tests use
 * real sockets that refuse connections or never reply, and the size limit
 * test a minimal HTTP responder. Tests against a real engine are in
 * tests/integration.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "collect/engine.h"
#include "util/error.h"

static bool read_request(int fd, char *req, size_t len);

static struct engine_url parse_ok(const char *text)
{
	struct buf err = BUF_INIT;
	struct engine_url u;
	int rc = engine_url_parse(text, NULL, &u, &err);

	if (rc)
		print_error("unexpected failure for '%s': %s\n", text,
			    buf_str(&err));
	assert_int_equal(rc, 0);
	buf_clear(&err);
	return u;
}

/* Parses an invalid address and returns the message (static storage). */
static const char *parse_fails(const char *text, const char *origin)
{
	static char message[1024];
	struct buf err = BUF_INIT;
	struct engine_url u;

	memset(&u, 0x5a, sizeof(u));
	assert_int_equal(engine_url_parse(text, origin, &u, &err), SW_EINVAL);
	assert_int_equal(u.port, 0x5a5a5a5a); /* left untouched */
	snprintf(message, sizeof(message), "%s", buf_str(&err));
	buf_clear(&err);
	return message;
}

static void url_unix_default_socket(void **state)
{
	struct engine_url u = parse_ok("unix://");

	(void)state;
	assert_int_equal(u.scheme, ENGINE_UNIX);
	assert_string_equal(u.socket_path, "/var/run/docker.sock");
}

static void url_unix_path(void **state)
{
	struct engine_url u = parse_ok("unix:///tmp/sw1/docker.sock");

	(void)state;
	assert_int_equal(u.scheme, ENGINE_UNIX);
	assert_string_equal(u.socket_path, "/tmp/sw1/docker.sock");
}

static void url_unix_path_too_long(void **state)
{
	char text[200] = "unix:///";

	(void)state;
	memset(text + 8, 'a', 120);
	text[128] = '\0';
	assert_non_null(strstr(parse_fails(text, NULL), "107 bytes"));
}

static void url_tcp_host_port(void **state)
{
	struct engine_url u = parse_ok("tcp://engine.example:2376");

	(void)state;
	assert_int_equal(u.scheme, ENGINE_TCP);
	assert_string_equal(u.host, "engine.example");
	assert_int_equal(u.port, 2376);
	assert_string_equal(u.base_path, "");
	assert_false(u.https);
}

static void url_tcp_without_port(void **state)
{
	struct engine_url u = parse_ok("tcp://engine.example");

	(void)state;
	assert_int_equal(u.port, 0);
	assert_int_equal(engine_url_default_port(true), 2376);
	assert_int_equal(engine_url_default_port(false), 2375);
}

static void url_bare_host_is_tcp(void **state)
{
	struct engine_url u = parse_ok("localhost:2375");

	(void)state;
	assert_int_equal(u.scheme, ENGINE_TCP);
	assert_string_equal(u.host, "localhost");
	assert_int_equal(u.port, 2375);
}

static void url_tcp_empty_host_is_localhost(void **state)
{
	struct engine_url u = parse_ok("tcp://:2375");

	(void)state;
	assert_string_equal(u.host, "localhost");
}

static void url_tcp_ipv6(void **state)
{
	struct engine_url u = parse_ok("tcp://[::1]:2376");

	(void)state;
	assert_string_equal(u.host, "::1");
	assert_int_equal(u.port, 2376);
}

static void url_tcp_ipv6_needs_brackets(void **state)
{
	(void)state;
	assert_non_null(
	    strstr(parse_fails("tcp://::1:2376", NULL), "brackets"));
}

static void url_https_asks_for_tls(void **state)
{
	struct engine_url u = parse_ok("https://engine.example:2376");

	(void)state;
	assert_int_equal(u.scheme, ENGINE_TCP);
	assert_true(u.https);
}

static void url_tcp_base_path(void **state)
{
	struct engine_url u = parse_ok("tcp://proxy:8080/docker/");

	(void)state;
	assert_string_equal(u.base_path, "/docker");
}

static void url_tcp_rejects_credentials(void **state)
{
	const char *msg = parse_fails("tcp://admin:secret@engine:2376", NULL);

	(void)state;
	assert_non_null(strstr(msg, "passwords are not accepted"));
}

static void url_tcp_rejects_query(void **state)
{
	(void)state;
	assert_non_null(
	    strstr(parse_fails("tcp://engine:2376/?x=1", NULL), "query"));
}

static void url_port_out_of_range(void **state)
{
	(void)state;
	assert_non_null(
	    strstr(parse_fails("tcp://engine:65536", NULL), "1 to 65535"));
	parse_fails("tcp://engine:0", NULL);
	parse_fails("tcp://engine:", NULL);
	parse_fails("tcp://engine:23a", NULL);
}

static void url_ssh_user_host_port(void **state)
{
	struct engine_url u = parse_ok("ssh://deploy@build-7:2222");

	(void)state;
	assert_int_equal(u.scheme, ENGINE_SSH);
	assert_string_equal(u.host, "build-7");
	assert_int_equal(u.port, 2222);
}

static void url_ssh_rejects_password_and_path(void **state)
{
	(void)state;
	assert_non_null(
	    strstr(parse_fails("ssh://u:pw@host", NULL), "password"));
	assert_non_null(
	    strstr(parse_fails("ssh://host/var/run", NULL), "no path"));
	parse_fails("ssh://", NULL);
}

static void url_rejects_other_schemes(void **state)
{
	(void)state;
	assert_non_null(
	    strstr(parse_fails("npipe:////./pipe/docker_engine", NULL),
		   "named pipes"));
	assert_non_null(strstr(parse_fails("ftp://engine", NULL), "scheme"));
	assert_non_null(strstr(parse_fails("fd://", NULL), "daemon"));
}

static void url_bare_path_needs_scheme(void **state)
{
	(void)state;
	assert_non_null(strstr(parse_fails("/var/run/docker.sock", NULL),
			       "unix:///var/run/docker.sock"));
}

static void url_message_names_value_and_origin(void **state)
{
	const char *msg = parse_fails("tcp://engine:99999", "DOCKER_HOST");

	(void)state;
	assert_non_null(strstr(msg, "'tcp://engine:99999'"));
	assert_non_null(strstr(msg, "(from DOCKER_HOST)"));
	assert_non_null(strstr(msg, "unix:///PATH"));
}

static void url_message_escapes_control_characters(void **state)
{
	const char *msg = parse_fails("tcp://a\033[31mb:1", NULL);

	(void)state;
	assert_null(strchr(msg, '\033'));
}

static void url_message_redacts_password(void **state)
{
	static const struct {
		const char *url, *shown;
	} cases[] = {
	    {"tcp://u:hunter2@127.0.0.1:1", "'tcp://u:***@127.0.0.1:1'"},
	    {"ssh://u:hunter2@host", "'ssh://u:***@host'"},
	    {"u:hunter2@127.0.0.1:1", "'u:***@127.0.0.1:1'"},
	    {"https://:hunter2@host", "'https://:***@host'"},
	    /* A password containing '@' and '/' is hidden whole. */
	    {"tcp://u:hun@ter/2@host:1", "'tcp://u:***@host:1'"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *msg = parse_fails(cases[i].url, "DOCKER_HOST");

		if (strstr(msg, "hunter2") || strstr(msg, "ter/2") ||
		    !strstr(msg, cases[i].shown))
			print_error("'%s' gave: %s\n", cases[i].url, msg);
		assert_null(strstr(msg, "hunter2"));
		assert_null(strstr(msg, "ter/2"));
		assert_non_null(strstr(msg, cases[i].shown));
	}
}

static void url_redact_keeps_addresses_without_password(void **state)
{
	static const char *const kept[] = {
	    "unix:///run/a@b:c.sock", "ssh://user@host:22", "tcp://host:2375",
	    "host:2375", "https://[::1]:2376/prefix"};
	struct buf b = BUF_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		buf_reset(&b);
		assert_int_equal(engine_url_redact(&b, kept[i]), 0);
		assert_string_equal(buf_str(&b), kept[i]);
	}
	buf_clear(&b);
}

static void url_empty(void **state)
{
	(void)state;
	assert_non_null(strstr(parse_fails("", NULL), "empty"));
}

/* Feeds every line of a captured /_ping header block to the parser. */
static void ping_from_fixture(const char *name, struct engine_ping *ping)
{
	char path[512], line[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/collect/%s", FIXTURES, name);
	f = fopen(path, "re");
	assert_non_null(f);
	memset(ping, 0, sizeof(*ping));
	while (fgets(line, sizeof(line), f))
		engine_ping_header(ping, line, strlen(line));
	fclose(f);
}

static void ping_headers_from_engine(void **state)
{
	struct engine_ping ping;

	(void)state;
	ping_from_fixture("ping-20.10.headers", &ping);
	assert_string_equal(ping.api_version, "1.41");
	assert_string_equal(ping.os_type, "linux");
	assert_false(ping.experimental);
}

static void ping_header_names_ignore_case(void **state)
{
	struct engine_ping ping = {0};
	const char *line = "api-version:1.40\r\n";
	const char *exp = "DOCKER-EXPERIMENTAL:   true  \r\n";

	(void)state;
	engine_ping_header(&ping, line, strlen(line));
	engine_ping_header(&ping, exp, strlen(exp));
	assert_string_equal(ping.api_version, "1.40");
	assert_true(ping.experimental);
}

static void ping_header_is_not_nul_terminated(void **state)
{
	struct engine_ping ping = {0};
	const char block[] = "API-Version: 1.41\r\nX";

	(void)state;
	/* libcurl hands over one line without a terminating NUL. */
	engine_ping_header(&ping, block, strlen("API-Version: 1.41\r\n"));
	assert_string_equal(ping.api_version, "1.41");
}

static void ping_header_oversized_value_ignored(void **state)
{
	struct engine_ping ping = {0};
	const char *line = "API-Version: 1.41111111111111111111111\r\n";
	const char *prefix = "API-Versions: 1.2\r\n";

	(void)state;
	engine_ping_header(&ping, line, strlen(line));
	engine_ping_header(&ping, prefix, strlen(prefix));
	assert_string_equal(ping.api_version, "");
}

static void negotiate_ok(const char *server, const char *expected)
{
	struct buf err = BUF_INIT;
	char out[ENGINE_VERSION_MAX];

	assert_int_equal(engine_api_negotiate(server, out, sizeof(out), &err),
			 0);
	assert_string_equal(out, expected);
	buf_clear(&err);
}

static void negotiate_picks_lower_version(void **state)
{
	(void)state;
	negotiate_ok("1.41", "1.41");
	negotiate_ok("1.43", "1.41");
	negotiate_ok("2.0", "1.41");
	negotiate_ok("1.30", "1.30");
	negotiate_ok("1.24", "1.24");
}

static void negotiate_without_header_is_1_24(void **state)
{
	(void)state;
	negotiate_ok("", "1.24");
	negotiate_ok(NULL, "1.24");
}

static void negotiate_rejects_old_engine(void **state)
{
	struct buf err = BUF_INIT;
	char out[ENGINE_VERSION_MAX] = "unset";

	(void)state;
	assert_int_equal(engine_api_negotiate("1.23", out, sizeof(out), &err),
			 SW_EPROTO);
	assert_string_equal(out, "unset");
	assert_non_null(strstr(buf_str(&err), "1.23"));
	assert_non_null(strstr(buf_str(&err), "upgrade the engine"));
	buf_clear(&err);
}

static void negotiate_rejects_garbage(void **state)
{
	static const char *const bad[] = {"abc",    "1",    "1.",   ".41",
					  "1.41.2", "1.4x", "-1.2", "1.99999"};
	struct buf err = BUF_INIT;
	char out[ENGINE_VERSION_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		buf_reset(&err);
		assert_int_equal(
		    engine_api_negotiate(bad[i], out, sizeof(out), &err),
		    SW_EPROTO);
		assert_non_null(strstr(buf_str(&err), "not MAJOR.MINOR"));
	}
	buf_clear(&err);
}

static void api_compare_orders_numerically(void **state)
{
	(void)state;
	assert_true(engine_api_compare("1.9", "1.10") < 0);
	assert_true(engine_api_compare("1.41", "1.41") == 0);
	assert_true(engine_api_compare("2.0", "1.99") > 0);
	assert_true(engine_api_compare("junk", "1.0") < 0);
}

static void path_escape_keeps_ids(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(engine_path_escape(&b, "sha256:ab12-c_d.e~f"), 0);
	assert_string_equal(buf_str(&b), "sha256:ab12-c_d.e~f");
	buf_clear(&b);
}

static void path_escape_encodes_separators(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(engine_path_escape(&b, "../x?y#z %"), 0);
	assert_string_equal(buf_str(&b), "..%2Fx%3Fy%23z%20%25");
	buf_clear(&b);
}

static void connect_message(int os_errno, enum engine_scheme scheme,
			    struct buf *out)
{
	buf_init(out, 0);
	engine_connect_message(out, "unix:///tmp/sw/docker.sock", scheme,
			       os_errno, "curl detail");
}

static void message_missing_socket(void **state)
{
	struct buf m;

	(void)state;
	connect_message(ENOENT, ENGINE_UNIX, &m);
	assert_non_null(strstr(buf_str(&m), "unix:///tmp/sw/docker.sock"));
	assert_non_null(strstr(buf_str(&m), strerror(ENOENT)));
	assert_non_null(strstr(buf_str(&m), "start the engine"));
	assert_non_null(strstr(buf_str(&m), "DOCKER_HOST"));
	buf_clear(&m);
}

static void message_permission_denied(void **state)
{
	struct buf m;

	(void)state;
	connect_message(EACCES, ENGINE_UNIX, &m);
	assert_non_null(strstr(buf_str(&m), strerror(EACCES)));
	assert_non_null(strstr(buf_str(&m), "docker group"));
	buf_clear(&m);
}

static void message_refused_tcp(void **state)
{
	struct buf m;

	(void)state;
	connect_message(ECONNREFUSED, ENGINE_TCP, &m);
	assert_non_null(strstr(buf_str(&m), strerror(ECONNREFUSED)));
	assert_non_null(strstr(buf_str(&m), "listens on TCP"));
	buf_clear(&m);
}

static void message_without_errno_uses_detail(void **state)
{
	struct buf m;

	(void)state;
	connect_message(0, ENGINE_UNIX, &m);
	assert_non_null(strstr(buf_str(&m), "curl detail"));
	buf_clear(&m);
}

/* Opens an engine and expects failure `rc`; returns the message. */
static char *open_fails(struct engine_options *opts, int rc)
{
	struct buf err = BUF_INIT;
	struct engine *e = NULL;

	assert_int_equal(engine_open(opts, &e, &err), rc);
	assert_null(e);
	assert_true(err.len > 0);
	return buf_steal(&err);
}

static void open_missing_socket(void **state)
{
	char dir[] = "/tmp/swtestXXXXXX";
	char url[128];
	struct engine_options opts = {.url = url, .url_origin = "--host"};
	char *msg;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(url, sizeof(url), "unix://%s/none.sock", dir);
	msg = open_fails(&opts, SW_ECONNECT);
	assert_non_null(strstr(msg, url));
	assert_non_null(strstr(msg, "(from --host)"));
	assert_non_null(strstr(msg, strerror(ENOENT)));
	free(msg);
	rmdir(dir);
}

static void open_socket_nobody_listens(void **state)
{
	char dir[] = "/tmp/swtestXXXXXX";
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	char url[128];
	struct engine_options opts = {.url = url};
	int fd;
	char *msg;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/s.sock", dir);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	/* Bound but not listening: connect() gets ECONNREFUSED. */
	assert_int_equal(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	snprintf(url, sizeof(url), "unix://%s", addr.sun_path);
	msg = open_fails(&opts, SW_ECONNECT);
	assert_non_null(strstr(msg, strerror(ECONNREFUSED)));
	assert_non_null(strstr(msg, "no engine listens"));
	free(msg);
	close(fd);
	unlink(addr.sun_path);
	rmdir(dir);
}

static void open_socket_path_is_directory(void **state)
{
	char dir[] = "/tmp/swtestXXXXXX";
	char path[64], url[128];
	struct engine_options opts = {.url = url};
	char *msg;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/docker.sock", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(url, sizeof(url), "unix://%s", path);
	msg = open_fails(&opts, SW_ECONNECT);
	assert_non_null(strstr(msg, path));
	assert_non_null(strstr(msg, "is a directory, not a socket"));
	assert_null(strstr(msg, "no engine listens"));
	free(msg);
	rmdir(path);
	rmdir(dir);
}

/* A unix socket whose peer accepts one connection and ends it. */
struct closing_peer {
	int listen_fd;
	bool read_first; /* read the request, else shut down at once */
};

static void *serve_close(void *arg)
{
	struct closing_peer *peer = arg;
	char req[4096];
	int fd = accept(peer->listen_fd, NULL, NULL);

	if (fd < 0)
		return NULL;
	if (peer->read_first)
		read_request(fd, req, sizeof(req));
	shutdown(fd, SHUT_RDWR);
	close(fd);
	return NULL;
}

static void open_closed_by_peer(bool read_first)
{
	char dir[] = "/tmp/swtestXXXXXX";
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	struct closing_peer peer = {.read_first = read_first};
	char url[128];
	struct engine_options opts = {.url = url};
	pthread_t thread;
	char *msg;

	assert_non_null(mkdtemp(dir));
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/s.sock", dir);
	peer.listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(peer.listen_fd >= 0);
	assert_int_equal(
	    bind(peer.listen_fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	assert_int_equal(listen(peer.listen_fd, 4), 0);
	assert_int_equal(pthread_create(&thread, NULL, serve_close, &peer), 0);
	snprintf(url, sizeof(url), "unix://%s", addr.sun_path);
	msg = open_fails(&opts, SW_ECONNECT);
	pthread_join(thread, NULL);
	assert_non_null(strstr(msg, addr.sun_path));
	assert_non_null(strstr(msg, "closed the connection"));
	assert_non_null(strstr(msg, "GET /_ping"));
	assert_null(strstr(msg, "port 80"));
	free(msg);
	close(peer.listen_fd);
	unlink(addr.sun_path);
	rmdir(dir);
}

static void open_socket_closed_at_once(void **state)
{
	(void)state;
	open_closed_by_peer(false);
}

static void open_socket_closed_after_request(void **state)
{
	(void)state;
	open_closed_by_peer(true);
}

/* A loopback TCP socket: listening or only bound. Returns its port. */
static unsigned loopback_socket(bool listening, int *fd_out)
{
	struct sockaddr_in addr = {.sin_family = AF_INET};
	socklen_t len = sizeof(addr);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	if (listening)
		assert_int_equal(listen(fd, 4), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&addr, &len), 0);
	*fd_out = fd;
	return ntohs(addr.sin_port);
}

static void open_tcp_refused(void **state)
{
	char url[64];
	struct engine_options opts = {.url = url};
	unsigned port;
	int fd;
	char *msg;

	(void)state;
	port = loopback_socket(false, &fd);
	snprintf(url, sizeof(url), "tcp://127.0.0.1:%u", port);
	msg = open_fails(&opts, SW_ECONNECT);
	assert_non_null(strstr(msg, url));
	assert_non_null(strstr(msg, strerror(ECONNREFUSED)));
	free(msg);
	close(fd);
}

static void open_times_out(void **state)
{
	char url[64];
	struct engine_options opts = {.url = url, .timeout_ms = 300};
	unsigned port;
	int fd;
	char *msg;

	(void)state;
	/* The kernel completes the handshake, but nothing ever replies. */
	port = loopback_socket(true, &fd);
	snprintf(url, sizeof(url), "tcp://127.0.0.1:%u", port);
	msg = open_fails(&opts, SW_ECONNECT);
	assert_non_null(strstr(msg, "timed out"));
	assert_non_null(strstr(msg, "--timeout"));
	free(msg);
	close(fd);
}

static void open_docker_host_named_in_message(void **state)
{
	struct engine_options opts = {0};
	char *msg;

	(void)state;
	setenv("DOCKER_HOST", "unix:///nonexistent/sw/docker.sock", 1);
	msg = open_fails(&opts, SW_ECONNECT);
	unsetenv("DOCKER_HOST");
	assert_non_null(strstr(msg, "unix:///nonexistent/sw/docker.sock "
				    "(from DOCKER_HOST)"));
	free(msg);
}

static void open_invalid_address(void **state)
{
	struct engine_options opts = {.url = "tcp://engine:http"};
	char *msg;

	(void)state;
	msg = open_fails(&opts, SW_EINVAL);
	assert_non_null(strstr(msg, "invalid engine address"));
	free(msg);
}

static void open_missing_tls_file(void **state)
{
	struct engine_options opts = {
	    .url = "tcp://127.0.0.1:2376",
	    .tls_verify = true,
	    .ca_file = "/nonexistent/sw/ca.pem",
	};
	char *msg;

	(void)state;
	msg = open_fails(&opts, SW_EINVAL);
	assert_non_null(strstr(msg, "/nonexistent/sw/ca.pem"));
	assert_non_null(strstr(msg, "--tlscacert"));
	free(msg);
}

static void open_certificate_without_key(void **state)
{
	char dir[] = "/tmp/swtestXXXXXX";
	char cert[64];
	struct engine_options opts = {
	    .url = "tcp://127.0.0.1:2376",
	    .tls_verify = true,
	    .cert_path = dir,
	};
	FILE *f;
	char *msg;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(cert, sizeof(cert), "%s/cert.pem", dir);
	f = fopen(cert, "we");
	assert_non_null(f);
	fclose(f);
	msg = open_fails(&opts, SW_EINVAL);
	assert_non_null(strstr(msg, cert));
	assert_non_null(strstr(msg, "key.pem"));
	free(msg);
	unlink(cert);
	rmdir(dir);
}

/*
 * The reply size limit, against a minimal HTTP responder on loopback: it
 * answers /_ping as an engine does and then sends an oversized reply. It
 * tests the limit only; the client's behaviour with a real engine is
 * tested in tests/integration.
 */
struct big_reply {
	int listen_fd;
	bool chunked; /* else a Content-Length above the limit, no body */
};

/* Reads one request head; returns false when the peer closed. */
static bool read_request(int fd, char *req, size_t len)
{
	size_t n = 0;

	while (n + 1 < len) {
		ssize_t r = recv(fd, req + n, len - n - 1, 0);

		if (r <= 0)
			return false;
		n += (size_t)r;
		req[n] = '\0';
		if (strstr(req, "\r\n\r\n"))
			return true;
	}
	return false;
}

static void send_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t w = send(fd, data, len, MSG_NOSIGNAL);

		if (w <= 0)
			return;
		data += w;
		len -= (size_t)w;
	}
}

static void send_big(int fd, bool chunked)
{
	static char chunk[1 << 20];
	char head[128];

	if (!chunked) {
		snprintf(head, sizeof(head),
			 "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n",
			 ENGINE_REPLY_MAX + 1);
		send_all(fd, head, strlen(head));
		return;
	}
	memset(chunk, ' ', sizeof(chunk));
	snprintf(head, sizeof(head),
		 "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
	send_all(fd, head, strlen(head));
	for (size_t sent = 0; sent <= ENGINE_REPLY_MAX; sent += sizeof(chunk)) {
		snprintf(head, sizeof(head), "%zx\r\n", sizeof(chunk));
		send_all(fd, head, strlen(head));
		send_all(fd, chunk, sizeof(chunk));
		send_all(fd, "\r\n", 2);
	}
	send_all(fd, "0\r\n\r\n", 5);
}

static void *serve_big_reply(void *arg)
{
	static const char ping[] = "HTTP/1.1 200 OK\r\nAPI-Version: 1.41\r\n"
				   "Content-Length: 2\r\n\r\nOK";
	struct big_reply *server = arg;
	char req[4096];

	for (;;) {
		int fd = accept(server->listen_fd, NULL, NULL);

		if (fd < 0)
			return NULL;
		while (read_request(fd, req, sizeof(req))) {
			if (strncmp(req, "GET /_ping ", 11) == 0) {
				send_all(fd, ping, sizeof(ping) - 1);
				continue;
			}
			send_big(fd, server->chunked);
			close(fd);
			return NULL;
		}
		close(fd);
	}
}

static void reply_over_limit(bool chunked)
{
	struct big_reply server = {.chunked = chunked};
	struct engine_options opts = {0};
	struct buf err = BUF_INIT;
	struct engine *e = NULL;
	json_t *reply = NULL;
	pthread_t thread;
	char url[64];

	snprintf(url, sizeof(url), "tcp://127.0.0.1:%u",
		 loopback_socket(true, &server.listen_fd));
	opts.url = url;
	assert_int_equal(
	    pthread_create(&thread, NULL, serve_big_reply, &server), 0);
	assert_int_equal(engine_open(&opts, &e, &err), 0);
	assert_int_equal(engine_get(e, "/containers/json", &reply, &err),
			 SW_ELIMIT);
	assert_null(reply);
	assert_non_null(strstr(buf_str(&err), "larger than 64 MiB"));
	assert_non_null(strstr(buf_str(&err), "/containers/json"));
	engine_free(e);
	pthread_join(thread, NULL);
	close(server.listen_fd);
	buf_clear(&err);
}

static void reply_declared_over_limit(void **state)
{
	(void)state;
	reply_over_limit(false);
}

static void reply_streamed_over_limit(void **state)
{
	(void)state;
	reply_over_limit(true);
}

static void options_from_env(void **state)
{
	struct engine_options opts = {0};
	struct engine_options flagged = {.url = "unix:///a.sock",
					 .cert_path = "/flag"};

	(void)state;
	setenv("DOCKER_HOST", "tcp://127.0.0.1:2376", 1);
	setenv("DOCKER_TLS_VERIFY", "1", 1);
	setenv("DOCKER_CERT_PATH", "/env/certs", 1);
	engine_options_from_env(&opts);
	engine_options_from_env(&flagged);
	unsetenv("DOCKER_HOST");
	unsetenv("DOCKER_TLS_VERIFY");
	unsetenv("DOCKER_CERT_PATH");
	assert_string_equal(opts.url, "tcp://127.0.0.1:2376");
	assert_string_equal(opts.url_origin, "DOCKER_HOST");
	assert_true(opts.tls_verify);
	assert_string_equal(opts.cert_path, "/env/certs");
	assert_string_equal(flagged.url, "unix:///a.sock");
	assert_null(flagged.url_origin);
	assert_string_equal(flagged.cert_path, "/flag");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(url_unix_default_socket),
	    cmocka_unit_test(url_unix_path),
	    cmocka_unit_test(url_unix_path_too_long),
	    cmocka_unit_test(url_tcp_host_port),
	    cmocka_unit_test(url_tcp_without_port),
	    cmocka_unit_test(url_bare_host_is_tcp),
	    cmocka_unit_test(url_tcp_empty_host_is_localhost),
	    cmocka_unit_test(url_tcp_ipv6),
	    cmocka_unit_test(url_tcp_ipv6_needs_brackets),
	    cmocka_unit_test(url_https_asks_for_tls),
	    cmocka_unit_test(url_tcp_base_path),
	    cmocka_unit_test(url_tcp_rejects_credentials),
	    cmocka_unit_test(url_tcp_rejects_query),
	    cmocka_unit_test(url_port_out_of_range),
	    cmocka_unit_test(url_ssh_user_host_port),
	    cmocka_unit_test(url_ssh_rejects_password_and_path),
	    cmocka_unit_test(url_rejects_other_schemes),
	    cmocka_unit_test(url_bare_path_needs_scheme),
	    cmocka_unit_test(url_message_names_value_and_origin),
	    cmocka_unit_test(url_message_escapes_control_characters),
	    cmocka_unit_test(url_message_redacts_password),
	    cmocka_unit_test(url_redact_keeps_addresses_without_password),
	    cmocka_unit_test(url_empty),
	    cmocka_unit_test(ping_headers_from_engine),
	    cmocka_unit_test(ping_header_names_ignore_case),
	    cmocka_unit_test(ping_header_is_not_nul_terminated),
	    cmocka_unit_test(ping_header_oversized_value_ignored),
	    cmocka_unit_test(negotiate_picks_lower_version),
	    cmocka_unit_test(negotiate_without_header_is_1_24),
	    cmocka_unit_test(negotiate_rejects_old_engine),
	    cmocka_unit_test(negotiate_rejects_garbage),
	    cmocka_unit_test(api_compare_orders_numerically),
	    cmocka_unit_test(path_escape_keeps_ids),
	    cmocka_unit_test(path_escape_encodes_separators),
	    cmocka_unit_test(message_missing_socket),
	    cmocka_unit_test(message_permission_denied),
	    cmocka_unit_test(message_refused_tcp),
	    cmocka_unit_test(message_without_errno_uses_detail),
	    cmocka_unit_test(open_missing_socket),
	    cmocka_unit_test(open_socket_nobody_listens),
	    cmocka_unit_test(open_socket_path_is_directory),
	    cmocka_unit_test(open_socket_closed_at_once),
	    cmocka_unit_test(open_socket_closed_after_request),
	    cmocka_unit_test(open_tcp_refused),
	    cmocka_unit_test(open_times_out),
	    cmocka_unit_test(open_docker_host_named_in_message),
	    cmocka_unit_test(open_invalid_address),
	    cmocka_unit_test(open_missing_tls_file),
	    cmocka_unit_test(open_certificate_without_key),
	    cmocka_unit_test(reply_declared_over_limit),
	    cmocka_unit_test(reply_streamed_over_limit),
	    cmocka_unit_test(options_from_env),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
