#include <ctype.h>
#include <string.h>

#include "model/host_parse.h"
#include "util/error.h"
#include "util/strutil.h"

/* 64: more fields than any mount table line has. */
#define MOUNT_FIELDS_MAX 64

/* Decodes the octal escapes (\040 for a space) of a mount table field. */
static char *field_decode(struct arena *a, const char *s, size_t len)
{
	char *out = arena_alloc(a, len + 1);
	size_t j = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 3 < len && s[i + 1] >= '0' &&
		    s[i + 1] <= '3' && s[i + 2] >= '0' && s[i + 2] <= '7' &&
		    s[i + 3] >= '0' && s[i + 3] <= '7') {
			out[j++] =
			    (char)((s[i + 1] - '0') * 64 +
				   (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
			i += 3;
			continue;
		}
		out[j++] = s[i];
	}
	out[j] = '\0';
	return out;
}

struct field {
	const char *s;
	size_t len;
};

static size_t line_fields(const char *line, size_t len, struct field *f)
{
	size_t n = 0, i = 0;

	while (i < len && n < MOUNT_FIELDS_MAX) {
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i >= len)
			break;
		f[n].s = line + i;
		while (i < len && line[i] != ' ' && line[i] != '\t')
			i++;
		f[n].len = (size_t)(line + i - f[n].s);
		n++;
	}
	return n;
}

static bool field_is_number(const struct field *f)
{
	for (size_t i = 0; i < f->len; i++)
		if (!isdigit((unsigned char)f->s[i]))
			return false;
	return f->len > 0;
}

/*
 * mountinfo: ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [TAGS...] - FSTYPE
 * SOURCE SUPEROPTIONS. /proc/mounts: SOURCE MOUNTPOINT FSTYPE OPTIONS 0 0.
 */
static int line_parse(struct arena *a, const char *line, size_t len,
		      struct mount_entry *e, bool *ok)
{
	struct field f[MOUNT_FIELDS_MAX];
	size_t n = line_fields(line, len, f);
	const struct field *point, *source, *fstype, *options;
	const struct field none = {"", 0}, *device = &none;

	*ok = false;
	if (n >= 10 && field_is_number(&f[0]) && field_is_number(&f[1])) {
		size_t dash = 6;

		while (dash < n && !(f[dash].len == 1 && f[dash].s[0] == '-'))
			dash++;
		if (dash + 2 >= n)
			return 0;
		device = &f[2];
		point = &f[4];
		options = &f[5];
		fstype = &f[dash + 1];
		source = &f[dash + 2];
	} else if (n >= 4 && f[1].len && f[1].s[0] == '/') {
		source = &f[0];
		point = &f[1];
		fstype = &f[2];
		options = &f[3];
	} else {
		return 0;
	}
	e->mount_point = field_decode(a, point->s, point->len);
	e->source = field_decode(a, source->s, source->len);
	e->fstype = field_decode(a, fstype->s, fstype->len);
	e->options = field_decode(a, options->s, options->len);
	e->device = field_decode(a, device->s, device->len);
	if (!e->mount_point || !e->source || !e->fstype || !e->options ||
	    !e->device)
		return SW_ENOMEM;
	*ok = e->mount_point[0] == '/';
	return 0;
}

int mount_table_parse(struct arena *a, const char *text, size_t len,
		      struct mount_entry **out, size_t *n)
{
	size_t lines = 1, count = 0, pos = 0;
	struct mount_entry *entries;

	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	entries = arena_calloc(a, lines, sizeof(*entries));
	if (!entries)
		return SW_ENOMEM;
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t line_len = nl ? (size_t)(nl - line) : len - pos;
		bool ok;
		int rc;

		pos += line_len + (nl ? 1 : 0);
		rc = line_parse(a, line, line_len, &entries[count], &ok);
		if (rc)
			return rc;
		if (ok)
			count++;
	}
	if (count) {
		*out = entries;
		*n = count;
	}
	return 0;
}

/* Whether `dir` is `path` or one of its parent directories. */
static bool path_within(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 1 && dir[0] == '/')
		return path[0] == '/';
	return strncmp(path, dir, n) == 0 &&
	       (path[n] == '\0' || path[n] == '/');
}

const struct mount_entry *mount_table_find(const struct mount_entry *m,
					   size_t n, const char *path)
{
	const struct mount_entry *best = NULL;
	size_t best_len = 0;

	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(m[i].mount_point);

		if (!path_within(path, m[i].mount_point))
			continue;
		if (!best || len >= best_len) {
			best = &m[i];
			best_len = len;
		}
	}
	return best;
}
