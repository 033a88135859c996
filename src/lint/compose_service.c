/*
 * One compose service to a struct container, key by key, with the
 * position of every key in field_loc so a finding points at its line.
 */
#include "lint/compose_priv.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "util/error.h"
#include "util/strutil.h"

typedef int (*key_fn)(struct service *s, const struct ypair *p);

static void field_at(struct service *s, enum cfield f, const struct ypair *p)
{
	service_field_at(s, f, p);
}

static int key_image(struct service *s, const struct ypair *p)
{
	field_at(s, CF_IMAGE, p);
	return cv_string(s->cx, p->value, "image", &s->c->image);
}

static int key_privileged(struct service *s, const struct ypair *p)
{
	field_at(s, CF_PRIVILEGED, p);
	return cv_bool(s->cx, p->value, "privileged", &s->c->privileged);
}

static int key_read_only(struct service *s, const struct ypair *p)
{
	field_at(s, CF_READ_ONLY, p);
	return cv_bool(s->cx, p->value, "read_only", &s->c->read_only_rootfs);
}

/* Writes capabilities as the docker CLI sends them: upper case, with the
 * CAP_ prefix, except ALL. */
static int capabilities(struct service *s, const struct ypair *p,
			struct strlist *out)
{
	int rc = cv_strlist(s->cx, p->value, p->key, false, out);

	for (size_t i = 0; !rc && i < out->n; i++) {
		const char *cap = out->v[i];
		bool prefixed = strncasecmp(cap, "CAP_", 4) == 0;
		char *norm = arena_printf(
		    s->cx->a, "%s%s",
		    prefixed || str_ieq(cap, "ALL") ? "" : "CAP_", cap);

		if (!norm)
			return SW_ENOMEM;
		for (char *ch = norm; *ch; ch++)
			*ch = (char)toupper((unsigned char)*ch);
		out->v[i] = norm;
	}
	return rc;
}

static int key_cap_add(struct service *s, const struct ypair *p)
{
	field_at(s, CF_CAP_ADD, p);
	return capabilities(s, p, &s->c->cap_add);
}

static int key_cap_drop(struct service *s, const struct ypair *p)
{
	field_at(s, CF_CAP_DROP, p);
	return capabilities(s, p, &s->c->cap_drop);
}

static int key_volumes(struct service *s, const struct ypair *p)
{
	field_at(s, CF_MOUNTS, p);
	return compose_volumes(s->cx, p->value, s->c);
}

static int key_tmpfs(struct service *s, const struct ypair *p)
{
	if (!s->c->field_loc[CF_MOUNTS].line)
		field_at(s, CF_MOUNTS, p);
	return compose_tmpfs(s->cx, p->value, s->c);
}

/* use_api_socket: true mounts the engine's socket into the container. */
static int key_use_api_socket(struct service *s, const struct ypair *p)
{
	bool on = false;
	struct mount *grown;
	int rc = cv_bool(s->cx, p->value, "use_api_socket", &on);

	if (rc || !on)
		return rc;
	grown = arena_calloc(s->cx->a, s->c->n_mounts + 1, sizeof(*grown));
	if (!grown)
		return SW_ENOMEM;
	if (s->c->n_mounts)
		memcpy(grown, s->c->mounts, s->c->n_mounts * sizeof(*grown));
	grown[s->c->n_mounts] = (struct mount){
	    .type = MOUNT_BIND,
	    .source = "/var/run/docker.sock",
	    .destination = "/var/run/docker.sock",
	    .propagation = "",
	    .loc = p->loc,
	};
	s->c->mounts = grown;
	s->c->n_mounts++;
	s->cx->mounts_cap = s->c->n_mounts;
	if (!s->c->field_loc[CF_MOUNTS].line)
		field_at(s, CF_MOUNTS, p);
	return 0;
}

static int key_ports(struct service *s, const struct ypair *p)
{
	field_at(s, CF_PORTS, p);
	return compose_ports(s->cx, p->value, s->c);
}

static int key_devices(struct service *s, const struct ypair *p)
{
	field_at(s, CF_DEVICES, p);
	return compose_devices(s->cx, p->value, s->c);
}

static int key_network_mode(struct service *s, const struct ypair *p)
{
	field_at(s, CF_NETWORK_MODE, p);
	return cv_string(s->cx, p->value, "network_mode", &s->c->network_mode);
}

static int key_networks(struct service *s, const struct ypair *p)
{
	const struct ynode *n = p->value;
	struct strlist *nets = &s->c->networks;

	if (n->kind != YNODE_MAPPING)
		return cv_strlist(s->cx, n, "networks", false, nets);
	nets->v = arena_calloc(s->cx->a, n->n_pairs + 1, sizeof(*nets->v));
	if (!nets->v)
		return SW_ENOMEM;
	for (size_t i = 0; i < n->n_pairs; i++)
		nets->v[nets->n++] = n->pairs[i].key;
	return 0;
}

