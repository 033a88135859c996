/*
 * Section 2, Docker daemon configuration. The engine's /info and /version
 * decide most rules. The rest read the effective daemon configuration,
 * which host collection fills in from daemon.json, the dockerd command
 * line and dockerd's defaults.
 */
#include <string.h>

#include "model/host.h"
#include "rules/daemon_settings.h"
#include "rules/evidence.h"
#include "rules/rule.h"
#include "util/strutil.h"

/* The source host collection gives a setting that nothing configured. */
#define SOURCE_DEFAULT "dockerd default"

/* Whether the engine API reported what a rule reads from /info. */
static bool info_collected(const struct target *t, struct verdict *v,
			   const char *field)
{
	enum part_status s = t->daemon.info_status;

	if (s == PART_COLLECTED)
		return true;
	verdict_error(v,
		      "GET /info was not collected (%s), so %s is unknown; "
		      "scan again with access to the engine API",
		      part_status_name(s), field);
	return false;
}

/*
 * Looks up a daemon.json key for a rule. Returns the setting when host
 * collection found it, and NULL otherwise. When host facts were read,
 * `*use_default` is set, because dockerd's default then applies. Without
 * host facts the verdict becomes manual and names the key and the flag.
 */
static const struct daemon_setting *
setting_lookup(const struct target *t, struct verdict *v, const char *key,
	       const char *flag, bool *use_default)
{
	const struct daemon_setting *s = daemon_setting_find(&t->daemon, key);

	*use_default = false;
	if (s)
		return s;
	if (t->host) {
		*use_default = true;
		return NULL;
	}
	verdict_manual(v,
		       "needs host access: the daemon.json key \"%s\" (dockerd "
		       "%s) is not shown by the engine API; run stridewatch on "
		       "the Docker host or give --host ssh://...",
		       key, flag);
	return NULL;
}

/* Appends `key is VALUE (source)` or the default wording to the evidence. */
static void setting_describe(struct buf *out, const char *key,
			     const struct daemon_setting *s,
			     const char *default_text)
{
	if (!s || str_eq(s->source, SOURCE_DEFAULT)) {
		buf_printf(out,
			   "%s is not set, so dockerd's default %s applies",
			   key, default_text);
		return;
	}
	buf_printf(out, "%s is ", key);
	daemon_setting_format(s, out, EVIDENCE_VALUE_MAX);
	buf_puts(out, " (");
	evidence_append(out, s->source ? s->source : "", EVIDENCE_VALUE_MAX);
	buf_puts(out, ")");
}

/*
 * Decides a boolean setting that must be `want`. `fallback` is dockerd's
 * default, used when host facts were read and the key is absent.
 */
static void bool_setting_check(const struct target *t, struct verdict *v,
			       const char *key, const char *flag, bool fallback,
			       bool want)
{
	bool use_default, value = fallback;
	const struct daemon_setting *s =
	    setting_lookup(t, v, key, flag, &use_default);

	if (!s && !use_default)
		return;
	if (s && daemon_setting_bool(s, &value) != 0) {
		verdict_begin(v, ST_ERROR);
		setting_describe(v->evidence, key, s, "");
		buf_puts(v->evidence, ", which is not a boolean; dockerd "
				      "would reject it");
		return;
	}
	verdict_begin(v, value == want ? ST_PASS : ST_FAIL);
	setting_describe(v->evidence, key, s, fallback ? "true" : "false");
}

static void check_2_1(const struct target *t, const void *object,
		      struct verdict *v)
{
	(void)object;
	if (t->daemon.rootless) {
		verdict_pass(v, CF_NONE,
			     "the daemon runs rootless "
			     "(SecurityOptions contains "
			     "name=rootless)");
		return;
	}
	if (t->host && t->host->daemon_uid > 0) {
		verdict_pass(v, CF_NONE, "dockerd runs as uid %lld, not root",
			     (long long)t->host->daemon_uid);
		return;
	}
	if (t->daemon.info_status != PART_COLLECTED) {
		verdict_manual(v,
			       "GET /info was not collected (%s); verify "
			       "whether dockerd can run rootless on this "
			       "host",
			       part_status_name(t->daemon.info_status));
		return;
	}
	verdict_manual(v, "the daemon runs as root (SecurityOptions has no "
			  "name=rootless); verify whether its workloads "
			  "allow rootless mode on this host");
}

