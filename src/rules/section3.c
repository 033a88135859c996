/*
 * Section 3, daemon configuration files: owners and modes of the files
 * the effective configuration names. Modes compare as bit masks: a file
 * passes "at most 0644" only when it has no bit outside 0644, so 0606
 * fails although 0606 < 0644.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/host_checks.h"
#include "rules/rule.h"
#include "util/strutil.h"

enum file_set {
	FILES_SERVICE,
	FILES_SOCKET_UNIT,
	FILES_ETC_DOCKER,
	FILES_REGISTRY_CERTS,
	FILES_TLS_CA,
	FILES_TLS_CERT,
	FILES_TLS_KEY,
	FILES_DOCKER_SOCK,
	FILES_DAEMON_JSON,
	FILES_DEFAULT_DOCKER,
	FILES_SYSCONFIG_DOCKER,
	FILES_CONTAINERD_SOCK,
};

enum owner_rule {
	OWNER_NONE,	   /* the rule checks the mode only */
	OWNER_ROOT,	   /* root:root */
	OWNER_ROOT_DOCKER, /* root and the engine's socket group */
};

struct file_rule {
	const char *id;
	enum file_set files;
	enum owner_rule owner; /* OWNER_NONE: a mode rule */
	uint32_t mask;	       /* allowed permission bits */
};

static const struct file_rule file_rules[] = {
    {"3.1", FILES_SERVICE, OWNER_ROOT, 0},
    {"3.2", FILES_SERVICE, OWNER_NONE, 0644},
    {"3.3", FILES_SOCKET_UNIT, OWNER_ROOT, 0},
    {"3.4", FILES_SOCKET_UNIT, OWNER_NONE, 0644},
    {"3.5", FILES_ETC_DOCKER, OWNER_ROOT, 0},
    {"3.6", FILES_ETC_DOCKER, OWNER_NONE, 0755},
    {"3.7", FILES_REGISTRY_CERTS, OWNER_ROOT, 0},
    {"3.8", FILES_REGISTRY_CERTS, OWNER_NONE, 0444},
    {"3.9", FILES_TLS_CA, OWNER_ROOT, 0},
    {"3.10", FILES_TLS_CA, OWNER_NONE, 0444},
    {"3.11", FILES_TLS_CERT, OWNER_ROOT, 0},
    {"3.12", FILES_TLS_CERT, OWNER_NONE, 0444},
    {"3.13", FILES_TLS_KEY, OWNER_ROOT, 0},
    {"3.14", FILES_TLS_KEY, OWNER_NONE, 0400},
    {"3.15", FILES_DOCKER_SOCK, OWNER_ROOT_DOCKER, 0},
    {"3.16", FILES_DOCKER_SOCK, OWNER_NONE, 0660},
    {"3.17", FILES_DAEMON_JSON, OWNER_ROOT, 0},
    {"3.18", FILES_DAEMON_JSON, OWNER_NONE, 0644},
    {"3.19", FILES_DEFAULT_DOCKER, OWNER_ROOT, 0},
    {"3.20", FILES_DEFAULT_DOCKER, OWNER_NONE, 0644},
    {"3.21", FILES_SYSCONFIG_DOCKER, OWNER_NONE, 0644},
    {"3.22", FILES_SYSCONFIG_DOCKER, OWNER_ROOT, 0},
    {"3.23", FILES_CONTAINERD_SOCK, OWNER_ROOT, 0},
    {"3.24", FILES_CONTAINERD_SOCK, OWNER_NONE, 0660},
};

/* 64: files one rule names (sockets, registry certificates). */
#define RULE_FILES_MAX 64

struct file_list {
	const char *paths[RULE_FILES_MAX];
	size_t n;
	const char *none; /* why the list is empty: the not_applicable fact */
};

static void list_add(struct file_list *l, const char *path)
{
	if (path && *path && l->n < RULE_FILES_MAX)
		l->paths[l->n++] = path;
}

static void tls_file(const struct target *t, const char *key,
		     struct file_list *l)
{
	char *path = host_checks_setting(t, key);
	const struct host_file *f = host_file_find(t->host, path);

	/* List the host file's own path, which lives as long as the model. */
	if (f)
		list_add(l, f->path);
	else if (path)
		l->none = "the TLS file the daemon names was not examined";
	else
		l->none = "TLS is not configured for the daemon";
	free(path);
}

static void registry_certs(const struct host_facts *h, struct file_list *l)
{
	static const char prefix[] = "/etc/docker/certs.d/";

	for (size_t i = 0; i < h->n_files; i++) {
		const struct host_file *f = &h->file_stats[i];
		const char *rest = f->path + strlen(prefix);

		if (!str_starts_with(f->path, prefix) || !strchr(rest, '/') ||
		    f->type == HOST_FILE_DIRECTORY)
			continue;
		list_add(l, f->path);
	}
	if (!l->n)
		l->none = "no registry certificates under /etc/docker/certs.d";
}