static int key_pid(struct service *s, const struct ypair *p)
{
	field_at(s, CF_PID_MODE, p);
	return cv_string(s->cx, p->value, "pid", &s->c->pid_mode);
}

static int key_ipc(struct service *s, const struct ypair *p)
{
	field_at(s, CF_IPC_MODE, p);
	return cv_string(s->cx, p->value, "ipc", &s->c->ipc_mode);
}

static int key_uts(struct service *s, const struct ypair *p)
{
	field_at(s, CF_UTS_MODE, p);
	return cv_string(s->cx, p->value, "uts", &s->c->uts_mode);
}

static int key_userns_mode(struct service *s, const struct ypair *p)
{
	field_at(s, CF_USERNS_MODE, p);
	return cv_string(s->cx, p->value, "userns_mode", &s->c->userns_mode);
}

static int key_cgroup(struct service *s, const struct ypair *p)
{
	return cv_string(s->cx, p->value, "cgroup", &s->c->cgroupns_mode);
}

static int key_cgroup_parent(struct service *s, const struct ypair *p)
{
	field_at(s, CF_CGROUP_PARENT, p);
	return cv_string(s->cx, p->value, "cgroup_parent",
			 &s->c->cgroup_parent);
}

static int key_security_opt(struct service *s, const struct ypair *p)
{
	int rc;

	field_at(s, CF_SECURITY_OPT, p);
	rc = cv_strlist(s->cx, p->value, "security_opt", false,
			&s->c->security_opt);
	/* The engine reports the profile it applied; one named here is the
	 * one it will apply. */
	for (size_t i = 0; !rc && i < s->c->security_opt.n; i++) {
		const char *opt = s->c->security_opt.v[i];

		if (str_starts_with(opt, "apparmor=") ||
		    str_starts_with(opt, "apparmor:"))
			s->c->apparmor_profile = opt + 9;
	}
	return rc;
}

static int key_user(struct service *s, const struct ypair *p)
{
	field_at(s, CF_USER, p);
	return cv_string(s->cx, p->value, "user", &s->c->user);
}

/* healthcheck: test (a string or CMD/CMD-SHELL/NONE list) or disable. */
static int key_healthcheck(struct service *s, const struct ypair *p)
{
	const struct ynode *n = p->value;
	const struct ynode *test = ynode_get(n, "test");
	const struct ynode *disable = ynode_get(n, "disable");
	struct healthcheck *h = &s->c->health;
	struct strlist argv;
	bool off = false;
	int rc;

	field_at(s, CF_HEALTHCHECK, p);
	rc = cv_expect_mapping(s->cx, n, "healthcheck");
	if (!rc && disable)
		rc = cv_bool(s->cx, disable, "healthcheck.disable", &off);
	if (rc)
		return rc;
	if (off) {
		*h = (struct healthcheck){true, true, "NONE"};
		return 0;
	}
	if (!test)
		return 0; /* only timings: the image's test still applies */
	if (test->kind == YNODE_SCALAR) {
		h->present = true;
		h->test = arena_printf(s->cx->a, "CMD-SHELL %s", test->text);
		return h->test ? 0 : SW_ENOMEM;
	}
	rc = cv_strlist(s->cx, test, "healthcheck.test", false, &argv);
	if (rc)
		return rc;
	if (!argv.n ||
	    !(str_eq(argv.v[0], "NONE") || str_eq(argv.v[0], "CMD") ||
	      str_eq(argv.v[0], "CMD-SHELL")))
		return compose_fail(s->cx, test->loc, "healthcheck.test",
				    "the test list must start with CMD, "
				    "CMD-SHELL or NONE");
	h->present = true;
	h->disabled = str_eq(argv.v[0], "NONE");
	{
		struct buf joined = BUF_INIT;

		for (size_t i = 0; i < argv.n; i++)
			buf_printf(&joined, "%s%s", i ? " " : "", argv.v[i]);
		h->test = joined.failed
			      ? NULL
			      : arena_strdup(s->cx->a, buf_str(&joined));
		buf_clear(&joined);
	}
	return h->test ? 0 : SW_ENOMEM;
}

static struct kv *env_add(struct service *s, size_t *cap)
{
	struct container *c = s->c;

	if (c->n_env == *cap) {
		size_t room = *cap ? *cap * 2 : 8;
		struct kv *grown = arena_calloc(s->cx->a, room, sizeof(*grown));

		if (!grown)
			return NULL;
		if (c->n_env)
			memcpy(grown, c->env, c->n_env * sizeof(*grown));
		c->env = grown;
		*cap = room;
	}
	return &c->env[c->n_env++];
}

