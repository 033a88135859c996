/* Engine addresses: parsing unix://, tcp://, http(s):// and ssh:// URLs. */
#include <string.h>
#include <strings.h>

#include "collect/engine.h"
#include "util/error.h"
#include "util/strutil.h"

#define URL_FORMS "use unix:///PATH, tcp://HOST:PORT or ssh://[USER@]HOST"

/* The most bytes of a rejected address quoted back in a message. */
#define URL_QUOTE_MAX 200

unsigned engine_url_default_port(bool tls)
{
	return tls ? 2376 : 2375;
}

int engine_url_redact(struct buf *out, const char *url)
{
	const char *sep = strstr(url, "://");
	const char *authority = sep ? sep + 3 : url;
	const char *at, *colon;
	int rc;

	/*
	 * The last '@' ends the user information even when the password
	 * contains an unescaped '@' or '/', so no part of it is shown.
	 */
	at = *authority == '/' ? NULL : strrchr(authority, '@');
	colon = at ? memchr(authority, ':', (size_t)(at - authority)) : NULL;
	if (!colon)
		return buf_puts(out, url);
	rc = buf_append(out, url, (size_t)(colon + 1 - url));
	if (!rc)
		rc = buf_puts(out, "***");
	if (!rc)
		rc = buf_puts(out, at);
	return rc;
}

static int url_error(struct buf *err, const char *url, const char *origin,
		     const char *reason)
{
	struct buf shown = BUF_INIT;

	engine_url_redact(&shown, url);
	buf_puts(err, "invalid engine address '");
	escape_terminal(err, buf_str(&shown), URL_QUOTE_MAX);
	buf_clear(&shown);
	buf_putc(err, '\'');
	if (origin)
		buf_printf(err, " (from %s)", origin);
	buf_printf(err, ": %s; %s", reason, URL_FORMS);
	return SW_EINVAL;
}

static bool is_host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

static bool is_ipv6_char(char c)
{
	return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
	       (c >= '0' && c <= '9') || c == ':' || c == '.';
}

static bool is_path_char(char c)
{
	return is_host_char(c) || c == '~' || c == '/';
}

static bool all_chars(const char *s, size_t len, bool (*ok)(char))
{
	for (size_t i = 0; i < len; i++)
		if (!ok(s[i]))
			return false;
	return true;
}

/* Parses "65535" from `s[0..len)`; returns 0 for anything else. */
static unsigned parse_port(const char *s, size_t len)
{
	unsigned port = 0;

	if (len == 0 || len > 5)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		port = port * 10 + (unsigned)(s[i] - '0');
	}
	return port <= 65535 ? port : 0;
}

/*
 * Splits "HOST[:PORT]" or "[IPV6][:PORT]" (`len` bytes at `s`) into
 * `out->host` and `out->port`. Returns NULL or the reason it is invalid.
 */
static const char *parse_authority(const char *s, size_t len,
				   struct engine_url *out)
{
	const char *host = s, *port = NULL;
	size_t host_len = len, port_len = 0;

	if (len && s[0] == '[') {
		const char *close = memchr(s, ']', len);

		if (!close)
			return "an IPv6 address misses its closing ']'";
		host = s + 1;
		host_len = (size_t)(close - host);
		if (!host_len || !all_chars(host, host_len, is_ipv6_char))
			return "the IPv6 address in brackets is invalid";
		if (close + 1 < s + len) {
			if (close[1] != ':')
				return "unexpected text after the IPv6 address";
			port = close + 2;
			port_len = len - (size_t)(port - s);
		}
	} else {
		const char *colon = memchr(s, ':', len);

		if (colon) {
			if (memchr(colon + 1, ':',
				   len - (size_t)(colon + 1 - s)))
				return "an IPv6 address must be written in "
				       "brackets, as [::1]:2376";
			host_len = (size_t)(colon - s);
			port = colon + 1;
			port_len = len - host_len - 1;
		}
		if (!all_chars(host, host_len, is_host_char))
			return "the host name contains an invalid character";
	}
	if (host_len >= sizeof(out->host))
		return "the host name is too long";
	if (port) {
		out->port = parse_port(port, port_len);
		if (!out->port)
			return "the port is not a number from 1 to 65535";
	}
	memcpy(out->host, host, host_len);
	out->host[host_len] = '\0';
	return NULL;
}

static const char *parse_unix(const char *rest, struct engine_url *out)
{
	size_t len = strlen(rest);

	out->scheme = ENGINE_UNIX;
	if (!len) {
		rest = ENGINE_DEFAULT_SOCKET;
		len = strlen(rest);
	}
	if (len >= sizeof(out->socket_path))
		return "the socket path is longer than the 107 bytes a unix "
		       "socket address can hold";
	memcpy(out->socket_path, rest, len + 1);
	return NULL;
}

