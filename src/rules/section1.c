/*
 * Section 1, host configuration: the data root's own file system, the
 * docker group, audit rules on the engine's files, and the two manual
 * recommendations on host hardening and updates.
 */
#include <string.h>

#include "model/host_parse.h"
#include "rules/host_checks.h"
#include "rules/rule.h"
#include "util/strutil.h"

/* Whether `path` is `dir` or lies below it. */
static bool path_below(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 1 && dir[0] == '/')
		return path[0] == '/';
	return strncmp(path, dir, n) == 0 && (!path[n] || path[n] == '/');
}

/*
 * Returns the mount above `m` when `m` is a bind mount of that same file
 * system (dockerd bind-mounts its data root onto itself), else NULL.
 */
static const struct mount_entry *bind_parent(const struct host_facts *h,
					     const struct mount_entry *m)
{
	const struct mount_entry *parent = NULL;
	char dir[4096];
	char *slash;

	if (!*m->device || str_eq(m->mount_point, "/") ||
	    strlen(m->mount_point) >= sizeof(dir))
		return NULL;
	memcpy(dir, m->mount_point, strlen(m->mount_point) + 1);
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	for (size_t i = 0; i < h->n_mounts; i++) {
		const struct mount_entry *e = &h->mount_table[i];

		if (e == m)
			break; /* only mounts made before m lie under it */
		if (path_below(dir, e->mount_point) &&
		    (!parent ||
		     strlen(e->mount_point) >= strlen(parent->mount_point)))
			parent = e;
	}
	return parent && str_eq(parent->device, m->device) ? parent : NULL;
}

/*
 * 1.1.1: the file system that contains DockerRootDir (with user
 * namespaces the ROOT/UID.GID subdirectory) must be mounted at the data
 * root or below it, so it contains Docker's data only.
 */
static void check_1_1_1(const struct target *t, const void *o,
			struct verdict *v)
{
	const struct host_facts *h = host_checks_facts(t, v, "the mount table");
	const char *root, *in_use;
	const struct mount_entry *m;
	bool absent;

	(void)o;
	if (!h)
		return;
	if (!host_checks_part(&h->mounts, v, "the mount table", &absent)) {
		if (absent)
			verdict_error(v,
				      "the mount table could not be found "
				      "under /proc: %s",
				      h->mounts.error);
		return;
	}
	root = *h->paths.data_root ? h->paths.data_root : "/var/lib/docker";
	in_use = *t->daemon.root_dir ? t->daemon.root_dir : root;
	m = mount_table_find(h->mount_table, h->n_mounts, in_use);
	if (!m) {
		verdict_error(v, "no mount in the mount table holds %s",
			      in_use);
		return;
	}
	if (path_below(m->mount_point, root) && bind_parent(h, m)) {
		const struct mount_entry *parent = bind_parent(h, m);

		verdict_fail(v, CF_NONE,
			     "data root %s is mounted at %s from the file "
			     "system mounted at %s (%s, device %s), which it "
			     "shares with other data",
			     in_use, m->mount_point, parent->mount_point,
			     parent->source, parent->device);
		return;
	}
	if (path_below(m->mount_point, root)) {
		verdict_pass(v, CF_NONE,
			     "data root %s is its own file system: %s (%s) "
			     "mounted at %s",
			     in_use, m->source, m->fstype, m->mount_point);
		return;
	}
	verdict_fail(v, CF_NONE,
		     "data root %s is on the file system mounted at %s (%s, "
		     "%s), which it shares with other data",
		     in_use, m->mount_point, m->source, m->fstype);
}

static void members_append(struct buf *b, const struct strlist *l,
			   const struct strlist *trusted, bool only_untrusted)
{
	bool first = true;

	for (size_t i = 0; i < l->n; i++) {
		if (only_untrusted && strlist_contains(trusted, l->v[i]))
			continue;
		buf_puts(b, first ? "" : ", ");
		host_checks_append(b, l->v[i], HOST_VALUE_MAX);
		first = false;
	}
}

static void check_1_1_2(const struct target *t, const void *o,
			struct verdict *v)
{
	const struct host_facts *h =
	    host_checks_facts(t, v, "the docker group");
	const struct strlist *members;
	bool absent;