/* environment: a mapping, or a list of NAME=value; a name alone takes its
 * value from the environment that interpolation reads. */
static int key_environment(struct service *s, const struct ypair *p)
{
	const struct ynode *n = p->value;
	size_t cap = s->c->n_env;

	field_at(s, CF_ENV, p);
	if (n->kind == YNODE_MAPPING) {
		for (size_t i = 0; i < n->n_pairs; i++) {
			struct kv *e = env_add(s, &cap);
			const struct ynode *v = n->pairs[i].value;

			if (!e)
				return SW_ENOMEM;
			e->name = n->pairs[i].key;
			e->loc = n->pairs[i].loc;
			if (v->kind == YNODE_NULL)
				e->value = arena_strdup(
				    s->cx->a, varmap_get(s->cx->vars, e->name));
			else if (cv_string(s->cx, v, "environment", &e->value))
				return SW_EINVAL;
		}
		return 0;
	}
	if (n->kind != YNODE_SEQUENCE && n->kind != YNODE_NULL)
		return compose_fail(s->cx, n->loc, "environment",
				    "expected a mapping or a list of "
				    "NAME=value, found a %s",
				    ynode_kind_name(n));
	for (size_t i = 0; i < n->n_items; i++) {
		const struct ynode *item = n->items[i];
		struct kv *e;
		const char *eq;

		if (item->kind != YNODE_SCALAR)
			return compose_fail(s->cx, item->loc, "environment",
					    "expected NAME=value, found a %s",
					    ynode_kind_name(item));
		e = env_add(s, &cap);
		if (!e)
			return SW_ENOMEM;
		eq = strchr(item->text, '=');
		e->loc = item->loc;
		e->name = eq ? arena_strndup(s->cx->a, item->text,
					     (size_t)(eq - item->text))
			     : item->text;
		e->value = eq ? eq + 1
			      : arena_strdup(s->cx->a, varmap_get(s->cx->vars,
								  item->text));
		if (!e->name)
			return SW_ENOMEM;
	}
	return 0;
}

static int key_extends(struct service *s, const struct ypair *p)
{
	(void)p;
	compose_note(s->cx,
		     "%s:%u: services.%s.extends is not supported: the "
		     "service is assessed without the settings of the service "
		     "it extends",
		     s->cx->path, p->loc.line, s->cx->service);
	return 0;
}

static int key_env_file(struct service *s, const struct ypair *p)
{
	compose_note(s->cx,
		     "%s:%u: services.%s.env_file is not read: variables from "
		     "env files are not assessed",
		     s->cx->path, p->loc.line, s->cx->service);
	return 0;
}

/* Keys Compose accepts for a service (compose-spec schema, 2025); those
 * without a handler do not change what the rules read. */
static const struct {
	const char *name;
	key_fn apply;
} service_keys[] = {
    {"annotations", NULL},
    {"attach", NULL},
    {"blkio_config", NULL},
    {"build", NULL},
    {"cap_add", key_cap_add},
    {"cap_drop", key_cap_drop},
    {"cgroup", key_cgroup},
    {"cgroup_parent", key_cgroup_parent},
    {"command", NULL},
    {"configs", NULL},
    {"container_name", NULL},
    {"cpu_count", NULL},
    {"cpu_percent", NULL},
    {"cpu_period", NULL},
    {"cpu_quota", compose_key_cpu_quota},
    {"cpu_rt_period", NULL},
    {"cpu_rt_runtime", NULL},
    {"cpu_shares", compose_key_cpu_shares},
    {"cpus", compose_key_cpus},
    {"cpuset", compose_key_cpuset},
    {"credential_spec", NULL},
    {"depends_on", NULL},
    {"deploy", compose_key_deploy},
    {"develop", NULL},
    {"device_cgroup_rules", NULL},
    {"devices", key_devices},
    {"dns", NULL},
    {"dns_opt", NULL},
    {"dns_search", NULL},
    {"domainname", NULL},
    {"entrypoint", NULL},
    {"env_file", key_env_file},
    {"environment", key_environment},
    {"expose", NULL},
    {"extends", key_extends},
    {"external_links", NULL},
    {"extra_hosts", NULL},
    {"gpus", NULL},
    {"group_add", NULL},
    {"healthcheck", key_healthcheck},
    {"hostname", NULL},
    {"image", key_image},
    {"init", NULL},
    {"ipc", key_ipc},
    {"isolation", NULL},
    {"label_file", NULL},
    {"labels", NULL},
    {"links", NULL},
    {"logging", NULL},
    {"mac_address", NULL},
    {"mem_limit", compose_key_mem_limit},
    {"mem_reservation", compose_key_mem_reservation},
    {"mem_swappiness", NULL},
    {"memswap_limit", NULL},
    {"models", NULL},
    {"network_mode", key_network_mode},
    {"networks", key_networks},
    {"oom_kill_disable", NULL},
    {"oom_score_adj", NULL},
    {"pid", key_pid},
    {"pids_limit", compose_key_pids_limit},
    {"platform", NULL},
    {"ports", key_ports},
    {"post_start", NULL},
    {"pre_start", NULL},
    {"pre_stop", NULL},
    {"privileged", key_privileged},
    {"profiles", NULL},
    {"provider", NULL},
    {"pull_policy", NULL},
    {"pull_refresh_after", NULL},
    {"read_only", key_read_only},
    {"restart", compose_key_restart},
    {"runtime", NULL},
    {"scale", NULL},
    {"secrets", NULL},
    {"security_opt", key_security_opt},
    {"shm_size", NULL},
    {"stdin_open", NULL},
    {"stop_grace_period", NULL},
    {"stop_signal", NULL},
    {"storage_opt", NULL},
    {"sysctls", NULL},
    {"tmpfs", key_tmpfs},
    {"tty", NULL},
    {"ulimits", compose_key_ulimits},
    {"use_api_socket", key_use_api_socket},
    {"user", key_user},
    {"userns_mode", key_userns_mode},
    {"uts", key_uts},
    {"volumes", key_volumes},
    {"volumes_from", NULL},
    {"working_dir", NULL},
};

