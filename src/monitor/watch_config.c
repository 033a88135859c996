#include "monitor/watch_config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "collect/engine.h"
#include "lint/source.h"
#include "lint/yaml.h"
#include "util/error.h"
#include "util/strutil.h"

/* Defaults, documented in docs/watch.md. */
#define DEFAULT_INTERVAL_MS	(15 * 60 * 1000)
#define MIN_INTERVAL_MS		(10 * 1000)
#define DEFAULT_RETENTION_S	(90 * 24 * 3600)
#define DEFAULT_WEBHOOK_TIMEOUT 5000
#define DEFAULT_WEBHOOK_RETRIES 5
#define DEFAULT_WEBHOOK_BACKOFF 1000
#define WEBHOOK_RETRIES_MAX	20
#define TOKEN_MAX_BYTES		4096
#define SELECTION_IDS_MAX	256

/* The parser's state: where in the document it is, for messages. */
struct parser {
	struct watch_config *c;
	struct arena *a;
	const char *path;
	struct buf *err;
	char key[160]; /* "targets[1].tls.verify" */
};

typedef int (*key_fn)(struct parser *p, const struct ynode *v, void *obj);

struct key_handler {
	const char *key;
	key_fn fn;
};

/* Fails with "PATH:LINE:COL: KEY: message". */
static int __attribute__((format(printf, 3, 4)))
invalid(struct parser *p, const struct ynode *at, const char *fmt, ...)
{
	va_list ap;

	buf_printf(p->err, "%s:%u:%u: %s: ", p->path, at->loc.line,
		   at->loc.column, p->key);
	va_start(ap, fmt);
	buf_vprintf(p->err, fmt, ap);
	va_end(ap);
	return SW_EINVAL;
}

/* Appends ".name" or "[i]" to the current key for the duration of a call. */
static size_t key_push(struct parser *p, const char *name, long index)
{
	size_t len = strlen(p->key);

	if (name)
		snprintf(p->key + len, sizeof(p->key) - len, "%s%s",
			 len ? "." : "", name);
	else
		snprintf(p->key + len, sizeof(p->key) - len, "[%ld]", index);
	return len;
}

static void key_pop(struct parser *p, size_t len)
{
	p->key[len] = '\0';
}

static int want_kind(struct parser *p, const struct ynode *v,
		     enum ynode_kind kind, const char *example)
{
	static const char *const names[] = {
	    [YNODE_NULL] = "a value",
	    [YNODE_SCALAR] = "a string or number",
	    [YNODE_MAPPING] = "a mapping of keys",
	    [YNODE_SEQUENCE] = "a list",
	};

	if (v->kind == kind)
		return 0;
	return invalid(p, v, "expected %s but found %s; write it as %s",
		       names[kind], ynode_kind_name(v), example);
}

static int mapping_apply(struct parser *p, const struct ynode *map,
			 const struct key_handler *keys, void *obj,
			 const char *example)
{
	int rc = want_kind(p, map, YNODE_MAPPING, example);

	for (size_t i = 0; i < map->n_pairs && !rc; i++) {
		const struct ypair *pair = &map->pairs[i];
		const struct key_handler *h = keys;
		size_t saved;

		while (h->key && !str_eq(h->key, pair->key))
			h++;
		saved = key_push(p, pair->key, 0);
		if (!h->key) {
			struct buf known = BUF_INIT;

			for (h = keys; h->key; h++)
				buf_printf(&known, "%s%s",
					   known.len ? ", " : "", h->key);
			buf_printf(p->err,
				   "%s:%u:%u: %s: unknown key; the keys here "
				   "are %s (see docs/watch.md)",
				   p->path, pair->loc.line, pair->loc.column,
				   p->key, buf_str(&known));
			buf_clear(&known);
			rc = SW_EINVAL;
		} else {
			rc = h->fn(p, pair->value, obj);
		}
		key_pop(p, saved);
	}
	return rc;
}

static int read_string(struct parser *p, const struct ynode *v,
		       const char *example, const char **out)
{
	int rc = want_kind(p, v, YNODE_SCALAR, example);

	if (rc)
		return rc;
	if (!*v->text)
		return invalid(p, v, "the value is empty; write it as %s",
			       example);
	*out = v->text;
	return 0;
}

