/* API version negotiation: the /_ping headers and the version picked. */
#include <string.h>
#include <strings.h>

#include "collect/engine.h"
#include "util/error.h"
#include "util/strutil.h"

/* "1.41" -> 1, 41. Returns false for anything but two decimal numbers. */
static bool version_parse(const char *s, unsigned *major, unsigned *minor)
{
	unsigned v[2] = {0, 0};
	int part = 0, digits = 0;

	if (!s)
		return false;
	for (; *s; s++) {
		if (*s == '.' && part == 0 && digits) {
			part = 1;
			digits = 0;
		} else if (*s >= '0' && *s <= '9' && digits < 4) {
			v[part] = v[part] * 10 + (unsigned)(*s - '0');
			digits++;
		} else {
			return false;
		}
	}
	if (part != 1 || !digits)
		return false;
	*major = v[0];
	*minor = v[1];
	return true;
}

int engine_api_compare(const char *a, const char *b)
{
	unsigned amaj, amin, bmaj, bmin;
	bool aok = version_parse(a, &amaj, &amin);
	bool bok = version_parse(b, &bmaj, &bmin);

	if (!aok || !bok)
		return (int)aok - (int)bok;
	if (amaj != bmaj)
		return amaj < bmaj ? -1 : 1;
	if (amin != bmin)
		return amin < bmin ? -1 : 1;
	return 0;
}

int engine_api_negotiate(const char *server, char *out, size_t len,
			 struct buf *err)
{
	const char *pick;

	/* An engine without the header predates it: API 1.24 or older. */
	if (str_empty(server))
		server = ENGINE_API_MIN;
	if (engine_api_compare(server, "0.0") < 0) {
		buf_puts(err, "the engine reported API version '");
		escape_terminal(err, server, ENGINE_VERSION_MAX);
		buf_puts(err, "', which is not MAJOR.MINOR; is this a Docker "
			      "engine?");
		return SW_EPROTO;
	}
	if (engine_api_compare(server, ENGINE_API_MIN) < 0) {
		buf_printf(err,
			   "the engine speaks API %s, older than %s (Docker "
			   "1.12), the oldest this tool reads; upgrade the "
			   "engine",
			   server, ENGINE_API_MIN);
		return SW_EPROTO;
	}
	pick = engine_api_compare(server, ENGINE_API_MAX) < 0 ? server
							      : ENGINE_API_MAX;
	if (strlen(pick) >= len) {
		buf_puts(err, "no room for the API version");
		return SW_ELIMIT;
	}
	strcpy(out, pick);
	return 0;
}

/* Copies the trimmed value of header `name` if `line` is that header. */
static bool header_value(const char *line, size_t len, const char *name,
			 char *out, size_t out_len)
{
	size_t name_len = strlen(name);
	const char *v, *end = line + len;

	if (len <= name_len || line[name_len] != ':' ||
	    strncasecmp(line, name, name_len) != 0)
		return false;
	v = line + name_len + 1;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' ||
			   end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if ((size_t)(end - v) >= out_len || memchr(v, '\0', (size_t)(end - v)))
		return false;
	memcpy(out, v, (size_t)(end - v));
	out[end - v] = '\0';
	return true;
}

void engine_ping_header(struct engine_ping *ping, const char *line, size_t len)
{
	char value[ENGINE_VERSION_MAX];

	if (header_value(line, len, "API-Version", value, sizeof(value)))
		strcpy(ping->api_version, value);
	else if (header_value(line, len, "OSType", value, sizeof(value)))
		strcpy(ping->os_type, value);
	else if (header_value(line, len, "Docker-Experimental", value,
			      sizeof(value)))
		ping->experimental = str_ieq(value, "true");
}
