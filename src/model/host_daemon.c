#include "model/host_daemon.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/strutil.h"

/* The kind of value a setting takes, as a flag and in daemon.json. */
enum value_type {
	V_BOOL,
	V_STRING,
	V_INT,
	V_LIST,	    /* repeatable flag; array of strings in the file */
	V_MAP,	    /* --log-opt k=v; object of strings in the file */
	V_ULIMITS,  /* --default-ulimit nofile=1024:2048 */
	V_RUNTIMES, /* --add-runtime name=path */
	V_POOLS,    /* --default-address-pool base=...,size=24 */
	V_OBJECT,   /* file only */
};

struct daemon_key {
	const char *key;  /* daemon.json key */
	const char *flag; /* long flag without "--"; NULL: key is the flag */
	char short_flag;  /* 0 when none */
	enum value_type type;
	bool file_only; /* no flag sets it */
};

/*
 * The top-level daemon.json keys of dockerd 20.10 (daemon/config on Linux)
 * with the flags that set them. Checked against the json tags in Debian's
 * /usr/sbin/dockerd 20.10 and `dockerd --help`.
 */
static const struct daemon_key daemon_keys[] = {
    {"allow-nondistributable-artifacts", NULL, 0, V_LIST, false},
    {"api-cors-header", NULL, 0, V_STRING, false},
    {"authorization-plugins", "authorization-plugin", 0, V_LIST, false},
    {"bip", NULL, 0, V_STRING, false},
    {"bridge", NULL, 'b', V_STRING, false},
    {"builder", NULL, 0, V_OBJECT, true},
    {"cgroup-parent", NULL, 0, V_STRING, false},
    {"cluster-advertise", NULL, 0, V_STRING, false},
    {"cluster-store", NULL, 0, V_STRING, false},
    {"cluster-store-opts", "cluster-store-opt", 0, V_MAP, false},
    {"containerd", NULL, 0, V_STRING, false},
    {"containerd-namespace", NULL, 0, V_STRING, false},
    {"containerd-plugin-namespace", "containerd-plugins-namespace", 0, V_STRING,
     false},
    {"cpu-rt-period", NULL, 0, V_INT, false},
    {"cpu-rt-runtime", NULL, 0, V_INT, false},
    {"cri-containerd", NULL, 0, V_BOOL, false},
    {"data-root", NULL, 0, V_STRING, false},
    {"debug", NULL, 'D', V_BOOL, false},
    {"default-address-pools", "default-address-pool", 0, V_POOLS, false},
    {"default-cgroupns-mode", NULL, 0, V_STRING, false},
    {"default-gateway", NULL, 0, V_STRING, false},
    {"default-gateway-v6", NULL, 0, V_STRING, false},
    {"default-ipc-mode", NULL, 0, V_STRING, false},
    {"default-runtime", NULL, 0, V_STRING, false},
    {"default-shm-size", NULL, 0, V_STRING, false},
    {"default-ulimits", "default-ulimit", 0, V_ULIMITS, false},
    {"deprecated-key-path", NULL, 0, V_STRING, false},
    {"dns", NULL, 0, V_LIST, false},
    {"dns-opts", "dns-opt", 0, V_LIST, false},
    {"dns-search", NULL, 0, V_LIST, false},
    {"exec-opts", "exec-opt", 0, V_LIST, false},
    {"exec-root", NULL, 0, V_STRING, false},
    {"experimental", NULL, 0, V_BOOL, false},
    {"features", NULL, 0, V_OBJECT, true},
    {"fixed-cidr", NULL, 0, V_STRING, false},
    {"fixed-cidr-v6", NULL, 0, V_STRING, false},
    {"graph", NULL, 'g', V_STRING, false},
    {"group", NULL, 'G', V_STRING, false},
    {"host-gateway-ip", NULL, 0, V_STRING, false},
    {"hosts", "host", 'H', V_LIST, false},
    {"icc", NULL, 0, V_BOOL, false},
    {"init", NULL, 0, V_BOOL, false},
    {"init-path", NULL, 0, V_STRING, false},
    {"insecure-registries", "insecure-registry", 0, V_LIST, false},
    {"ip", NULL, 0, V_STRING, false},
    {"ip-forward", NULL, 0, V_BOOL, false},
    {"ip-masq", NULL, 0, V_BOOL, false},
    {"ip6tables", NULL, 0, V_BOOL, false},
    {"iptables", NULL, 0, V_BOOL, false},
    {"ipv6", NULL, 0, V_BOOL, false},
    {"labels", "label", 0, V_LIST, false},
    {"live-restore", NULL, 0, V_BOOL, false},
    {"log-driver", NULL, 0, V_STRING, false},
    {"log-level", NULL, 'l', V_STRING, false},
    {"log-opts", "log-opt", 0, V_MAP, false},
    {"max-concurrent-downloads", NULL, 0, V_INT, false},
    {"max-concurrent-uploads", NULL, 0, V_INT, false},
    {"max-download-attempts", NULL, 0, V_INT, false},
    {"metrics-addr", NULL, 0, V_STRING, false},
    {"mtu", NULL, 0, V_INT, false},
    {"network-control-plane-mtu", NULL, 0, V_INT, false},
    {"network-diagnostic-port", NULL, 0, V_INT, false},
    {"no-new-privileges", NULL, 0, V_BOOL, false},
    {"node-generic-resources", "node-generic-resource", 0, V_LIST, false},
    {"oom-score-adjust", NULL, 0, V_INT, false},
    {"pidfile", NULL, 'p', V_STRING, false},
    {"raw-logs", NULL, 0, V_BOOL, false},
    {"registry-mirrors", "registry-mirror", 0, V_LIST, false},
    {"rootless", NULL, 0, V_BOOL, false},
    {"runtimes", "add-runtime", 0, V_RUNTIMES, false},
    {"seccomp-profile", NULL, 0, V_STRING, false},
    {"selinux-enabled", NULL, 0, V_BOOL, false},
    {"shutdown-timeout", NULL, 0, V_INT, false},
    {"storage-driver", NULL, 's', V_STRING, false},
    {"storage-opts", "storage-opt", 0, V_LIST, false},
    {"swarm-default-advertise-addr", NULL, 0, V_STRING, false},
    {"swarm-raft-election-tick", NULL, 0, V_INT, true},
    {"swarm-raft-heartbeat-tick", NULL, 0, V_INT, true},
    {"tls", NULL, 0, V_BOOL, false},
    {"tlscacert", NULL, 0, V_STRING, false},
    {"tlscert", NULL, 0, V_STRING, false},
    {"tlskey", NULL, 0, V_STRING, false},
    {"tlsverify", NULL, 0, V_BOOL, false},
    {"userland-proxy", NULL, 0, V_BOOL, false},
    {"userland-proxy-path", NULL, 0, V_STRING, false},
    {"userns-remap", NULL, 0, V_STRING, false},
};