/* The network the engine created for --bridge, named "bridge". */
static const struct network *default_bridge(const struct target *t)
{
	for (size_t i = 0; i < t->n_networks; i++) {
		const struct network *n = &t->networks[i];

		if (str_eq(n->name, "bridge") && str_eq(n->driver, "bridge"))
			return n;
	}
	return NULL;
}

static void check_2_2(const struct target *t, const void *object,
		      struct verdict *v)
{
	const struct network *n;

	(void)object;
	if (t->networks_status != PART_COLLECTED) {
		bool_setting_check(t, v, "icc", "--icc", true, false);
		return;
	}
	n = default_bridge(t);
	if (!n) {
		verdict_na(v, "the engine has no default bridge network "
			      "(dockerd runs with --bridge=none), so no "
			      "container is on it");
		return;
	}
	if (!n->icc_set)
		verdict_fail(v, CF_NONE,
			     "the default bridge network has no "
			     "com.docker.network.bridge.enable_icc option, so "
			     "containers on it can reach each other");
	else if (n->icc)
		verdict_fail(v, CF_NONE,
			     "the default bridge network has "
			     "com.docker.network.bridge.enable_icc \"true\"");
	else
		verdict_pass(v, CF_NONE,
			     "the default bridge network has "
			     "com.docker.network.bridge.enable_icc \"false\"");
}

static void check_2_3(const struct target *t, const void *object,
		      struct verdict *v)
{
	const struct daemon_setting *s;
	bool use_default;
	struct buf level = BUF_INIT;

	(void)object;
	if (t->daemon.info_status == PART_COLLECTED && t->daemon.debug) {
		verdict_fail(v, CF_NONE,
			     "Debug is true in /info, so the "
			     "daemon logs at debug level");
		return;
	}
	s = setting_lookup(t, v, "log-level", "--log-level", &use_default);
	if (!s && !use_default) {
		if (t->daemon.info_status == PART_COLLECTED)
			buf_puts(v->evidence, "; /info shows Debug false");
		return;
	}
	if (s)
		daemon_setting_format(s, &level, EVIDENCE_VALUE_MAX);
	verdict_begin(v, !s || str_eq(buf_str(&level), "info") ? ST_PASS
							       : ST_FAIL);
	setting_describe(v->evidence, "log-level", s, "info");
	buf_clear(&level);
}

static void check_2_4(const struct target *t, const void *object,
		      struct verdict *v)
{
	(void)object;
	bool_setting_check(t, v, "iptables", "--iptables", true, true);
}

/* Whether an InsecureRegistryCIDRs entry is one dockerd always adds. */
static bool builtin_insecure_cidr(const char *cidr)
{
	return str_eq(cidr, "127.0.0.0/8") || str_eq(cidr, "::1/128");
}

static void check_2_5(const struct target *t, const void *object,
		      struct verdict *v)
{
	const struct daemon *d = &t->daemon;
	size_t found = 0;

	(void)object;
	if (!info_collected(t, v, "RegistryConfig"))
		return;
	verdict_fail(v, CF_NONE, "insecure registries configured: ");
	for (size_t i = 0; i < d->insecure_cidrs.n; i++) {
		if (builtin_insecure_cidr(d->insecure_cidrs.v[i]))
			continue;
		buf_puts(v->evidence, found++ ? ", " : "");
		evidence_append(v->evidence, d->insecure_cidrs.v[i],
				EVIDENCE_VALUE_MAX);
	}
	for (size_t i = 0; i < d->insecure_registries.n; i++) {
		buf_puts(v->evidence, found++ ? ", " : "");
		evidence_append(v->evidence, d->insecure_registries.v[i],
				EVIDENCE_VALUE_MAX);
	}
	if (!found)
		verdict_pass(
		    v, CF_NONE,
		    "RegistryConfig lists no insecure registry besides "
		    "the built-in 127.0.0.0/8");
}