static const char *parse_tcp(const char *rest, struct engine_url *out)
{
	size_t auth_len = strcspn(rest, "/?#");
	const char *path = rest + auth_len;
	size_t path_len;
	const char *reason;

	out->scheme = ENGINE_TCP;
	if (memchr(rest, '@', auth_len))
		return "user names and passwords are not accepted in a tcp "
		       "address; use TLS client certificates";
	reason = parse_authority(rest, auth_len, out);
	if (reason)
		return reason;
	if (!out->host[0])
		strcpy(out->host, "localhost");
	if (strpbrk(path, "?#"))
		return "a query or fragment is not accepted in an engine "
		       "address";
	path_len = strlen(path);
	while (path_len && path[path_len - 1] == '/')
		path_len--;
	if (!all_chars(path, path_len, is_path_char))
		return "the path prefix contains an invalid character";
	if (path_len >= sizeof(out->base_path))
		return "the path prefix is too long";
	memcpy(out->base_path, path, path_len);
	out->base_path[path_len] = '\0';
	return NULL;
}

static const char *parse_ssh(const char *rest, struct engine_url *out)
{
	size_t auth_len = strcspn(rest, "/?#");
	const char *at = memchr(rest, '@', auth_len);
	const char *hostport = rest;
	const char *reason;

	out->scheme = ENGINE_SSH;
	if (at) {
		size_t user_len = (size_t)(at - rest);

		if (memchr(rest, ':', user_len))
			return "a password is not accepted in an ssh address; "
			       "use an SSH key or agent";
		if (!user_len || !all_chars(rest, user_len, is_host_char))
			return "the user name is empty or contains an invalid "
			       "character";
		hostport = at + 1;
		auth_len -= user_len + 1;
	}
	reason = parse_authority(hostport, auth_len, out);
	if (reason)
		return reason;
	if (!out->host[0])
		return "the host name is missing";
	if (hostport[auth_len] && !str_eq(hostport + auth_len, "/"))
		return "an ssh address takes no path, query or fragment";
	return NULL;
}

int engine_url_parse(const char *url, const char *origin,
		     struct engine_url *out, struct buf *err)
{
	struct engine_url u;
	const char *sep, *rest, *reason;
	size_t scheme_len;

	if (!url || !*url)
		return url_error(err, "", origin, "the address is empty");
	memset(&u, 0, sizeof(u));
	sep = strstr(url, "://");
	if (!sep) {
		/* A bare HOST:PORT is a TCP address, as for the docker CLI. */
		if (url[0] == '/')
			return url_error(
			    err, url, origin,
			    "a socket path needs the unix:// "
			    "scheme, as unix:///var/run/docker.sock");
		reason = parse_tcp(url, &u);
		goto out;
	}
	scheme_len = (size_t)(sep - url);
	rest = sep + 3;
	if (scheme_len == 4 && strncasecmp(url, "unix", 4) == 0) {
		reason = parse_unix(rest, &u);
	} else if (scheme_len == 3 && strncasecmp(url, "tcp", 3) == 0) {
		reason = parse_tcp(rest, &u);
	} else if (scheme_len == 4 && strncasecmp(url, "http", 4) == 0) {
		reason = parse_tcp(rest, &u);
	} else if (scheme_len == 5 && strncasecmp(url, "https", 5) == 0) {
		reason = parse_tcp(rest, &u);
		u.https = true;
	} else if (scheme_len == 3 && strncasecmp(url, "ssh", 3) == 0) {
		reason = parse_ssh(rest, &u);
	} else if (scheme_len == 5 && strncasecmp(url, "npipe", 5) == 0) {
		reason = "Windows named pipes (npipe://) are not supported";
	} else if (scheme_len == 2 && strncasecmp(url, "fd", 2) == 0) {
		reason = "fd:// is a daemon listener, not an address a client "
			 "can connect to";
	} else {
		reason = "the scheme is not one of unix, tcp, http, https and "
			 "ssh";
	}
out:
	if (reason)
		return url_error(err, url, origin, reason);
	*out = u;
	return 0;
}

static bool is_unreserved(char c)
{
	return is_host_char(c) || c == '~' || c == ':';
}

int engine_path_escape(struct buf *out, const char *segment)
{
	static const char hex[] = "0123456789ABCDEF";
	int rc = 0;

	for (const char *p = segment; *p && !rc; p++) {
		unsigned char c = (unsigned char)*p;

		if (is_unreserved(*p)) {
			rc = buf_putc(out, *p);
			continue;
		}
		rc = buf_putc(out, '%');
		if (!rc)
			rc = buf_putc(out, hex[c >> 4]);
		if (!rc)
			rc = buf_putc(out, hex[c & 15]);
	}
	return rc;
}