#define N_DAEMON_KEYS (sizeof(daemon_keys) / sizeof(daemon_keys[0]))

/* Defaults of dockerd 20.10 on Linux for the settings rules read. */
static const struct {
	const char *key;
	const char *json;
} daemon_defaults[] = {
    {"authorization-plugins", "[]"},
    {"cgroup-parent", "\"\""},
    {"data-root", "\"/var/lib/docker\""},
    {"debug", "false"},
    {"default-ulimits", "{}"},
    {"exec-root", "\"/var/run/docker\""},
    {"experimental", "false"},
    {"group", "\"docker\""},
    {"hosts", "[\"unix:///var/run/docker.sock\"]"},
    {"icc", "true"},
    {"insecure-registries", "[]"},
    {"ip", "\"0.0.0.0\""},
    {"iptables", "true"},
    {"live-restore", "false"},
    {"log-driver", "\"json-file\""},
    {"log-level", "\"info\""},
    {"log-opts", "{}"},
    {"no-new-privileges", "false"},
    {"seccomp-profile", "\"\""},
    {"selinux-enabled", "false"},
    {"storage-opts", "[]"},
    {"tls", "false"},
    {"tlsverify", "false"},
    {"userland-proxy", "true"},
    {"userns-remap", "\"\""},
};

#define SOURCE_DEFAULT "dockerd default"
#define SOURCE_INFO    "engine /info"