static int read_bool(struct parser *p, const struct ynode *v, bool *out)
{
	if (v->kind == YNODE_SCALAR && v->plain &&
	    (str_eq(v->text, "true") || str_eq(v->text, "false"))) {
		*out = str_eq(v->text, "true");
		return 0;
	}
	return invalid(p, v, "invalid value '%s'; expected true or false",
		       v->kind == YNODE_SCALAR ? v->text : ynode_kind_name(v));
}

int duration_parse(const char *s, int64_t *ms)
{
	static const struct {
		const char *unit;
		int64_t ms;
	} units[] = {{"ms", 1},	     {"s", 1000},     {"m", 60000},
		     {"h", 3600000}, {"d", 86400000}, {NULL, 0}};
	char digits[24];
	size_t n = 0;
	int64_t v;

	while (s && isdigit((unsigned char)s[n]) && n < sizeof(digits) - 1) {
		digits[n] = s[n];
		n++;
	}
	digits[n] = '\0';
	if (!n || parse_int64(digits, 0, INT64_MAX, &v))
		return SW_EINVAL;
	for (size_t i = 0; units[i].unit; i++) {
		if (!str_eq(s + n, units[i].unit))
			continue;
		if (v > INT64_MAX / units[i].ms)
			return SW_EINVAL;
		*ms = v * units[i].ms;
		return 0;
	}
	return SW_EINVAL;
}

static int read_duration(struct parser *p, const struct ynode *v,
			 int64_t min_ms, int64_t *out)
{
	int64_t ms;
	int rc = want_kind(p, v, YNODE_SCALAR, "a duration such as 15m");

	if (rc)
		return rc;
	if (duration_parse(v->text, &ms))
		return invalid(p, v,
			       "invalid duration '%s'; write a whole number "
			       "with a unit: ms, s, m, h or d (as in 30s or "
			       "15m)",
			       v->text);
	if (ms < min_ms)
		return invalid(p, v,
			       "duration '%s' is too short; use at least "
			       "%lld ms",
			       v->text, (long long)min_ms);
	*out = ms;
	return 0;
}

static int read_int(struct parser *p, const struct ynode *v, int64_t min,
		    int64_t max, int64_t *out)
{
	int rc = want_kind(p, v, YNODE_SCALAR, "a whole number");

	if (rc)
		return rc;
	if (parse_int64(v->text, min, max, out))
		return invalid(p, v,
			       "invalid value '%s'; expected a whole number "
			       "from %lld to %lld",
			       v->text, (long long)min, (long long)max);
	return 0;
}

/* Reads a list of strings, or one string, into a NULL-free array. */
static int read_string_list(struct parser *p, const struct ynode *v, size_t max,
			    const char ***out, size_t *n)
{
	const char **list;

	if (v->kind == YNODE_SCALAR) {
		list = arena_calloc(p->a, 1, sizeof(*list));
		if (!list)
			return SW_ENOMEM;
		list[0] = v->text;
		*out = list;
		*n = 1;
		return 0;
	}
	if (want_kind(p, v, YNODE_SEQUENCE, "a list such as [5.5, 5.31]"))
		return SW_EINVAL;
	if (v->n_items > max)
		return invalid(p, v,
			       "the list has %zu entries; at most %zu "
			       "are accepted",
			       v->n_items, max);
	list = arena_calloc(p->a, v->n_items + 1, sizeof(*list));
	if (!list)
		return SW_ENOMEM;
	for (size_t i = 0; i < v->n_items; i++) {
		size_t saved = key_push(p, NULL, (long)i);
		int rc = read_string(p, v->items[i], "a string", &list[i]);

		key_pop(p, saved);
		if (rc)
			return rc;
	}
	*out = list;
	*n = v->n_items;
	return 0;
}

