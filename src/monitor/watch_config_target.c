#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "collect/engine.h"
#include "monitor/config_reader.h"
#include "util/error.h"
#include "util/strutil.h"

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
	int rc = config_read_string(p, v, "a name such as build-7", &t->name);

	if (rc)
		return rc;
	if (!name_is_valid(t->name))
		return config_invalid(
		    p, v,
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
	int rc = config_read_string(p, v,
				    "an engine URL such as unix:///var/run/"
				    "docker.sock",
				    &t->engine.url);

	if (rc)
		return rc;
	rc = engine_url_parse(t->engine.url, NULL, &url, &detail);
	if (rc == SW_EINVAL)
		rc = config_invalid(p, v, "%s", buf_str(&detail));
	buf_clear(&detail);
	return rc;
}

static int tls_verify(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_target *t = obj;
	bool verify;
	int rc = config_read_bool(p, v, &verify);

	t->engine.tls = true;
	t->engine.tls_verify = verify;
	t->engine.tls_skip_verify = !verify;
	return rc;
}

static int tls_file_key(struct parser *p, const struct ynode *v,
			const char **out)
{
	struct stat st;
	int rc = config_read_string(p, v, "a file path", out);

	if (rc)
		return rc;
	if (stat(*out, &st) != 0)
		return config_invalid(p, v,
				      "cannot read '%s': %s; fix the path",
				      *out, strerror(errno));
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
	return config_mapping_apply(p, v, tls_keys, obj,
				    "a mapping: {verify: true}");
}

static int host_source(struct parser *p, const struct ynode *v, void *obj)
{
	static const char *const names[] = {"none", "local", "root", "ssh"};
	struct watch_target *t = obj;
	const char *s = NULL;
	int rc = config_read_string(p, v, "none, local, root or ssh", &s);

	if (rc)
		return rc;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (str_eq(s, names[i])) {
			t->host_source = (enum host_source)i;
			return 0;
		}
	}
	return config_invalid(
	    p, v,
	    "invalid value '%s'; expected none, local (this "
	    "machine), root (a host root mounted at 'root') or "
	    "ssh (over SSH to 'ssh')",
	    s);
}

static int host_root(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_target *t = obj;

	return config_read_string(p, v, "a directory such as /host",
				  &t->host_root);
}

static int host_ssh(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_target *t = obj;
	int rc = config_read_string(p, v, "ssh://USER@HOST", &t->host_ssh);

	if (!rc && !str_starts_with(t->host_ssh, "ssh://"))
		rc = config_invalid(p, v,
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
	int rc = config_read_string_list(p, v, 256, &users, &n);

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

	return config_read_string(
	    p, v, "a path such as /etc/docker/daemon.json", &t->daemon_config);
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
	int rc = config_mapping_apply(p, v, host_keys, obj,
				      "a mapping: {source: local}");

	if (rc)
		return rc;
	if (t->host_source == HOST_SOURCE_ROOT && !t->host_root)
		return config_invalid(p, v,
				      "source is root but 'root' is missing; "
				      "add root: /PATH/OF/THE/HOST/ROOT");
	if (t->host_source == HOST_SOURCE_SSH && !t->host_ssh)
		return config_invalid(p, v,
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
	int rc =
	    config_want_kind(p, v, YNODE_MAPPING, "a mapping: {env: prod}");

	if (rc)
		return rc;
	if (v->n_pairs > WATCH_LABELS_MAX)
		return config_invalid(p, v,
				      "%zu labels; at most %d are accepted",
				      v->n_pairs, WATCH_LABELS_MAX);
	t->labels = arena_calloc(p->a, v->n_pairs + 1, sizeof(*t->labels));
	if (!t->labels)
		return SW_ENOMEM;
	for (size_t i = 0; i < v->n_pairs && !rc; i++) {
		const struct ypair *pair = &v->pairs[i];
		size_t saved = config_key_push(p, pair->key, 0);

		if (!label_name_is_valid(pair->key))
			rc = config_invalid(
			    p, pair->value,
			    "invalid label name; use letters, "
			    "digits and '_', starting with a letter, "
			    "as Prometheus label names do");
		if (!rc)
			rc = config_read_string(p, pair->value, "a string",
						&t->labels[i].value);
		t->labels[i].name = pair->key;
		config_key_pop(p, saved);
	}
	t->n_labels = v->n_pairs;
	return rc;
}

static int target_criticality(struct parser *p, const struct ynode *v,
			      void *obj)
{
	struct watch_target *t = obj;
	int64_t n;
	int rc = config_want_kind(p, v, YNODE_SCALAR, "1, 2 or 3");

	if (rc)
		return rc;
	if (parse_int64(v->text, 1, 3, &n))
		return config_invalid(p, v,
				      "invalid value '%s'; expected 1 (low), 2 "
				      "(medium) or 3 (high)",
				      v->text);
	t->criticality = (int)n;
	return 0;
}

static int target_all(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_target *t = obj;

	return config_read_bool(p, v, &t->all);
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
	rc = config_mapping_apply(
	    p, v, target_keys, t,
	    "a mapping: {name: web-1, engine: unix:///var/run/"
	    "docker.sock}");
	if (!rc && !t->name)
		rc = config_invalid(p, v,
				    "'name' is missing; give each target a "
				    "name such as web-1");
	if (!rc && !t->engine.url)
		rc = config_invalid(
		    p, v,
		    "'engine' is missing; give the engine URL, such "
		    "as unix:///var/run/docker.sock");
	if (!rc && t->engine.tls && !t->engine.tls_skip_verify)
		t->engine.tls_verify = true;
	return rc;
}

int config_targets_read(struct parser *p, const struct ynode *v, void *obj)
{
	struct watch_config *c = obj;
	int rc = config_want_kind(p, v, YNODE_SEQUENCE,
				  "a list of targets, each '- name: ...'");

	if (rc)
		return rc;
	if (v->n_items == 0 || v->n_items > WATCH_TARGETS_MAX)
		return config_invalid(p, v, "%zu targets; give 1 to %d",
				      v->n_items, WATCH_TARGETS_MAX);
	c->targets = arena_calloc(p->a, v->n_items, sizeof(*c->targets));
	if (!c->targets)
		return SW_ENOMEM;
	for (size_t i = 0; i < v->n_items && !rc; i++) {
		size_t saved = config_key_push(p, NULL, (long)i);

		rc = target_read(p, v->items[i], &c->targets[i]);
		for (size_t j = 0; j < i && !rc; j++)
			if (str_eq(c->targets[j].name, c->targets[i].name))
				rc = config_invalid(
				    p, v->items[i],
				    "the name '%s' is used by "
				    "targets[%zu] too; give each "
				    "target its own name",
				    c->targets[i].name, j);
		config_key_pop(p, saved);
		c->n_targets++;
	}
	return rc;
}