/* Flags of dockerd that take a value but set no daemon.json key. */
static const char *const value_flags_without_key[] = {"config-file"};

bool daemon_key_known(const char *key)
{
	for (size_t i = 0; i < N_DAEMON_KEYS; i++)
		if (str_eq(daemon_keys[i].key, key))
			return true;
	return false;
}

static const struct daemon_key *key_by_name(const char *key)
{
	for (size_t i = 0; i < N_DAEMON_KEYS; i++)
		if (str_eq(daemon_keys[i].key, key))
			return &daemon_keys[i];
	return NULL;
}

static const struct daemon_key *key_by_flag(const char *flag, size_t len)
{
	for (size_t i = 0; i < N_DAEMON_KEYS; i++) {
		const struct daemon_key *k = &daemon_keys[i];
		const char *name = k->flag ? k->flag : k->key;

		if (k->file_only)
			continue;
		if (strlen(name) == len && strncmp(name, flag, len) == 0)
			return k;
	}
	return NULL;
}

static const struct daemon_key *key_by_short(char c)
{
	for (size_t i = 0; i < N_DAEMON_KEYS; i++)
		if (daemon_keys[i].short_flag == c)
			return &daemon_keys[i];
	return NULL;
}

/* Levenshtein distance, capped: only small typos matter for suggestions. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

/* Returns the known key closest to `key` within two edits, or NULL. */
static const char *key_suggestion(const char *key)
{
	const char *best = NULL;
	size_t best_distance = 3;

	for (size_t i = 0; i < N_DAEMON_KEYS; i++) {
		size_t d = edit_distance(key, daemon_keys[i].key);

		if (d < best_distance) {
			best_distance = d;
			best = daemon_keys[i].key;
		}
	}
	return best;
}

struct config_build {
	const struct daemon_config_input *in;
	json_t *settings;
	json_t *problems;
	json_t *flag_keys; /* key -> the first flag text that set it */
	char *file_source; /* "from PATH", the source of daemon.json keys */
	int rc;
};

static void problem_add(struct config_build *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void problem_add(struct config_build *b, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (msg.failed ||
	    json_array_append_new(b->problems, json_string(buf_str(&msg))))
		b->rc = SW_ENOMEM;
	buf_clear(&msg);
}

static void setting_put(struct config_build *b, const char *key, json_t *value,
			const char *source)
{
	json_t *entry;

	if (!value) {
		b->rc = SW_ENOMEM;
		return;
	}
	entry = json_pack("{s:o, s:s}", "value", value, "source", source);
	if (!entry || json_object_set_new(b->settings, key, entry))
		b->rc = SW_ENOMEM;
}

/* Go's strconv.ParseBool, which pflag uses for boolean flags. */
static int parse_go_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"1",	  "t",	  "T",
					  "TRUE", "true", "True"};
	static const char *const no[] = {"0",	  "f",	   "F",
					 "FALSE", "false", "False"};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (str_eq(s, yes[i])) {
			*out = true;
			return 0;
		}
		if (str_eq(s, no[i])) {
			*out = false;
			return 0;
		}
	}
	return SW_EINVAL;
}

/* Adds `nofile=1024:2048` to a default-ulimits object. */
static int ulimit_add(json_t *obj, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char name[64], soft[32], hard[32];
	const char *colon;
	int64_t s, h;
	size_t n;

	if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof(name))
		return SW_EINVAL;
	n = (size_t)(eq - arg);
	memcpy(name, arg, n);
	name[n] = '\0';
	colon = strchr(eq + 1, ':');
	n = colon ? (size_t)(colon - eq - 1) : strlen(eq + 1);
	if (n >= sizeof(soft))
		return SW_EINVAL;
	memcpy(soft, eq + 1, n);
	soft[n] = '\0';
	if (snprintf(hard, sizeof(hard), "%s", colon ? colon + 1 : soft) >=
	    (int)sizeof(hard))
		return SW_EINVAL;
	if (parse_int64(soft, INT64_MIN, INT64_MAX, &s) ||
	    parse_int64(hard, INT64_MIN, INT64_MAX, &h))
		return SW_EINVAL;
	return json_object_set_new(obj, name,
				   json_pack("{s:s, s:I, s:I}", "Name", name,
					     "Soft", (json_int_t)s, "Hard",
					     (json_int_t)h))
		   ? SW_ENOMEM
		   : 0;
}