/* Reads a whole small file, such as a token, trimming the line end. */
static int read_secret_file(struct parser *p, const struct ynode *v,
			    const char **out)
{
	struct buf text;
	char chunk[512];
	size_t n;
	FILE *f = fopen(v->text, "re");
	int rc = 0;

	if (!f)
		return invalid(p, v,
			       "cannot read '%s': %s; create the file or "
			       "fix the path",
			       v->text, strerror(errno));
	buf_init(&text, TOKEN_MAX_BYTES);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && !rc)
		rc = buf_append(&text, chunk, n);
	fclose(f);
	while (text.len && isspace((unsigned char)text.data[text.len - 1]))
		text.data[--text.len] = '\0';
	if (rc || !text.len) {
		buf_clear(&text);
		return invalid(p, v,
			       "'%s' is empty or larger than %d bytes; put "
			       "the token on one line",
			       v->text, TOKEN_MAX_BYTES);
	}
	*out = arena_strdup(p->a, buf_str(&text));
	buf_clear(&text);
	return *out ? 0 : SW_ENOMEM;
}

/* Target keys. */

static bool name_is_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > WATCH_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._-", s[i]))
			return false;
	return true;
}

static int target_name(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_target *t = obj;
	int rc = read_string(p, v, "a name such as build-7", &t->name);

	if (rc)
		return rc;
	if (!name_is_valid(t->name))
		return invalid(p, v,
			       "invalid name '%s'; use 1 to %d letters, "
			       "digits, '.', '_' or '-', because the name "
			       "appears in URLs and metric labels",
			       t->name, WATCH_NAME_MAX);
	return 0;
}

static int target_engine(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_target *t = obj;
	struct engine_url url;
	struct buf detail = BUF_INIT;
	int rc = read_string(p, v,
			     "an engine URL such as unix:///var/run/"
			     "docker.sock",
			     &t->engine.url);

	if (rc)
		return rc;
	rc = engine_url_parse(t->engine.url, NULL, &url, &detail);
	if (rc == SW_EINVAL)
		rc = invalid(p, v, "%s", buf_str(&detail));
	buf_clear(&detail);
	return rc;
}

static int tls_verify(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_target *t = obj;
	bool verify;
	int rc = read_bool(p, v, &verify);

	t->engine.tls = true;
	t->engine.tls_verify = verify;
	t->engine.tls_skip_verify = !verify;
	return rc;
}

static int tls_file_key(struct parser *p, const struct ynode *v,
			const char **out)
{
	struct stat st;
	int rc = read_string(p, v, "a file path", out);

	if (rc)
		return rc;
	if (stat(*out, &st) != 0)
		return invalid(p, v, "cannot read '%s': %s; fix the path", *out,
			       strerror(errno));
	return 0;
}

static int tls_cert_path(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_target *t = obj;

	t->engine.tls = true;
	return tls_file_key(p, v, &t->engine.cert_path);
}

static int tls_ca(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_target *t = obj;

	t->engine.tls = true;
	return tls_file_key(p, v, &t->engine.ca_file);
}

static int tls_cert(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_target *t = obj;

	t->engine.tls = true;
	return tls_file_key(p, v, &t->engine.cert_file);
}

static int tls_key(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_target *t = obj;

	t->engine.tls = true;
	return tls_file_key(p, v, &t->engine.key_file);
}

static const struct key_handler tls_keys[] = {
    {"verify", tls_verify}, {"cert_path", tls_cert_path},
    {"ca", tls_ca},	    {"cert", tls_cert},
    {"key", tls_key},	    {NULL, NULL},
};

static int target_tls(struct parser *p, const struct ynode *v, void *obj)
{
	return mapping_apply(p, v, tls_keys, obj, "a mapping: {verify: true}");
}

static int host_source(struct parser *p, const struct ynode *v, void *obj)
{
	static const char *const names[] = {"none", "local", "root", "ssh"};
	struct watch_target *t = obj;
	const char *s = NULL;
	int rc = read_string(p, v, "none, local, root or ssh", &s);

	if (rc)
		return rc;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (str_eq(s, names[i])) {
			t->host_source = (enum host_source)i;
			return 0;
		}
	}
	return invalid(p, v,
		       "invalid value '%s'; expected none, local (this "
		       "machine), root (a host root mounted at 'root') or "
		       "ssh (over SSH to 'ssh')",
		       s);
}

static int host_root(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_target *t = obj;

	return read_string(p, v, "a directory such as /host", &t->host_root);
}