static void files_of(const struct target *t, enum file_set set,
		     struct file_list *l)
{
	const struct host_facts *h = t->host;

	memset(l, 0, sizeof(*l));
	switch (set) {
	case FILES_SERVICE:
		list_add(l, h->paths.docker_service);
		l->none = "no docker.service unit in systemd's directories";
		break;
	case FILES_SOCKET_UNIT:
		list_add(l, h->paths.docker_socket);
		l->none = "no docker.socket unit in systemd's directories";
		break;
	case FILES_ETC_DOCKER:
		list_add(l, "/etc/docker");
		break;
	case FILES_REGISTRY_CERTS:
		registry_certs(h, l);
		break;
	case FILES_TLS_CA:
		tls_file(t, "tlscacert", l);
		break;
	case FILES_TLS_CERT:
		tls_file(t, "tlscert", l);
		break;
	case FILES_TLS_KEY:
		tls_file(t, "tlskey", l);
		break;
	case FILES_DOCKER_SOCK:
		for (size_t i = 0; i < h->sockets.n; i++)
			list_add(l, h->sockets.v[i]);
		l->none = "the daemon listens on no unix socket";
		break;
	case FILES_DAEMON_JSON:
		list_add(l, h->paths.config_file);
		break;
	case FILES_DEFAULT_DOCKER:
		list_add(l, "/etc/default/docker");
		break;
	case FILES_SYSCONFIG_DOCKER:
		list_add(l, "/etc/sysconfig/docker");
		break;
	case FILES_CONTAINERD_SOCK:
		list_add(l, h->paths.containerd_socket);
		break;
	}
}

static void file_describe(struct buf *b, const struct host_file *f)
{
	host_checks_append(b, f->path, HOST_VALUE_MAX);
	buf_printf(b, " is %04o ", f->mode);
	if (*f->owner)
		host_checks_append(b, f->owner, HOST_VALUE_MAX);
	else
		buf_printf(b, "%lld", (long long)f->uid);
	buf_putc(b, ':');
	if (*f->group)
		host_checks_append(b, f->group, HOST_VALUE_MAX);
	else
		buf_printf(b, "%lld", (long long)f->gid);
	if (*f->link) {
		buf_puts(b, " (through symlink to ");
		host_checks_append(b, f->link, HOST_VALUE_MAX);
		buf_putc(b, ')');
	}
}

/* "could not examine PATH: REASON"; collection's reason starts with the
 * path already. */
static void file_error_describe(struct buf *b, const struct host_file *f)
{
	buf_puts(b, "could not examine ");
	if (str_starts_with(f->error, f->path)) {
		host_checks_append(b, f->error, 2 * HOST_VALUE_MAX);
		return;
	}
	host_checks_append(b, f->path, HOST_VALUE_MAX);
	if (*f->error) {
		buf_puts(b, ": ");
		host_checks_append(b, f->error, HOST_VALUE_MAX);
	}
}

/* The socket group: the engine's "group" setting, "docker" by default. */
static bool socket_group_ok(const struct target *t, const struct host_file *f)
{
	const struct host_facts *h = t->host;

	if (h->group.status == PART_COLLECTED && h->group_gid >= 0)
		return f->gid == h->group_gid || f->gid == 0;
	return str_eq(f->group, "docker") || f->gid == 0;
}

/* Returns whether one file satisfies the rule; `why` gets the reason. */
static bool file_ok(const struct target *t, const struct file_rule *r,
		    const struct host_file *f, struct buf *why)
{
	const struct host_facts *h = t->host;
	uint32_t extra = f->mode & ~r->mask & 07777;

	switch (r->owner) {
	case OWNER_NONE:
		if (extra)
			buf_printf(why, ", with bits %04o beyond %04o", extra,
				   r->mask);
		return !extra;
	case OWNER_ROOT:
		if (f->uid != 0 || f->gid != 0)
			buf_puts(why, ", not root:root");
		return f->uid == 0 && f->gid == 0;
	case OWNER_ROOT_DOCKER:
		/* A rootless engine's socket belongs to its own user. */
		if (h->daemon_uid > 0 && f->uid == h->daemon_uid)
			return true;
		if (f->uid != 0 || !socket_group_ok(t, f)) {
			buf_printf(why, ", not root:%s",
				   *h->group_name ? h->group_name : "docker");
			return false;
		}
		return true;
	}
	return false;
}