/* Adds `base=10.10.0.0/16,size=24` to a default-address-pools array. */
static int pool_add(json_t *arr, const char *arg)
{
	json_t *pool = json_object();
	char *copy = strdup(arg);
	char *save = NULL;
	int rc = 0;

	if (!pool || !copy) {
		json_decref(pool);
		free(copy);
		return SW_ENOMEM;
	}
	for (char *tok = strtok_r(copy, ",", &save); tok && !rc;
	     tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');
		int64_t size;

		if (!eq) {
			rc = SW_EINVAL;
			break;
		}
		*eq = '\0';
		if (str_eq(tok, "size") && !parse_int64(eq + 1, 0, 128, &size))
			json_object_set_new(pool, tok,
					    json_integer((json_int_t)size));
		else
			json_object_set_new(pool, tok, json_string(eq + 1));
	}
	free(copy);
	if (!rc && json_array_append_new(arr, pool))
		return SW_ENOMEM;
	if (rc)
		json_decref(pool);
	return rc;
}

/* Returns a new reference to the value one flag argument gives. */
static json_t *flag_value(const struct daemon_key *k, json_t *prev,
			  const char *arg, bool *invalid)
{
	json_t *v = NULL;
	const char *eq;
	int64_t n;
	bool b;

	*invalid = false;
	switch (k->type) {
	case V_BOOL:
		if (parse_go_bool(arg, &b)) {
			*invalid = true;
			return NULL;
		}
		return json_boolean(b);
	case V_INT:
		if (parse_int64(arg, INT64_MIN, INT64_MAX, &n)) {
			*invalid = true;
			return NULL;
		}
		return json_integer((json_int_t)n);
	case V_STRING:
	case V_OBJECT:
		return json_string(arg);
	case V_LIST:
	case V_POOLS:
		v = json_is_array(prev) ? json_incref(prev) : json_array();
		if (k->type == V_POOLS) {
			*invalid = pool_add(v, arg) == SW_EINVAL;
			return v;
		}
		json_array_append_new(v, json_string(arg));
		return v;
	case V_MAP:
	case V_ULIMITS:
	case V_RUNTIMES:
		v = json_is_object(prev) ? json_incref(prev) : json_object();
		if (k->type == V_ULIMITS) {
			*invalid = ulimit_add(v, arg) == SW_EINVAL;
			return v;
		}
		eq = strchr(arg, '=');
		if (!eq || eq == arg) {
			*invalid = true;
			return v;
		}
		{
			char *name = strndup(arg, (size_t)(eq - arg));

			if (k->type == V_RUNTIMES)
				json_object_set_new(
				    v, name,
				    json_pack("{s:s}", "path", eq + 1));
			else
				json_object_set_new(v, name,
						    json_string(eq + 1));
			free(name);
		}
		return v;
	}
	return NULL;
}

/* Whether repeating the flag adds to the value instead of replacing it. */
static bool accumulates(const struct daemon_key *k)
{
	return k->type == V_LIST || k->type == V_POOLS || k->type == V_MAP ||
	       k->type == V_ULIMITS || k->type == V_RUNTIMES;
}