static int host_ssh(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_target *t = obj;
	int rc = read_string(p, v, "ssh://USER@HOST", &t->host_ssh);

	if (!rc && !str_starts_with(t->host_ssh, "ssh://"))
		rc = invalid(p, v,
			     "invalid value '%s'; write it as "
			     "ssh://USER@HOST[:PORT]",
			     t->host_ssh);
	return rc;
}

static int host_trusted(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_target *t = obj;
	const char **users;
	size_t n;
	struct buf joined = BUF_INIT;
	int rc = read_string_list(p, v, 256, &users, &n);

	for (size_t i = 0; i < n && !rc; i++)
		rc = buf_printf(&joined, "%s%s", i ? "," : "", users[i]);
	if (!rc)
		t->trusted_users = arena_strdup(p->a, buf_str(&joined));
	buf_clear(&joined);
	return rc ? rc : (t->trusted_users ? 0 : SW_ENOMEM);
}

static int host_daemon_config(struct parser *p, const struct ynode *v,
			      void *obj)
{
	struct watch_target *t = obj;

	return read_string(p, v, "a path such as /etc/docker/daemon.json",
			   &t->daemon_config);
}

static const struct key_handler host_keys[] = {
    {"source", host_source},
    {"root", host_root},
    {"ssh", host_ssh},
    {"trusted_users", host_trusted},
    {"daemon_config", host_daemon_config},
    {NULL, NULL},
};

static int target_host(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_target *t = obj;
	int rc =
	    mapping_apply(p, v, host_keys, obj, "a mapping: {source: local}");

	if (rc)
		return rc;
	if (t->host_source == HOST_SOURCE_ROOT && !t->host_root)
		return invalid(p, v,
			       "source is root but 'root' is missing; "
			       "add root: /PATH/OF/THE/HOST/ROOT");
	if (t->host_source == HOST_SOURCE_SSH && !t->host_ssh)
		return invalid(p, v,
			       "source is ssh but 'ssh' is missing; add "
			       "ssh: ssh://USER@HOST");
	return 0;
}