static void file_rule_check(const struct target *t, const char *id,
			    struct verdict *v)
{
	const struct file_rule *r = NULL;
	const struct host_facts *h;
	struct file_list l;
	struct buf why = BUF_INIT;
	size_t present = 0, failed = 0;
	bool absent;

	for (size_t i = 0; i < sizeof(file_rules) / sizeof(file_rules[0]); i++)
		if (str_eq(file_rules[i].id, id))
			r = &file_rules[i];
	h = host_checks_facts(t, v, "file owners and modes");
	if (!h || !r)
		return;
	if (!host_checks_part(&h->files, v, "file owners and modes", &absent)) {
		if (absent)
			verdict_error(v, "no file was examined: %s",
				      h->files.error);
		return;
	}
	files_of(t, r->files, &l);
	if (!l.n) {
		verdict_na(v, "%s", l.none ? l.none : "no such file");
		return;
	}
	host_checks_begin(v, ST_PASS);
	for (size_t i = 0; i < l.n; i++) {
		const struct host_file *f = host_file_find(h, l.paths[i]);

		if (!f || f->status == PART_NOT_PRESENT)
			continue;
		if (f->status != PART_COLLECTED) {
			host_checks_begin(v, ST_ERROR);
			file_error_describe(v->evidence, f);
			buf_clear(&why);
			return;
		}
		present++;
		buf_reset(&why);
		if (file_ok(t, r, f, &why))
			continue;
		if (!failed)
			host_checks_begin(v, ST_FAIL);
		else
			buf_puts(v->evidence, "; ");
		file_describe(v->evidence, f);
		buf_puts(v->evidence, buf_str(&why));
		failed++;
	}
	buf_clear(&why);
	if (failed)
		return;
	if (!present) {
		verdict_na(v, "%s does not exist", l.paths[0]);
		return;
	}
	for (size_t i = 0, shown = 0; i < l.n && shown < 3; i++) {
		const struct host_file *f = host_file_find(h, l.paths[i]);

		if (!f || f->status != PART_COLLECTED)
			continue;
		buf_puts(v->evidence, shown ? "; " : "");
		file_describe(v->evidence, f);
		shown++;
	}
	if (present > 3)
		buf_printf(v->evidence, "; and %zu more", present - 3);
}

#define FILE_CHECK(name, id)                                                   \
	static void name(const struct target *t, const void *o,                \
			 struct verdict *v)                                    \
	{                                                                      \
		(void)o;                                                       \
		file_rule_check(t, id, v);                                     \
	}

FILE_CHECK(check_3_1, "3.1")
FILE_CHECK(check_3_2, "3.2")
FILE_CHECK(check_3_3, "3.3")
FILE_CHECK(check_3_4, "3.4")
FILE_CHECK(check_3_5, "3.5")
FILE_CHECK(check_3_6, "3.6")
FILE_CHECK(check_3_7, "3.7")
FILE_CHECK(check_3_8, "3.8")
FILE_CHECK(check_3_9, "3.9")
FILE_CHECK(check_3_10, "3.10")
FILE_CHECK(check_3_11, "3.11")
FILE_CHECK(check_3_12, "3.12")
FILE_CHECK(check_3_13, "3.13")
FILE_CHECK(check_3_14, "3.14")
FILE_CHECK(check_3_15, "3.15")
FILE_CHECK(check_3_16, "3.16")
FILE_CHECK(check_3_17, "3.17")
FILE_CHECK(check_3_18, "3.18")
FILE_CHECK(check_3_19, "3.19")
FILE_CHECK(check_3_20, "3.20")
FILE_CHECK(check_3_21, "3.21")
FILE_CHECK(check_3_22, "3.22")
FILE_CHECK(check_3_23, "3.23")
FILE_CHECK(check_3_24, "3.24")

const struct rule_check section3_checks[] = {
    {"3.1", check_3_1},	  {"3.2", check_3_2},	{"3.3", check_3_3},
    {"3.4", check_3_4},	  {"3.5", check_3_5},	{"3.6", check_3_6},
    {"3.7", check_3_7},	  {"3.8", check_3_8},	{"3.9", check_3_9},
    {"3.10", check_3_10}, {"3.11", check_3_11}, {"3.12", check_3_12},
    {"3.13", check_3_13}, {"3.14", check_3_14}, {"3.15", check_3_15},
    {"3.16", check_3_16}, {"3.17", check_3_17}, {"3.18", check_3_18},
    {"3.19", check_3_19}, {"3.20", check_3_20}, {"3.21", check_3_21},
    {"3.22", check_3_22}, {"3.23", check_3_23}, {"3.24", check_3_24},
    {NULL, NULL},
};