static void flag_apply(struct config_build *b, const struct daemon_key *k,
		       const char *arg, const char *text)
{
	json_t *prev =
	    json_object_get(json_object_get(b->settings, k->key), "value");
	bool invalid;
	json_t *v = flag_value(k, prev, arg, &invalid);
	struct buf source = BUF_INIT;

	if (invalid)
		problem_add(b, "invalid value for dockerd flag %s (%s)", text,
			    b->in->argv_source);
	if (!v)
		return;
	if (!json_object_get(b->flag_keys, k->key))
		json_object_set_new(b->flag_keys, k->key, json_string(text));
	/*
	 * A repeated scalar flag keeps its last value, so the source names the
	 * last flag. A list or map names the first flag that added to it.
	 */
	if (accumulates(k))
		text = json_string_value(json_object_get(b->flag_keys, k->key));
	buf_printf(&source, "dockerd flag %s, %s", text, b->in->argv_source);
	setting_put(b, k->key, v, buf_str(&source));
	buf_clear(&source);
}

static bool flag_takes_no_value(const char *name, size_t len)
{
	const struct daemon_key *k = key_by_flag(name, len);

	if (k)
		return k->type == V_BOOL;
	return (len == 4 && !strncmp(name, "help", 4)) ||
	       (len == 7 && !strncmp(name, "version", 7));
}

static bool flag_without_key(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(value_flags_without_key) /
				   sizeof(value_flags_without_key[0]);
	     i++)
		if (strlen(value_flags_without_key[i]) == len &&
		    !strncmp(value_flags_without_key[i], name, len))
			return true;
	return false;
}

/*
 * Reads one flag at argv[*i] the way pflag does: --name=value,
 * --name value (except booleans), -X value, -Xvalue, -X=value.
 */
static void argv_flag(struct config_build *b, size_t *i)
{
	const char *const *argv = b->in->argv;
	const char *arg = argv[*i];
	const struct daemon_key *k = NULL;
	const char *value = NULL;
	const char *name;
	size_t len;

	if (arg[1] == '-') {
		name = arg + 2;
		len = strcspn(name, "=");
		if (name[len] == '=')
			value = name + len + 1;
		k = key_by_flag(name, len);
		if (!k && !flag_without_key(name, len) &&
		    !flag_takes_no_value(name, len)) {
			problem_add(b, "unknown dockerd flag %s (%s)", arg,
				    b->in->argv_source);
			return;
		}
	} else {
		name = arg + 1;
		len = 1;
		k = key_by_short(name[0]);
		if (!k && name[0] != 'v') {
			problem_add(b, "unknown dockerd flag %s (%s)", arg,
				    b->in->argv_source);
			return;
		}
		if (name[1])
			value = name[1] == '=' ? name + 2 : name + 1;
	}
	if (k && k->type == V_BOOL) {
		flag_apply(b, k, value ? value : "true", arg);
		return;
	}
	if (!k && flag_takes_no_value(name, len))
		return;
	if (!value) {
		if (*i + 1 >= b->in->argc) {
			problem_add(b, "dockerd flag %s (%s) has no value", arg,
				    b->in->argv_source);
			return;
		}
		value = argv[++*i];
	}
	if (k)
		flag_apply(b, k, value, arg);
}

static void argv_apply(struct config_build *b)
{
	for (size_t i = 1; i < b->in->argc && !b->rc; i++) {
		const char *arg = b->in->argv[i];

		if (!arg || arg[0] != '-' || !arg[1])
			continue; /* dockerd takes no operands */
		if (str_eq(arg, "--"))
			break;
		argv_flag(b, &i);
	}
}

const char *daemon_argv_config_file(const char *const *argv, size_t argc)
{
	for (size_t i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (!arg || str_eq(arg, "--"))
			break;
		if (str_starts_with(arg, "--config-file="))
			return arg + strlen("--config-file=");
		if (str_eq(arg, "--config-file") && i + 1 < argc)
			return argv[i + 1];
	}
	return NULL;
}