static void check_2_6(const struct target *t, const void *object,
		      struct verdict *v)
{
	(void)object;
	if (!info_collected(t, v, "the storage driver"))
		return;
	verdict_set(
	    v, str_eq(t->daemon.storage_driver, "aufs") ? ST_FAIL : ST_PASS,
	    CF_NONE, "the storage driver (Driver in /info) is ");
	evidence_append(v->evidence, t->daemon.storage_driver,
			EVIDENCE_VALUE_MAX);
}

/* Whether a -H address listens on TCP: tcp://..., or host:port. */
static bool host_is_tcp(const char *addr)
{
	if (str_starts_with(addr, "tcp://"))
		return true;
	return !strstr(addr, "://") && strchr(addr, ':');
}

/* Appends the TCP addresses of a `hosts` setting; returns their count. */
static size_t tcp_hosts_append(const struct daemon_setting *s, struct buf *out)
{
	json_t *hosts = daemon_setting_json(s);
	json_t *one = json_is_string(hosts) ? json_pack("[O]", hosts) : NULL;
	json_t *list = one ? one : hosts;
	size_t i, found = 0;
	json_t *h;

	json_array_foreach(list, i, h)
	{
		const char *addr = json_string_value(h);

		if (!addr || !host_is_tcp(addr))
			continue;
		buf_puts(out, found++ ? ", " : "");
		evidence_append(out, addr, EVIDENCE_VALUE_MAX);
	}
	json_decref(one);
	json_decref(hosts);
	return found;
}

/*
 * Appends the TCP ListenStream= entries of docker.socket, through which a
 * socket-activated daemon (-H fd://) listens; returns their count.
 */
static size_t tcp_streams_append(const struct host_facts *h, struct buf *out)
{
	size_t found = 0;

	for (size_t i = 0; h && i < h->listen_streams.n; i++) {
		const char *l = h->listen_streams.v[i];

		/* Unix sockets are paths; abstract ones start with '@'. */
		if (l[0] == '/' || l[0] == '@' || !l[0])
			continue;
		buf_puts(out, out->len ? ", " : "");
		buf_puts(out, "docker.socket ListenStream=");
		evidence_append(out, l, EVIDENCE_VALUE_MAX);
		found++;
	}
	return found;
}

/* Decides 2.7 for a daemon that listens on the TCP addresses in `where`. */
static void tls_verify_check(const struct target *t, struct verdict *v,
			     const char *where)
{
	const struct daemon_setting *s =
	    daemon_setting_find(&t->daemon, "tlsverify");
	bool verify = false;

	if (s && daemon_setting_bool(s, &verify) != 0)
		verify = false;
	verdict_set(v, verify ? ST_PASS : ST_FAIL, CF_NONE,
		    "the daemon listens on %s; ", where);
	setting_describe(v->evidence, "tlsverify", s, "false");
	if (!verify)
		buf_puts(v->evidence, ", so clients need no certificate");
}

static void check_2_7(const struct target *t, const void *object,
		      struct verdict *v)
{
	const struct transport *tr = &t->transport;
	const struct daemon_setting *s;
	struct buf where = BUF_INIT;
	bool use_default;

	(void)object;
	if (str_eq(tr->kind, "tcp") && !tr->tls) {
		verdict_fail(v, CF_NONE, "the engine at ");
		evidence_append(v->evidence, t->endpoint, EVIDENCE_VALUE_MAX);
		buf_puts(v->evidence, " answered over TCP without TLS");
		return;
	}
	s = setting_lookup(t, v, "hosts", "-H", &use_default);
	if (!s && !use_default) {
		if (str_eq(tr->kind, "tcp"))
			buf_puts(v->evidence, "; the engine was reached over "
					      "TLS, but the API does not show "
					      "whether it requires client "
					      "certificates (tlsverify)");
		return;
	}
	if ((!s || !tcp_hosts_append(s, &where)) &&
	    !tcp_streams_append(t->host, &where)) {
		verdict_begin(v, ST_NOT_APPLICABLE);
		setting_describe(v->evidence, "hosts", s,
				 "unix:///var/run/docker.sock");
		buf_puts(v->evidence, ": the daemon listens on no TCP socket");
		buf_clear(&where);
		return;
	}
	tls_verify_check(t, v, buf_str(&where));
	buf_clear(&where);
}

static void check_2_8(const struct target *t, const void *object,
		      struct verdict *v)
{
	const struct daemon_setting *s;
	bool use_default, set;
	json_t *value;