	(void)o;
	if (!h)
		return;
	if (!host_checks_part(&h->group, v, "/etc/group", &absent)) {
		if (absent)
			verdict_pass(v, CF_NONE,
				     "%s, so only root reaches the "
				     "engine's socket",
				     h->group.error);
		return;
	}
	members = &h->group_members;
	if (!members->n) {
		verdict_pass(v, CF_NONE, "group %s (gid %lld) has no members",
			     h->group_name, (long long)h->group_gid);
		return;
	}
	if (!h->trusted_users_set) {
		host_checks_begin(v, ST_MANUAL);
		buf_printf(v->evidence,
			   "group %s has %zu members: ", h->group_name,
			   members->n);
		members_append(v->evidence, members, NULL, false);
		buf_puts(v->evidence, "; verify each is trusted, or pass "
				      "--trusted-users");
		return;
	}
	for (size_t i = 0; i < members->n; i++) {
		if (strlist_contains(&h->trusted_users, members->v[i]))
			continue;
		host_checks_begin(v, ST_FAIL);
		buf_printf(v->evidence,
			   "group %s has members not in "
			   "--trusted-users: ",
			   h->group_name);
		members_append(v->evidence, members, &h->trusted_users, true);
		return;
	}
	host_checks_begin(v, ST_PASS);
	buf_printf(v->evidence,
		   "every member of group %s is trusted: ", h->group_name);
	members_append(v->evidence, members, NULL, false);
}

/* A path that an audit rule must watch, and its name for messages. */
struct audit_target {
	const char *id;
	const char *fixed; /* a fixed path, or NULL */
	size_t offset;	   /* else a member of struct host_paths */
	const char *what;
};

#define HOST_PATH(member) NULL, offsetof(struct host_paths, member)

static const struct audit_target audit_targets[] = {
    {"1.1.3", HOST_PATH(dockerd), "the dockerd binary"},
    {"1.1.4", "/run/containerd", 0, "/run/containerd"},
    {"1.1.5", HOST_PATH(data_root), "the data root"},
    {"1.1.6", "/etc/docker", 0, "/etc/docker"},
    {"1.1.7", HOST_PATH(docker_service), "the docker.service unit"},
    {"1.1.8", HOST_PATH(containerd_socket), "containerd.sock"},
    {"1.1.9", HOST_PATH(docker_socket), "the docker.socket unit"},
    {"1.1.10", "/etc/default/docker", 0, "/etc/default/docker"},
    {"1.1.11", HOST_PATH(config_file), "daemon.json"},
    {"1.1.12", "/etc/containerd/config.toml", 0, "/etc/containerd/config.toml"},
    {"1.1.13", "/etc/sysconfig/docker", 0, "/etc/sysconfig/docker"},
    {"1.1.14", HOST_PATH(containerd), "the containerd binary"},
    {"1.1.15", HOST_PATH(containerd_shim), "the containerd-shim binary"},
    {"1.1.16", HOST_PATH(containerd_shim_runc_v1),
     "the containerd-shim-runc-v1 binary"},
    {"1.1.17", HOST_PATH(containerd_shim_runc_v2),
     "the containerd-shim-runc-v2 binary"},
    {"1.1.18", HOST_PATH(runc), "the runc binary"},
};

static const struct audit_target *audit_target_find(const char *id)
{
	for (size_t i = 0; i < sizeof(audit_targets) / sizeof(audit_targets[0]);
	     i++)
		if (str_eq(audit_targets[i].id, id))
			return &audit_targets[i];
	return NULL;
}

static const char *audit_path(const struct host_facts *h,
			      const struct audit_target *a)
{
	if (a->fixed)
		return a->fixed;
	return *(const char *const *)((const char *)&h->paths + a->offset);
}

/* Decides one of 1.1.3 to 1.1.18 against the rules in use. */
static void audit_check(const struct target *t, const char *id,
			struct verdict *v)
{
	const struct audit_target *a = audit_target_find(id);
	const struct host_facts *h = host_checks_facts(t, v, "audit rules");
	const struct host_file *f;
	const struct audit_rule *r;
	const char *path;
	bool absent;