static const char *json_type_name(json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

static bool array_of_strings(json_t *v)
{
	size_t i;
	json_t *e;

	if (!json_is_array(v))
		return false;
	json_array_foreach(v, i, e) if (!json_is_string(e)) return false;
	return true;
}

/* Returns what dockerd expects when `v` does not fit, else NULL. */
static const char *type_mismatch(const struct daemon_key *k, json_t *v)
{
	switch (k->type) {
	case V_BOOL:
		return json_is_boolean(v) ? NULL : "true or false";
	case V_STRING:
		return json_is_string(v) ? NULL : "a string";
	case V_INT:
		return json_is_integer(v) ? NULL : "an integer";
	case V_LIST:
		return array_of_strings(v) ? NULL : "an array of strings";
	case V_POOLS:
		return json_is_array(v) ? NULL : "an array of objects";
	case V_MAP:
	case V_ULIMITS:
	case V_RUNTIMES:
	case V_OBJECT:
		return json_is_object(v) ? NULL : "an object";
	}
	return NULL;
}

static json_t *config_parse(struct config_build *b)
{
	const struct daemon_config_input *in = b->in;
	json_error_t jerr;
	json_t *doc;

	doc = json_loadb(in->config_text, in->config_len,
			 JSON_REJECT_DUPLICATES, &jerr);
	if (!doc && strstr(jerr.text, "duplicate")) {
		problem_add(b, "%s: line %d: %s; dockerd keeps the last value",
			    in->config_path, jerr.line, jerr.text);
		doc = json_loadb(in->config_text, in->config_len, 0, &jerr);
	}
	if (!doc) {
		problem_add(b,
			    "%s is not valid JSON (line %d, column %d: %s); "
			    "dockerd does not start with it",
			    in->config_path, jerr.line, jerr.column, jerr.text);
		return NULL;
	}
	if (!json_is_object(doc)) {
		problem_add(b,
			    "%s is %s, not a JSON object; dockerd does not "
			    "start with it",
			    in->config_path, json_type_name(doc));
		json_decref(doc);
		return NULL;
	}
	return doc;
}

/*
 * Whether dockerd 20.10's check of daemon.json accepts `key`. Besides the
 * daemon.json keys it accepts every long flag name, although it then sets
 * nothing from a flag name that differs from the key.
 */
static bool key_accepted(const char *key)
{
	size_t len = strlen(key);

	return key_by_name(key) || key_by_flag(key, len) ||
	       flag_without_key(key, len) || str_eq(key, "help") ||
	       str_eq(key, "version");
}

/* Appends the keys inside `obj` that dockerd's check rejects, quoted. */
static size_t unknown_inner_keys(json_t *obj, struct buf *out)
{
	const char *inner;
	json_t *ignored;
	size_t n = 0;

	json_object_foreach(obj, inner, ignored)
	{
		if (key_accepted(inner))
			continue;
		buf_printf(out, "%s\"%s\"", n ? ", " : "", inner);
		n++;
	}
	return n;
}

/*
 * Reports a key that dockerd sets nothing from. Only some of them stop it
 * from starting: dockerd 20.10 checks the keys inside an object under an
 * unknown key instead of the key itself, and it accepts flag names.
 */
static void unknown_key_report(struct config_build *b, const char *key,
			       json_t *v)
{
	const struct daemon_key *flag = key_by_flag(key, strlen(key));
	const char *hint = flag ? flag->key : key_suggestion(key);
	struct buf what = BUF_INIT, inner = BUF_INIT;
	size_t n;

	buf_printf(&what, "unknown key \"%s\" in %s", key, b->in->config_path);
	if (hint)
		buf_printf(&what, " (did you mean \"%s\"?)", hint);
	if (json_is_object(v)) {
		n = unknown_inner_keys(v, &inner);
		if (n)
			problem_add(b,
				    "%s; dockerd does not start with it and "
				    "reports the unknown %s %s inside it",
				    buf_str(&what), n > 1 ? "keys" : "key",
				    buf_str(&inner));
		else
			problem_add(b,
				    "%s; dockerd ignores it, because it checks "
				    "only the keys inside an object",
				    buf_str(&what));
	} else if (key_accepted(key)) {
		problem_add(b,
			    "%s; dockerd accepts the flag name as a key but "
			    "ignores its value",
			    buf_str(&what));
	} else {
		problem_add(b, "%s; dockerd does not start with it",
			    buf_str(&what));
	}
	if (what.failed || inner.failed)
		b->rc = SW_ENOMEM;
	buf_clear(&what);
	buf_clear(&inner);
}

static void file_key_apply(struct config_build *b, const char *key, json_t *v)
{
	const struct daemon_key *k = key_by_name(key);
	const char *path = b->in->config_path;
	json_t *flag = json_object_get(b->flag_keys, key);
	const char *expected;

	if (!k) {
		unknown_key_report(b, key, v);
		return;
	}
	expected = type_mismatch(k, v);
	if (expected)
		problem_add(b, "\"%s\" in %s is %s; dockerd expects %s", key,
			    path, json_type_name(v), expected);
	if (flag) {
		problem_add(
		    b,
		    "\"%s\" is set both by dockerd flag %s (%s) and in "
		    "%s; dockerd does not start when a setting is given "
		    "both ways",
		    key, json_string_value(flag), b->in->argv_source, path);
		return; /* the running value came from the flag */
	}
	setting_put(b, key, json_incref(v), b->file_source);
}

static void file_apply(struct config_build *b)
{
	const char *key;
	json_t *doc, *v;

	if (!b->in->config_text)
		return;
	doc = config_parse(b);
	if (!doc)
		return;
	if (asprintf(&b->file_source, "from %s", b->in->config_path) < 0) {
		b->file_source = NULL;
		b->rc = SW_ENOMEM;
	}
	json_object_foreach(doc, key, v)
	{
		if (b->rc)
			break;
		file_key_apply(b, key, v);
	}
	free(b->file_source);
	b->file_source = NULL;
	json_decref(doc);
}

static void info_put(struct config_build *b, const char *key, json_t *v)
{
	if (!v || json_object_get(b->settings, key)) {
		json_decref(v);
		return;
	}
	setting_put(b, key, v, SOURCE_INFO);
}

static json_t *info_string(json_t *info, const char *key)
{
	json_t *v = json_object_get(info, key);

	return json_is_string(v) && *json_string_value(v) ? json_incref(v)
							  : NULL;
}

static json_t *info_bool(json_t *info, const char *key)
{
	json_t *v = json_object_get(info, key);

	return json_is_boolean(v) ? json_incref(v) : NULL;
}

/* Adds what /info reports for settings that neither flag nor file set. */
static void info_apply(struct config_build *b)
{
	json_t *info = b->in->info;
	json_t *authz =
	    json_object_get(json_object_get(info, "Plugins"), "Authorization");

	if (!json_is_object(info))
		return;
	info_put(b, "storage-driver", info_string(info, "Driver"));
	info_put(b, "log-driver", info_string(info, "LoggingDriver"));
	info_put(b, "default-runtime", info_string(info, "DefaultRuntime"));
	info_put(b, "live-restore", info_bool(info, "LiveRestoreEnabled"));
	info_put(b, "debug", info_bool(info, "Debug"));
	info_put(b, "experimental", info_bool(info, "ExperimentalBuild"));
	if (json_is_array(authz))
		info_put(b, "authorization-plugins", json_incref(authz));
}

bool daemon_config_rootless(json_t *settings, json_t *info)
{
	json_t *opts = json_object_get(info, "SecurityOptions");
	size_t i;
	json_t *o;

	if (json_is_true(daemon_config_value(settings, "rootless")))
		return true;
	json_array_foreach(opts, i, o)
	{
		if (str_starts_with(json_string_value(o), "name=rootless"))
			return true;
	}
	return false;
}

/*
 * Rootless dockerd keeps its socket, state and data under the user's
 * XDG_RUNTIME_DIR and HOME instead of /var/run and /var/lib.
 */
static void rootless_defaults_apply(struct config_build *b)
{
	const char *run = b->in->runtime_dir, *home = b->in->home;
	char *path;

	if (!daemon_config_rootless(b->settings, b->in->info))
		return;
	if (run && !json_object_get(b->settings, "hosts") &&
	    asprintf(&path, "unix://%s/docker.sock", run) >= 0) {
		setting_put(b, "hosts", json_pack("[s]", path), SOURCE_DEFAULT);
		free(path);
	}
	if (run && !json_object_get(b->settings, "exec-root") &&
	    asprintf(&path, "%s/docker", run) >= 0) {
		setting_put(b, "exec-root", json_string(path), SOURCE_DEFAULT);
		free(path);
	}
	if (home && !json_object_get(b->settings, "data-root") &&
	    asprintf(&path, "%s/.local/share/docker", home) >= 0) {
		setting_put(b, "data-root", json_string(path), SOURCE_DEFAULT);
		free(path);
	}
}

/* dockerd reads TLS files from ~/.docker unless the settings name others. */
static void tls_defaults_apply(struct config_build *b)
{
	static const char *const files[][2] = {
	    {"tlscacert", "ca.pem"},
	    {"tlscert", "cert.pem"},
	    {"tlskey", "key.pem"},
	};
	const char *home = b->in->home ? b->in->home : "/root";
	char *path;

	if (!json_is_true(daemon_config_value(b->settings, "tls")) &&
	    !json_is_true(daemon_config_value(b->settings, "tlsverify")))
		return;
	for (size_t i = 0; i < 3; i++) {
		if (json_object_get(b->settings, files[i][0]) ||
		    asprintf(&path, "%s/.docker/%s", home, files[i][1]) < 0)
			continue;
		setting_put(b, files[i][0], json_string(path), SOURCE_DEFAULT);
		free(path);
	}
}

static void defaults_apply(struct config_build *b)
{
	rootless_defaults_apply(b);
	tls_defaults_apply(b);
	for (size_t i = 0;
	     i < sizeof(daemon_defaults) / sizeof(daemon_defaults[0]); i++) {
		const char *key = daemon_defaults[i].key;

		if (json_object_get(b->settings, key))
			continue;
		setting_put(
		    b, key,
		    json_loads(daemon_defaults[i].json, JSON_DECODE_ANY, NULL),
		    SOURCE_DEFAULT);
	}
}

int daemon_config_build(const struct daemon_config_input *in, json_t **settings,
			json_t **problems)
{
	struct config_build b = {
	    .in = in,
	    .settings = json_object(),
	    .problems = json_array(),
	    .flag_keys = json_object(),
	};

	if (!b.settings || !b.problems || !b.flag_keys)
		b.rc = SW_ENOMEM;
	if (!b.rc)
		argv_apply(&b);
	if (!b.rc)
		file_apply(&b);
	if (!b.rc)
		info_apply(&b);
	if (!b.rc)
		defaults_apply(&b);
	json_decref(b.flag_keys);
	if (b.rc) {
		json_decref(b.settings);
		json_decref(b.problems);
		return b.rc;
	}
	*settings = b.settings;
	*problems = b.problems;
	return 0;
}

static int socket_add(json_t *out, const char *path)
{
	size_t i;
	json_t *e;

	json_array_foreach(out, i,
			   e) if (str_eq(json_string_value(e), path)) return 0;
	return json_array_append_new(out, json_string(path)) ? SW_ENOMEM : 0;
}

json_t *daemon_unix_sockets(json_t *settings, json_t *listen_streams)
{
	json_t *hosts = daemon_config_value(settings, "hosts");
	json_t *out = json_array();
	size_t i, j;
	json_t *h, *l;
	int rc = 0;

	if (!out)
		return NULL;
	json_array_foreach(hosts, i, h)
	{
		const char *s = json_string_value(h);

		if (str_starts_with(s, "unix://") && s[7] == '/')
			rc = socket_add(out, s + 7);
		else if (str_starts_with(s, "fd://"))
			json_array_foreach(listen_streams, j, l)
			{
				const char *p = json_string_value(l);

				if (p && p[0] == '/' && !rc)
					rc = socket_add(out, p);
			}
		if (rc)
			break;
	}
	if (rc) {
		json_decref(out);
		return NULL;
	}
	return out;
}

json_t *daemon_config_value(json_t *settings, const char *name)
{
	return json_object_get(json_object_get(settings, name), "value");
}

const char *daemon_config_string(json_t *settings, const char *name)
{
	return json_string_value(daemon_config_value(settings, name));
}