static bool label_name_is_valid(const char *s)
{
	if (!isalpha((unsigned char)s[0]) && s[0] != '_')
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

static int target_labels(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_target *t = obj;
	int rc = want_kind(p, v, YNODE_MAPPING, "a mapping: {env: prod}");

	if (rc)
		return rc;
	if (v->n_pairs > WATCH_LABELS_MAX)
		return invalid(p, v, "%zu labels; at most %d are accepted",
			       v->n_pairs, WATCH_LABELS_MAX);
	t->labels = arena_calloc(p->a, v->n_pairs + 1, sizeof(*t->labels));
	if (!t->labels)
		return SW_ENOMEM;
	for (size_t i = 0; i < v->n_pairs && !rc; i++) {
		const struct ypair *pair = &v->pairs[i];
		size_t saved = key_push(p, pair->key, 0);

		if (!label_name_is_valid(pair->key))
			rc = invalid(p, pair->value,
				     "invalid label name; use letters, "
				     "digits and '_', starting with a letter, "
				     "as Prometheus label names do");
		if (!rc)
			rc = read_string(p, pair->value, "a string",
					 &t->labels[i].value);
		t->labels[i].name = pair->key;
		key_pop(p, saved);
	}
	t->n_labels = v->n_pairs;
	return rc;
}

static int target_criticality(struct parser *p, const struct ynode *v,
			      void *obj)
{
	struct watch_target *t = obj;
	int64_t n;
	int rc = want_kind(p, v, YNODE_SCALAR, "1, 2 or 3");

	if (rc)
		return rc;
	if (parse_int64(v->text, 1, 3, &n))
		return invalid(p, v,
			       "invalid value '%s'; expected 1 (low), 2 "
			       "(medium) or 3 (high)",
			       v->text);
	t->criticality = (int)n;
	return 0;
}

static int target_all(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_target *t = obj;

	return read_bool(p, v, &t->all);
}

static const struct key_handler target_keys[] = {
    {"name", target_name},     {"engine", target_engine},
    {"tls", target_tls},       {"host_facts", target_host},
    {"labels", target_labels}, {"criticality", target_criticality},
    {"all", target_all},       {NULL, NULL},
};

static int target_read(struct parser *p, const struct ynode *v,
		       struct watch_target *t)
{
	int rc;

	t->all = true;
	t->criticality = 2;
	t->engine.tls_verify = false;
	rc = mapping_apply(p, v, target_keys, t,
			   "a mapping: {name: web-1, engine: unix:///var/run/"
			   "docker.sock}");
	if (!rc && !t->name)
		rc = invalid(p, v,
			     "'name' is missing; give each target a "
			     "name such as web-1");
	if (!rc && !t->engine.url)
		rc = invalid(p, v,
			     "'engine' is missing; give the engine URL, such "
			     "as unix:///var/run/docker.sock");
	if (!rc && t->engine.tls && !t->engine.tls_skip_verify)
		t->engine.tls_verify = true;
	return rc;
}

static int top_targets(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_config *c = obj;
	int rc = want_kind(p, v, YNODE_SEQUENCE,
			   "a list of targets, each '- name: ...'");

	if (rc)
		return rc;
	if (v->n_items == 0 || v->n_items > WATCH_TARGETS_MAX)
		return invalid(p, v, "%zu targets; give 1 to %d", v->n_items,
			       WATCH_TARGETS_MAX);
	c->targets = arena_calloc(p->a, v->n_items, sizeof(*c->targets));
	if (!c->targets)
		return SW_ENOMEM;
	for (size_t i = 0; i < v->n_items && !rc; i++) {
		size_t saved = key_push(p, NULL, (long)i);

		rc = target_read(p, v->items[i], &c->targets[i]);
		for (size_t j = 0; j < i && !rc; j++)
			if (str_eq(c->targets[j].name, c->targets[i].name))
				rc = invalid(p, v->items[i],
					     "the name '%s' is used by "
					     "targets[%zu] too; give each "
					     "target its own name",
					     c->targets[i].name, j);
		key_pop(p, saved);
		c->n_targets++;
	}
	return rc;
}

/* Top-level keys. */

static int top_interval(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_config *c = obj;

	return read_duration(p, v, MIN_INTERVAL_MS, &c->interval_ms);
}

static int top_retention(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_config *c = obj;
	int64_t ms;
	int rc;

	if (v->kind == YNODE_SCALAR && str_eq(v->text, "forever")) {
		c->retention_s = 0;
		return 0;
	}
	rc = read_duration(p, v, 3600 * 1000, &ms);
	c->retention_s = ms / 1000;
	return rc;
}

static int top_store(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_config *c = obj;
	int rc = read_string(p, v, "a file path such as " WATCH_DEFAULT_STORE,
			     &c->store);

	if (!rc && (str_starts_with(c->store, "postgres://") ||
		    str_starts_with(c->store, "postgresql://")))
		rc = invalid(p, v,
			     "PostgreSQL stores are not supported yet; give a "
			     "SQLite file path such as " WATCH_DEFAULT_STORE);
	return rc;
}

static int top_waivers(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_config *c = obj;
	struct stat st;
	int rc = read_string(p, v, "a file path", &c->waivers);

	if (!rc && stat(c->waivers, &st) != 0)
		rc = invalid(p, v, "cannot read '%s': %s; fix the path",
			     c->waivers, strerror(errno));
	return rc;
}

static int top_checks(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_config *c = obj;

	return read_string_list(p, v, SELECTION_IDS_MAX, &c->selection.include,
				&c->selection.n_include);
}

static int top_exclude(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_config *c = obj;

	return read_string_list(p, v, SELECTION_IDS_MAX, &c->selection.exclude,
				&c->selection.n_exclude);
}

static int top_level(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_config *c = obj;
	int64_t n;
	int rc = read_int(p, v, 1, 2, &n);

	c->selection.level = (int)n;
	return rc;
}

static int top_log_level(struct parser *p, const struct ynode *v, void *obj)
{
	static const char *const names[] = {"error", "warning", "info",
					    "debug"};
	struct watch_config *c = obj;
	const char *s = NULL;
	int rc = read_string(p, v, "info", &s);

	if (rc)
		return rc;
	for (int i = 0; i < 4; i++) {
		if (str_eq(s, names[i])) {
			c->log_level = (enum log_level)i;
			return 0;
		}
	}
	return invalid(p, v,
		       "invalid value '%s'; expected error, warning, "
		       "info or debug",
		       s);
}

/* Alert keys. */

static int sink_type(struct parser *p, const struct ynode *v, void *obj)
{
	struct sink_config *s = obj;
	const char *type = NULL;
	int rc = read_string(p, v, "webhook or log", &type);

	if (rc)
		return rc;
	if (str_eq(type, "webhook"))
		s->type = SINK_WEBHOOK;
	else if (str_eq(type, "log"))
		s->type = SINK_LOG;
	else
		return invalid(p, v,
			       "invalid value '%s'; expected webhook or "
			       "log",
			       type);
	return 0;
}

static int sink_name(struct parser *p, const struct ynode *v, void *obj)
{
	struct sink_config *s = obj;

	return read_string(p, v, "a name such as ops-webhook", &s->name);
}

static int sink_url(struct parser *p, const struct ynode *v, void *obj)
{
	struct sink_config *s = obj;
	int rc = read_string(p, v, "http://HOST:PORT/PATH", &s->url);

	if (!rc && !str_starts_with(s->url, "http://") &&
	    !str_starts_with(s->url, "https://"))
		rc = invalid(p, v,
			     "invalid URL '%s'; a webhook URL starts with "
			     "http:// or https://",
			     s->url);
	return rc;
}

static int sink_token_file(struct parser *p, const struct ynode *v, void *obj)
{
	struct sink_config *s = obj;
	int rc = want_kind(p, v, YNODE_SCALAR, "a file path");

	return rc ? rc : read_secret_file(p, v, &s->token);
}

static int sink_timeout(struct parser *p, const struct ynode *v, void *obj)
{
	struct sink_config *s = obj;
	int64_t ms;
	int rc = read_duration(p, v, 100, &ms);

	s->timeout_ms = (long)ms;
	return rc;
}

static int sink_retries(struct parser *p, const struct ynode *v, void *obj)
{
	struct sink_config *s = obj;
	int64_t n;
	int rc = read_int(p, v, 0, WEBHOOK_RETRIES_MAX, &n);

	s->retries = (int)n;
	return rc;
}

static int sink_backoff(struct parser *p, const struct ynode *v, void *obj)
{
	struct sink_config *s = obj;
	int64_t ms;
	int rc = read_duration(p, v, 10, &ms);

	s->backoff_ms = (long)ms;
	return rc;
}

static int sink_path(struct parser *p, const struct ynode *v, void *obj)
{
	struct sink_config *s = obj;

	return read_string(p, v, "a file path", &s->path);
}

static const struct key_handler sink_keys[] = {
    {"type", sink_type},
    {"name", sink_name},
    {"url", sink_url},
    {"token_file", sink_token_file},
    {"timeout", sink_timeout},
    {"retries", sink_retries},
    {"backoff", sink_backoff},
    {"path", sink_path},
    {NULL, NULL},
};

static int sink_read(struct parser *p, const struct ynode *v,
		     struct sink_config *s, size_t index)
{
	int rc;

	s->type = (enum sink_type) - 1;
	s->timeout_ms = DEFAULT_WEBHOOK_TIMEOUT;
	s->retries = DEFAULT_WEBHOOK_RETRIES;
	s->backoff_ms = DEFAULT_WEBHOOK_BACKOFF;
	rc = mapping_apply(p, v, sink_keys, s,
			   "a mapping: {type: webhook, url: http://...}");
	if (rc)
		return rc;
	if (s->type == (enum sink_type) - 1)
		return invalid(p, v,
			       "'type' is missing; add type: webhook or "
			       "type: log");
	if (s->type == SINK_WEBHOOK && !s->url)
		return invalid(p, v,
			       "a webhook needs 'url'; add url: "
			       "http://HOST:PORT/PATH");
	if (s->type == SINK_LOG && !s->path)
		return invalid(p, v,
			       "a log sink needs 'path'; add path: "
			       "/var/log/stridewatch/alerts.jsonl");
	if (!s->name)
		s->name = arena_printf(
		    p->a, "%s %zu", s->type == SINK_WEBHOOK ? "webhook" : "log",
		    index + 1);
	return s->name ? 0 : SW_ENOMEM;
}

static int alerts_sinks(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_config *c = obj;
	int rc = want_kind(p, v, YNODE_SEQUENCE,
			   "a list of sinks, each '- type: webhook'");

	if (rc)
		return rc;
	if (v->n_items > WATCH_SINKS_MAX)
		return invalid(p, v, "%zu sinks; at most %d are accepted",
			       v->n_items, WATCH_SINKS_MAX);
	c->sinks = arena_calloc(p->a, v->n_items + 1, sizeof(*c->sinks));
	if (!c->sinks)
		return SW_ENOMEM;
	for (size_t i = 0; i < v->n_items && !rc; i++) {
		size_t saved = key_push(p, NULL, (long)i);

		rc = sink_read(p, v->items[i], &c->sinks[i], i);
		key_pop(p, saved);
		c->n_sinks++;
	}
	return rc;
}

static int alerts_min_severity(struct parser *p, const struct ynode *v,
			       void *obj)
{
	struct watch_config *c = obj;
	const char *s = NULL;
	int sev, rc = read_string(p, v, "high", &s);

	if (rc)
		return rc;
	sev = severity_parse(s);
	if (sev < 0)
		return invalid(p, v,
			       "invalid value '%s'; expected low, medium, "
			       "high or critical",
			       s);
	c->alert_min_severity = (enum severity)sev;
	return 0;
}

static const struct key_handler alerts_keys[] = {
    {"min_severity", alerts_min_severity},
    {"sinks", alerts_sinks},
    {NULL, NULL},
};

static int top_alerts(struct parser *p, const struct ynode *v, void *obj)
{
	return mapping_apply(p, v, alerts_keys, obj,
			     "a mapping: {min_severity: high, sinks: [...]}");
}

/* HTTP keys. */

static int http_enabled(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_config *c = obj;

	return read_bool(p, v, &c->http_enabled);
}

/* Checks "HOST:PORT" or "[V6]:PORT" with a port from 0 to 65535. */
static bool listen_is_valid(const char *s)
{
	const char *colon = strrchr(s, ':');
	unsigned port;

	if (!colon || colon == s)
		return false;
	if (s[0] == '[' && colon[-1] != ']')
		return false;
	if (s[0] != '[' && memchr(s, ':', (size_t)(colon - s)))
		return false;
	return parse_uint(colon + 1, 65535, &port) == 0;
}

bool listen_is_loopback(const char *listen)
{
	return str_starts_with(listen, "127.") ||
	       str_starts_with(listen, "[::1]:") ||
	       str_starts_with(listen, "localhost:");
}

static int http_listen(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_config *c = obj;
	int rc = read_string(p, v, "HOST:PORT such as " WATCH_DEFAULT_LISTEN,
			     &c->listen);

	if (!rc && !listen_is_valid(c->listen))
		rc = invalid(p, v,
			     "invalid address '%s'; write HOST:PORT, such as "
			     "127.0.0.1:9474 or [::1]:9474",
			     c->listen);
	return rc;
}

static int http_token(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_config *c = obj;

	return read_string(p, v, "a token string", &c->token);
}

static int http_token_file(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_config *c = obj;
	int rc = want_kind(p, v, YNODE_SCALAR, "a file path");

	return rc ? rc : read_secret_file(p, v, &c->token);
}

static const struct key_handler http_keys[] = {
    {"enabled", http_enabled},
    {"listen", http_listen},
    {"token", http_token},
    {"token_file", http_token_file},
    {NULL, NULL},
};

static int top_http(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_config *c = obj;
	int rc = mapping_apply(p, v, http_keys, obj,
			       "a mapping: {listen: 127.0.0.1:9474}");

	if (!rc && c->http_enabled && !listen_is_loopback(c->listen) &&
	    !c->token)
		rc = invalid(p, v,
			     "listen is '%s', which is not a loopback "
			     "address, so a bearer token is required; add "
			     "token_file: /etc/stridewatch/api-token, or "
			     "listen on 127.0.0.1",
			     c->listen);
	return rc;
}

static const struct key_handler top_keys[] = {
    {"targets", top_targets},	  {"interval", top_interval},
    {"retention", top_retention}, {"store", top_store},
    {"waivers", top_waivers},	  {"checks", top_checks},
    {"exclude", top_exclude},	  {"level", top_level},
    {"alerts", top_alerts},	  {"http", top_http},
    {"log_level", top_log_level}, {NULL, NULL},
};

static void defaults_set(struct watch_config *c)
{
	c->interval_ms = DEFAULT_INTERVAL_MS;
	c->retention_s = DEFAULT_RETENTION_S;
	c->store = WATCH_DEFAULT_STORE;
	c->alert_min_severity = SEV_HIGH;
	c->http_enabled = true;
	c->listen = WATCH_DEFAULT_LISTEN;
	c->log_level = LOG_INFO;
}

static int config_check(struct parser *p, const struct ynode *root)
{
	struct buf detail = BUF_INIT;
	int rc = 0;

	if (!p->c->n_targets) {
		buf_printf(p->err,
			   "%s: 'targets' is missing; list at least one "
			   "engine to watch (see examples/watch.yaml)",
			   p->path);
		return SW_EINVAL;
	}
	if (selection_validate(&p->c->selection, &detail)) {
		snprintf(p->key, sizeof(p->key), "checks");
		rc = invalid(p, root, "%s", buf_str(&detail));
	}
	buf_clear(&detail);
	return rc;
}

int watch_config_parse(const char *path, const char *text, size_t len,
		       struct watch_config **out, struct buf *err)
{
	struct watch_config *c = calloc(1, sizeof(*c));
	struct parser p = {.c = c, .path = path, .err = err};
	struct ynode *root = NULL;
	int rc;

	if (!c)
		return SW_ENOMEM;
	p.a = &c->arena;
	defaults_set(c);
	c->path = arena_strdup(&c->arena, path);
	rc = c->path ? 0 : SW_ENOMEM;
	/* The YAML parser needs valid UTF-8, and libfyaml 0.7.12 can loop
	 * forever on an invalid sequence after '%'. */
	if (!rc && utf8_invalid_offset(text, len) != len) {
		buf_printf(err,
			   "%s: byte %zu is not valid UTF-8; save the file as "
			   "UTF-8",
			   path, utf8_invalid_offset(text, len));
		rc = SW_EINVAL;
	}
	if (!rc)
		rc = yaml_parse(&c->arena, path, text, len, &root, err);
	if (!rc && root->kind == YNODE_NULL) {
		buf_printf(err,
			   "%s: the file is empty; see "
			   "examples/watch.yaml for a configuration",
			   path);
		rc = SW_EINVAL;
	}
	if (!rc)
		rc = mapping_apply(&p, root, top_keys, c,
				   "a mapping with 'targets' at the top");
	if (!rc)
		rc = config_check(&p, root);
	if (rc) {
		watch_config_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

int watch_config_load(const char *path, struct watch_config **out,
		      struct buf *err)
{
	struct buf text;
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "re");
	int rc = 0;

	if (!f) {
		buf_printf(err,
			   "cannot open the configuration '%s': %s; give its "
			   "path with --config",
			   path, strerror(errno));
		return SW_EIO;
	}
	buf_init(&text, WATCH_CONFIG_MAX_BYTES);
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = buf_append(&text, chunk, n);
	if (!rc && ferror(f))
		rc = SW_EIO;
	fclose(f);
	if (rc) {
		buf_printf(err, "cannot read the configuration '%s': %s", path,
			   rc == SW_ELIMIT ? "it is larger than 1 MiB"
					   : strerror(errno));
		buf_clear(&text);
		return rc == SW_ELIMIT ? SW_EINVAL : SW_EIO;
	}
	rc = watch_config_parse(path, buf_str(&text), text.len, out, err);
	buf_clear(&text);
	return rc;
}

void watch_config_free(struct watch_config *c)
{
	if (!c)
		return;
	arena_clear(&c->arena);
	free(c);
}

const struct watch_target *
watch_config_find_target(const struct watch_config *c, const char *name)
{
	for (size_t i = 0; i < c->n_targets; i++)
		if (str_eq(c->targets[i].name, name))
			return &c->targets[i];
	return NULL;
}