	(void)object;
	s = setting_lookup(t, v, "default-ulimits", "--default-ulimit",
			   &use_default);
	if (!s && !use_default)
		return;
	value = s ? daemon_setting_json(s) : NULL;
	set = json_object_size(value) > 0;
	json_decref(value);
	verdict_begin(v, set ? ST_PASS : ST_FAIL);
	setting_describe(v->evidence, "default-ulimits", set ? s : NULL,
			 "(none)");
	if (!set)
		buf_puts(v->evidence,
			 ": containers inherit dockerd's own limits");
}

static void check_2_9(const struct target *t, const void *object,
		      struct verdict *v)
{
	(void)object;
	if (!info_collected(t, v, "user-namespace remapping"))
		return;
	if (t->daemon.userns)
		verdict_pass(v, CF_NONE,
			     "SecurityOptions contains name=userns");
	else
		verdict_fail(v, CF_NONE,
			     "SecurityOptions has no name=userns, so root in a "
			     "container is root on the host");
}

static void check_2_10(const struct target *t, const void *object,
		       struct verdict *v)
{
	const struct daemon_setting *s;
	struct buf parent = BUF_INIT;
	bool use_default;

	(void)object;
	s = setting_lookup(t, v, "cgroup-parent", "--cgroup-parent",
			   &use_default);
	if (!s && !use_default)
		return;
	if (s)
		daemon_setting_format(s, &parent, EVIDENCE_VALUE_MAX);
	if (!s || str_empty(buf_str(&parent))) {
		verdict_pass(v, CF_NONE,
			     "cgroup-parent is not set, so containers run "
			     "under the default parent (/docker with the "
			     "cgroupfs driver, system.slice with systemd)");
	} else {
		verdict_begin(v, ST_MANUAL);
		setting_describe(v->evidence, "cgroup-parent", s, "");
		buf_puts(v->evidence, "; confirm that this cgroup carries the "
				      "resource limits meant for containers");
	}
	buf_clear(&parent);
}

/* dm.basesize's default of 10 GiB, as DriverStatus prints it in GB. */
#define DM_DEFAULT_BASE_SIZE "10.74GB"

static void check_2_11(const struct target *t, const void *object,
		       struct verdict *v)
{
	const struct daemon *d = &t->daemon;

	(void)object;
	if (!info_collected(t, v, "the storage driver"))
		return;
	if (!str_eq(d->storage_driver, "devicemapper")) {
		verdict_na(v, "the storage driver is ");
		evidence_append(v->evidence, d->storage_driver,
				EVIDENCE_VALUE_MAX);
		buf_puts(v->evidence, "; the base device size exists only "
				      "with devicemapper");
		return;
	}
	for (size_t i = 0; i < d->n_driver_status; i++) {
		const struct kv *kv = &d->driver_status[i];

		if (!str_eq(kv->name, "Base Device Size"))
			continue;
		verdict_set(v,
			    str_eq(kv->value, DM_DEFAULT_BASE_SIZE) ? ST_PASS
								    : ST_FAIL,
			    CF_NONE, "DriverStatus shows Base Device Size ");
		evidence_append(v->evidence, kv->value, EVIDENCE_VALUE_MAX);
		buf_puts(v->evidence, "; the default is " DM_DEFAULT_BASE_SIZE);
		return;
	}
	verdict_manual(v, "DriverStatus of devicemapper shows no Base Device "
			  "Size; check dm.basesize in the daemon's "
			  "storage-opts");
}

static void check_2_12(const struct target *t, const void *object,
		       struct verdict *v)
{
	const struct strlist *p = &t->daemon.authz_plugins;

	(void)object;
	if (!info_collected(t, v, "Plugins.Authorization"))
		return;
	if (!p->n) {
		verdict_fail(v, CF_NONE,
			     "Plugins.Authorization is empty, so every client "
			     "of the API may do everything");
		return;
	}
	verdict_pass(v, CF_NONE, "Plugins.Authorization lists ");
	for (size_t i = 0; i < p->n; i++) {
		buf_puts(v->evidence, i ? ", " : "");
		evidence_append(v->evidence, p->v[i], EVIDENCE_VALUE_MAX);
	}
}

