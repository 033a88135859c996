#include "monitor/watch_config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lint/source.h"
#include "monitor/config_reader.h"
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
#define SELECTION_IDS_MAX	256

/* Top-level keys. */

static int top_interval(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_config *c = obj;

	return config_read_duration(p, v, MIN_INTERVAL_MS, &c->interval_ms);
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
	rc = config_read_duration(p, v, 3600 * 1000, &ms);
	c->retention_s = ms / 1000;
	return rc;
}

static int top_store(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_config *c = obj;
	int rc = config_read_string(
	    p, v, "a file path such as " WATCH_DEFAULT_STORE, &c->store);

	if (!rc && (str_starts_with(c->store, "postgres://") ||
		    str_starts_with(c->store, "postgresql://")))
		rc = config_invalid(
		    p, v,
		    "PostgreSQL stores are not supported yet; give a "
		    "SQLite file path such as " WATCH_DEFAULT_STORE);
	return rc;
}

static int top_waivers(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_config *c = obj;
	struct stat st;
	int rc = config_read_string(p, v, "a file path", &c->waivers);

	if (!rc && stat(c->waivers, &st) != 0)
		rc = config_invalid(p, v, "cannot read '%s': %s; fix the path",
				    c->waivers, strerror(errno));
	return rc;
}

static int top_checks(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_config *c = obj;

	return config_read_string_list(p, v, SELECTION_IDS_MAX,
				       &c->selection.include,
				       &c->selection.n_include);
}

static int top_exclude(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_config *c = obj;

	return config_read_string_list(p, v, SELECTION_IDS_MAX,
				       &c->selection.exclude,
				       &c->selection.n_exclude);
}

static int top_level(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_config *c = obj;
	int64_t n;
	int rc = config_read_int(p, v, 1, 2, &n);

	c->selection.level = (int)n;
	return rc;
}

static int top_log_level(struct parser *p, const struct ynode *v, void *obj)
{
	static const char *const names[] = {"error", "warning", "info",
					    "debug"};
	struct watch_config *c = obj;
	const char *s = NULL;
	int rc = config_read_string(p, v, "info", &s);

	if (rc)
		return rc;
	for (int i = 0; i < 4; i++) {
		if (str_eq(s, names[i])) {
			c->log_level = (enum log_level)i;
			return 0;
		}
	}
	return config_invalid(p, v,
			      "invalid value '%s'; expected error, warning, "
			      "info or debug",
			      s);
}

/* Alert keys. */

static int sink_type(struct parser *p, const struct ynode *v, void *obj)
{
	struct sink_config *s = obj;
	const char *type = NULL;
	int rc = config_read_string(p, v, "webhook or log", &type);

	if (rc)
		return rc;
	if (str_eq(type, "webhook"))
		s->type = SINK_WEBHOOK;
	else if (str_eq(type, "log"))
		s->type = SINK_LOG;
	else
		return config_invalid(p, v,
				      "invalid value '%s'; expected webhook or "
				      "log",
				      type);
	return 0;
}

static int sink_name(struct parser *p, const struct ynode *v, void *obj)
{
	struct sink_config *s = obj;

	return config_read_string(p, v, "a name such as ops-webhook", &s->name);
}

static int sink_url(struct parser *p, const struct ynode *v, void *obj)
{
	struct sink_config *s = obj;
	int rc = config_read_string(p, v, "http://HOST:PORT/PATH", &s->url);

	if (!rc && !str_starts_with(s->url, "http://") &&
	    !str_starts_with(s->url, "https://"))
		rc = config_invalid(
		    p, v,
		    "invalid URL '%s'; a webhook URL starts with "
		    "http:// or https://",
		    s->url);
	return rc;
}

static int sink_token_file(struct parser *p, const struct ynode *v, void *obj)
{
	struct sink_config *s = obj;
	int rc = config_want_kind(p, v, YNODE_SCALAR, "a file path");

	return rc ? rc : config_read_secret_file(p, v, &s->token);
}

static int sink_timeout(struct parser *p, const struct ynode *v, void *obj)
{
	struct sink_config *s = obj;
	int64_t ms;
	int rc = config_read_duration(p, v, 100, &ms);

	s->timeout_ms = (long)ms;
	return rc;
}

static int sink_retries(struct parser *p, const struct ynode *v, void *obj)
{
	struct sink_config *s = obj;
	int64_t n;
	int rc = config_read_int(p, v, 0, WEBHOOK_RETRIES_MAX, &n);

	s->retries = (int)n;
	return rc;
}