	if (!h || !a)
		return;
	path = audit_path(h, a);
	if (!path || !*path) {
		verdict_na(v, "%s was not found on the host", a->what);
		return;
	}
	f = host_file_find(h, path);
	if (f && f->status == PART_NOT_PRESENT) {
		verdict_na(v, "%s does not exist", path);
		return;
	}
	if (!host_checks_part(&h->audit, v, "the audit rules", &absent)) {
		if (absent)
			verdict_fail(v, CF_NONE, "no audit rule watches %s: %s",
				     path, h->audit.error);
		return;
	}
	r = audit_rules_find(h->audit_rules, h->n_audit_rules, path);
	if (!r) {
		verdict_fail(v, CF_NONE,
			     "no audit rule records writes to %s (%zu rules "
			     "read from %s)",
			     path, h->n_audit_rules, h->audit_source);
		return;
	}
	host_checks_begin(v, ST_PASS);
	buf_puts(v->evidence, "audit rule '");
	host_checks_append(v->evidence, r->text, HOST_VALUE_MAX);
	if (r->loc.path)
		buf_printf(v->evidence, "' in %s line %u covers %s",
			   r->loc.path, r->loc.line, path);
	else
		buf_printf(v->evidence, "' (%s) covers %s", h->audit_source,
			   path);
	v->loc = r->loc;
}

#define AUDIT_CHECK(name, id)                                                  \
	static void name(const struct target *t, const void *o,                \
			 struct verdict *v)                                    \
	{                                                                      \
		(void)o;                                                       \
		audit_check(t, id, v);                                         \
	}

AUDIT_CHECK(check_1_1_3, "1.1.3")
AUDIT_CHECK(check_1_1_4, "1.1.4")
AUDIT_CHECK(check_1_1_5, "1.1.5")
AUDIT_CHECK(check_1_1_6, "1.1.6")
AUDIT_CHECK(check_1_1_7, "1.1.7")
AUDIT_CHECK(check_1_1_8, "1.1.8")
AUDIT_CHECK(check_1_1_9, "1.1.9")
AUDIT_CHECK(check_1_1_10, "1.1.10")
AUDIT_CHECK(check_1_1_11, "1.1.11")
AUDIT_CHECK(check_1_1_12, "1.1.12")
AUDIT_CHECK(check_1_1_13, "1.1.13")
AUDIT_CHECK(check_1_1_14, "1.1.14")
AUDIT_CHECK(check_1_1_15, "1.1.15")
AUDIT_CHECK(check_1_1_16, "1.1.16")
AUDIT_CHECK(check_1_1_17, "1.1.17")
AUDIT_CHECK(check_1_1_18, "1.1.18")

static void check_1_2_1(const struct target *t, const void *o,
			struct verdict *v)
{
	(void)o;
	verdict_manual(v,
		       "verify that the host (kernel %s, %s) runs only what "
		       "containers need and is hardened",
		       *t->daemon.kernel ? t->daemon.kernel : "unknown",
		       *t->daemon.os ? t->daemon.os : "unknown OS");
}

static void check_1_2_2(const struct target *t, const void *o,
			struct verdict *v)
{
	(void)o;
	verdict_manual(v,
		       "engine version %s (API %s); compare it with the "
		       "current Docker release and its security fixes",
		       *t->daemon.version ? t->daemon.version : "unknown",
		       *t->daemon.api_version ? t->daemon.api_version
					      : "unknown");
}

const struct rule_check section1_checks[] = {
    {"1.1.1", check_1_1_1},
    {"1.1.2", check_1_1_2},
    {"1.1.3", check_1_1_3},
    {"1.1.4", check_1_1_4},
    {"1.1.5", check_1_1_5},
    {"1.1.6", check_1_1_6},
    {"1.1.7", check_1_1_7},
    {"1.1.8", check_1_1_8},
    {"1.1.9", check_1_1_9},
    {"1.1.10", check_1_1_10},
    {"1.1.11", check_1_1_11},
    {"1.1.12", check_1_1_12},
    {"1.1.13", check_1_1_13},
    {"1.1.14", check_1_1_14},
    {"1.1.15", check_1_1_15},
    {"1.1.16", check_1_1_16},
    {"1.1.17", check_1_1_17},
    {"1.1.18", check_1_1_18},
    {"1.2.1", check_1_2_1},
    {"1.2.2", check_1_2_2},
    {NULL, NULL},
};