static void check_2_13(const struct target *t, const void *object,
		       struct verdict *v)
{
	const char *driver = t->daemon.logging_driver;

	(void)object;
	if (!info_collected(t, v, "LoggingDriver"))
		return;
	if (str_empty(driver))
		verdict_error(v, "/info has no LoggingDriver");
	else if (str_eq(driver, "none"))
		verdict_fail(v, CF_NONE,
			     "LoggingDriver is none, so container "
			     "output is not kept at all");
	else if (str_eq(driver, "json-file") || str_eq(driver, "local"))
		verdict_fail(v, CF_NONE,
			     "LoggingDriver is %s, which keeps container logs "
			     "only on this host",
			     driver);
	else {
		verdict_pass(v, CF_NONE, "LoggingDriver is ");
		evidence_append(v->evidence, driver, EVIDENCE_VALUE_MAX);
	}
}

static void check_2_14(const struct target *t, const void *object,
		       struct verdict *v)
{
	(void)object;
	bool_setting_check(t, v, "no-new-privileges", "--no-new-privileges",
			   false, true);
}

static void check_2_15(const struct target *t, const void *object,
		       struct verdict *v)
{
	(void)object;
	if (!info_collected(t, v, "LiveRestoreEnabled"))
		return;
	if (str_eq(t->daemon.swarm_state, "active")) {
		verdict_na(v, "swarm mode is active, and dockerd does not "
			      "allow live restore together with swarm mode");
		return;
	}
	if (t->daemon.live_restore)
		verdict_pass(v, CF_NONE, "LiveRestoreEnabled is true");
	else
		verdict_fail(v, CF_NONE,
			     "LiveRestoreEnabled is false, so containers stop "
			     "whenever the daemon stops");
}

static void check_2_16(const struct target *t, const void *object,
		       struct verdict *v)
{
	(void)object;
	bool_setting_check(t, v, "userland-proxy", "--userland-proxy", true,
			   false);
}

static void check_2_17(const struct target *t, const void *object,
		       struct verdict *v)
{
	const struct daemon *d = &t->daemon;
	const struct daemon_setting *s;

	(void)object;
	if (!info_collected(t, v, "the daemon's seccomp profile"))
		return;
	if (!d->seccomp) {
		verdict_manual(v, "seccomp is not enabled in the daemon (no "
				  "name=seccomp in SecurityOptions); verify "
				  "whether the kernel supports it and "
				  "workloads need a profile");
		return;
	}
	verdict_manual(v, "the daemon applies the seccomp profile \"");
	evidence_append(v->evidence, d->seccomp_profile, EVIDENCE_VALUE_MAX);
	buf_puts(v->evidence, "\"");
	s = daemon_setting_find(d, "seccomp-profile");
	if (s && !str_eq(s->source, SOURCE_DEFAULT)) {
		buf_puts(v->evidence, " (");
		setting_describe(v->evidence, "seccomp-profile", s, "");
		buf_puts(v->evidence, ")");
	}
	buf_puts(v->evidence, "; verify that it allows only the system calls "
			      "your workloads need");
}

static void check_2_18(const struct target *t, const void *object,
		       struct verdict *v)
{
	(void)object;
	if (t->daemon.version_status != PART_COLLECTED &&
	    !info_collected(t, v, "Experimental"))
		return;
	if (t->daemon.experimental)
		verdict_fail(v, CF_NONE,
			     "the daemon runs with experimental "
			     "features enabled (Experimental is "
			     "true)");
	else
		verdict_pass(v, CF_NONE, "Experimental is false");
}

const struct rule_check section2_checks[] = {
    {"2.1", check_2_1},	  {"2.2", check_2_2},	{"2.3", check_2_3},
    {"2.4", check_2_4},	  {"2.5", check_2_5},	{"2.6", check_2_6},
    {"2.7", check_2_7},	  {"2.8", check_2_8},	{"2.9", check_2_9},
    {"2.10", check_2_10}, {"2.11", check_2_11}, {"2.12", check_2_12},
    {"2.13", check_2_13}, {"2.14", check_2_14}, {"2.15", check_2_15},
    {"2.16", check_2_16}, {"2.17", check_2_17}, {"2.18", check_2_18},
    {NULL, NULL},
};