static int sink_backoff(struct parser *p, const struct ynode *v, void *obj)
{
	struct sink_config *s = obj;
	int64_t ms;
	int rc = config_read_duration(p, v, 10, &ms);

	s->backoff_ms = (long)ms;
	return rc;
}

static int sink_path(struct parser *p, const struct ynode *v, void *obj)
{
	struct sink_config *s = obj;

	return config_read_string(p, v, "a file path", &s->path);
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
	rc = config_mapping_apply(
	    p, v, sink_keys, s, "a mapping: {type: webhook, url: http://...}");
	if (rc)
		return rc;
	if (s->type == (enum sink_type) - 1)
		return config_invalid(p, v,
				      "'type' is missing; add type: webhook or "
				      "type: log");
	if (s->type == SINK_WEBHOOK && !s->url)
		return config_invalid(p, v,
				      "a webhook needs 'url'; add url: "
				      "http://HOST:PORT/PATH");
	if (s->type == SINK_LOG && !s->path)
		return config_invalid(p, v,
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
	int rc = config_want_kind(p, v, YNODE_SEQUENCE,
				  "a list of sinks, each '- type: webhook'");

	if (rc)
		return rc;
	if (v->n_items > WATCH_SINKS_MAX)
		return config_invalid(p, v,
				      "%zu sinks; at most %d are accepted",
				      v->n_items, WATCH_SINKS_MAX);
	c->sinks = arena_calloc(p->a, v->n_items + 1, sizeof(*c->sinks));
	if (!c->sinks)
		return SW_ENOMEM;
	for (size_t i = 0; i < v->n_items && !rc; i++) {
		size_t saved = config_key_push(p, NULL, (long)i);

		rc = sink_read(p, v->items[i], &c->sinks[i], i);
		config_key_pop(p, saved);
		c->n_sinks++;
	}
	return rc;
}

static int alerts_min_severity(struct parser *p, const struct ynode *v,
			       void *obj)
{
	struct watch_config *c = obj;
	const char *s = NULL;
	int sev, rc = config_read_string(p, v, "high", &s);

	if (rc)
		return rc;
	sev = severity_parse(s);
	if (sev < 0)
		return config_invalid(
		    p, v,
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
	return config_mapping_apply(
	    p, v, alerts_keys, obj,
	    "a mapping: {min_severity: high, sinks: [...]}");
}

/* HTTP keys. */

static int http_enabled(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_config *c = obj;

	return config_read_bool(p, v, &c->http_enabled);
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
	int rc = config_read_string(
	    p, v, "HOST:PORT such as " WATCH_DEFAULT_LISTEN, &c->listen);

	if (!rc && !listen_is_valid(c->listen))
		rc = config_invalid(
		    p, v,
		    "invalid address '%s'; write HOST:PORT, such as "
		    "127.0.0.1:9474 or [::1]:9474",
		    c->listen);
	return rc;
}

static int http_token(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_config *c = obj;

	return config_read_string(p, v, "a token string", &c->token);
}

static int http_token_file(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_config *c = obj;
	int rc = config_want_kind(p, v, YNODE_SCALAR, "a file path");

	return rc ? rc : config_read_secret_file(p, v, &c->token);
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
	int rc = config_mapping_apply(p, v, http_keys, obj,
				      "a mapping: {listen: 127.0.0.1:9474}");

	if (!rc && c->http_enabled && !listen_is_loopback(c->listen) &&
	    !c->token)
		rc = config_invalid(
		    p, v,
		    "listen is '%s', which is not a loopback "
		    "address, so a bearer token is required; add "
		    "token_file: /etc/stridewatch/api-token, or "
		    "listen on 127.0.0.1",
		    c->listen);
	return rc;
}

static const struct key_handler top_keys[] = {
    {"targets", config_targets_read}, {"interval", top_interval},
    {"retention", top_retention},     {"store", top_store},
    {"waivers", top_waivers},	      {"checks", top_checks},
    {"exclude", top_exclude},	      {"level", top_level},
    {"alerts", top_alerts},	      {"http", top_http},
    {"log_level", top_log_level},     {NULL, NULL},
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
		rc = config_invalid(p, root, "%s", buf_str(&detail));
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
		rc =
		    config_mapping_apply(&p, root, top_keys, c,
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
