#include "lint/source.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"

int source_read(const char *path, struct buf *out, struct buf *err)
{
	char chunk[16384];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	int rc = 0;

	if (fd < 0) {
		buf_printf(err, "%s: cannot open: %s", path, strerror(errno));
		return SW_EIO;
	}
	buf_init(out, SOURCE_MAX);
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			buf_printf(err, "%s: read failed: %s", path,
				   strerror(errno));
			rc = SW_EIO;
			break;
		}
		if (n == 0)
			break;
		rc = buf_append(out, chunk, (size_t)n);
		if (rc == SW_ELIMIT) {
			buf_printf(err,
				   "%s: file is larger than %zu MiB, the "
				   "maximum lint reads",
				   path, SOURCE_MAX >> 20);
			break;
		}
		if (rc) {
			buf_printf(err, "%s: out of memory", path);
			break;
		}
	}
	close(fd);
	if (!rc && out->len && memchr(out->data, '\0', out->len)) {
		struct location loc = source_location(
		    path, out->data,
		    (size_t)((const char *)memchr(out->data, '\0', out->len) -
			     out->data));

		buf_printf(err,
			   "%s:%u:%u: the file contains a NUL byte; it is not "
			   "a text file",
			   path, loc.line, loc.column);
		rc = SW_EINVAL;
	}
	if (rc)
		buf_clear(out);
	else if (!out->data)
		buf_puts(out, "");
	return rc;
}

/* Returns the length of the valid UTF-8 sequence at `s`, or 0. */
static size_t utf8_sequence(const unsigned char *s, size_t left)
{
	unsigned cp;
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (left < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

size_t utf8_invalid_offset(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		size_t n = utf8_sequence(u + i, len - i);

		if (!n)
			return i;
		i += n;
	}
	return len;
}

struct location source_location(const char *path, const char *s, size_t offset)
{
	struct location loc = {.path = path, .line = 1, .column = 1};

	for (size_t i = 0; i < offset && s[i]; i++) {
		if (s[i] == '\n') {
			loc.line++;
			loc.column = 1;
		} else {
			loc.column++;
		}
	}
	return loc;
}

char *utf8_sanitize(struct arena *a, const char *s)
{
	size_t len = strlen(s), bad = utf8_invalid_offset(s, len);
	struct buf b = BUF_INIT;
	char *copy;

	if (bad == len)
		return arena_strndup(a, s, len);
	for (size_t i = 0; i < len;) {
		size_t n = utf8_sequence((const unsigned char *)s + i, len - i);

		if (n) {
			buf_append(&b, s + i, n);
			i += n;
		} else {
			buf_puts(&b, "\xef\xbf\xbd");
			i++;
		}
	}
	copy = b.failed ? NULL : arena_strdup(a, buf_str(&b));
	buf_clear(&b);
	return copy;
}

struct target *lint_target_add(struct model *m, const char *name)
{
	struct target *t = model_add_target(m);
	struct daemon *d;

	if (!t)
		return NULL;
	t->name = name;
	t->endpoint = name;
	t->transport.kind = "file";
	t->containers_status = PART_NOT_PRESENT;
	t->images_status = PART_NOT_PRESENT;
	t->networks_status = PART_ABSENT;
	d = &t->daemon;
	d->version = d->api_version = d->min_api_version = "";
	d->os = d->kernel = d->hostname = d->storage_driver = "";
	d->logging_driver = d->cgroup_driver = d->cgroup_version = "";
	d->root_dir = d->seccomp_profile = d->swarm_state = "";
	return t;
}