#define SERVICE_KEYS (sizeof(service_keys) / sizeof(service_keys[0]))

/* Levenshtein distance, capped; for "did you mean" in messages. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[32];

	if (la >= 31 || lb >= 31)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			if (up + 1 < best)
				best = up + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

static int unknown_key(struct service *s, const struct ypair *p)
{
	const char *best = NULL;
	size_t best_d = 3;

	for (size_t i = 0; i < SERVICE_KEYS; i++) {
		size_t d = edit_distance(p->key, service_keys[i].name);

		if (d < best_d) {
			best_d = d;
			best = service_keys[i].name;
		}
	}
	if (best)
		return compose_fail(s->cx, p->loc, NULL,
				    "unknown key '%s'; did you mean '%s'?",
				    p->key, best);
	return compose_fail(s->cx, p->loc, NULL,
			    "unknown key '%s'; Compose accepts the keys of "
			    "the compose specification and x- extensions",
			    p->key);
}

static void container_defaults(struct container *c, const struct ypair *p)
{
	memset(c, 0, sizeof(*c));
	c->origin = ORIGIN_COMPOSE;
	c->id = p->key;
	c->name = p->key;
	c->image = "";
	c->image_id = "";
	c->state = "";
	c->network_mode = "";
	c->pid_mode = "";
	c->ipc_mode = "";
	c->uts_mode = "";
	c->userns_mode = "";
	c->cgroupns_mode = "";
	c->cpuset_cpus = "";
	c->restart_policy = "";
	c->apparmor_profile = "";
	c->cgroup_parent = "";
	c->health.test = "";
	c->health_status = "";
	c->user = "";
	c->top_status = PART_ABSENT;
	c->exec_status = PART_ABSENT;
	c->loc = p->loc;
}

int compose_service(struct compose_ctx *cx, const struct ypair *p,
		    struct container *c)
{
	struct service s = {.cx = cx, .c = c};
	const struct ynode *n = p->value;
	int rc = 0;

	container_defaults(c, p);
	cx->ports_cap = cx->mounts_cap = cx->devices_cap = 0;
	if (n->kind != YNODE_MAPPING)
		return compose_fail(cx, p->loc, NULL,
				    "a service must be a mapping of settings, "
				    "found %s",
				    n->kind == YNODE_NULL ? "nothing"
							  : ynode_kind_name(n));
	for (size_t i = 0; i < n->n_pairs && !rc; i++) {
		const struct ypair *kp = &n->pairs[i];
		size_t k = 0;

		if (str_starts_with(kp->key, "x-"))
			continue;
		while (k < SERVICE_KEYS &&
		       !str_eq(service_keys[k].name, kp->key))
			k++;
		if (k == SERVICE_KEYS)
			rc = unknown_key(&s, kp);
		else if (service_keys[k].apply)
			rc = service_keys[k].apply(&s, kp);
	}
	if (!rc)
		rc = compose_limits_apply(&s);
	if (!rc && !*c->image && !ynode_pair(n, "build") &&
	    !ynode_pair(n, "provider") && !ynode_pair(n, "extends"))
		rc = compose_fail(cx, p->loc, NULL,
				  "the service has neither an image nor a "
				  "build context; add image: or build:");
	return rc;
}
