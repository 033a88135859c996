/*
 * Section 5 checks on kernel confinement: AppArmor (5.2), SELinux (5.3),
 * capabilities (5.4), privileged mode (5.5), seccomp (5.22) and
 * no-new-privileges (5.26).
 */
#include <jansson.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "rules/section5.h"
#include "util/strutil.h"

/* Whether the host's MAC module is on, off, or not known. */
enum mac_state { MAC_UNKNOWN, MAC_OFF, MAC_ON };

static enum mac_state daemon_mac(const struct target *t, bool enabled)
{
	if (t->daemon.info_status != PART_COLLECTED)
		return MAC_UNKNOWN;
	return enabled ? MAC_ON : MAC_OFF;
}

/*
 * The engine stores the profile it applies in AppArmorProfile whenever the
 * host has AppArmor: the requested one, "unconfined" for privileged
 * containers, "docker-default" otherwise. A file only has its options.
 */
static void check_apparmor_file(const struct container *c, struct verdict *v)
{
	const char *opt = container_secopt(c, "apparmor", NULL);

	if (c->privileged)
		verdict_fail(
		    v, CF_PRIVILEGED,
		    "HostConfig.Privileged is true, so the engine runs "
		    "the container unconfined by AppArmor");
	else if (opt && (str_eq(opt, "unconfined") || !*opt))
		verdict_fail(v, CF_SECURITY_OPT,
			     "HostConfig.SecurityOpt sets apparmor=%s", opt);
	else if (opt)
		verdict_pass(v, CF_SECURITY_OPT,
			     "HostConfig.SecurityOpt sets apparmor=%s", opt);
	else
		/* docker-default applies only where the host runs AppArmor,
		 * which a file cannot tell. */
		verdict_manual(
		    v, "security_opt sets no apparmor option, so the engine "
		       "applies docker-default on AppArmor hosts; whether the "
		       "host that runs it enforces AppArmor is not known");
}

void check_5_2(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;
	const char *profile = c->apparmor_profile;

	if (container_from_file(c)) {
		check_apparmor_file(c, v);
		return;
	}
	switch (daemon_mac(t, t->daemon.apparmor)) {
	case MAC_OFF:
		verdict_na(v, "AppArmor is not enabled on this host (/info "
			      "SecurityOptions has no name=apparmor)");
		return;
	case MAC_UNKNOWN:
		if (!*profile) {
			verdict_error(v, "AppArmorProfile is empty and /info "
					 "was not collected, so whether the "
					 "host has AppArmor is not known");
			return;
		}
		break;
	case MAC_ON:
		break;
	}
	if (!*profile)
		verdict_fail(v, CF_SECURITY_OPT,
			     "AppArmorProfile is empty although AppArmor is "
			     "enabled on this host");
	else if (str_eq(profile, "unconfined"))
		verdict_fail(v, c->privileged ? CF_PRIVILEGED : CF_SECURITY_OPT,
			     "AppArmorProfile is unconfined%s",
			     c->privileged ? " (HostConfig.Privileged is true)"
					   : "");
	else
		verdict_pass(v, CF_SECURITY_OPT, "AppArmorProfile is %s",
			     profile);
}

/* The SELinux label options the engine accepts besides "disable". */
static bool label_sets_context(const char *value)
{
	static const char *const kinds[] = {
	    "user:", "role:", "type:", "level:", "filetype:"};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (str_starts_with(value, kinds[i]))
			return true;
	return false;
}

void check_5_3(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;
	enum mac_state mac = daemon_mac(t, t->daemon.selinux);
	struct evidence_list labels;
	bool disabled = false;

	if (mac == MAC_OFF) {
		verdict_na(v, "SELinux is not enabled in the engine (/info "
			      "SecurityOptions has no name=selinux)");
		return;
	}

	evidence_list_init(&labels);
	for (size_t i = 0; i < c->security_opt.n; i++) {
		const char *opt = c->security_opt.v[i];
		struct secopt o;

		secopt_parse(opt, &o);
		/* "disable" alone is the engine's short form of label=disable.
		 */
		if (str_eq(opt, "disable") ||
		    (secopt_key_is(&o, "label") && str_eq(o.value, "disable")))
			disabled = true;
		else if (secopt_key_is(&o, "label") && o.value &&
			 label_sets_context(o.value))
			evidence_list_add(&labels, "%s", opt);
	}

	if (disabled)
		verdict_fail(v, c->privileged ? CF_PRIVILEGED : CF_SECURITY_OPT,
			     "HostConfig.SecurityOpt sets label=disable%s",
			     c->privileged ? " (HostConfig.Privileged is true)"
					   : "");
	else if (labels.n)
		verdict_pass(v, CF_SECURITY_OPT,
			     "HostConfig.SecurityOpt sets %s",
			     evidence_list_str(&labels));
	else if (mac == MAC_UNKNOWN && container_from_file(c))
		verdict_set(
		    v, ST_MANUAL, CF_SECURITY_OPT,
		    "security_opt sets no SELinux label option; whether "
		    "the host that runs it enforces SELinux is not "
		    "known");
	else if (mac == MAC_UNKNOWN)
		verdict_error(v,
			      "HostConfig.SecurityOpt sets no SELinux label "
			      "option and /info was not collected, so whether "
			      "the engine enforces SELinux is not known");
	else
		verdict_fail(
		    v, CF_SECURITY_OPT,
		    "HostConfig.SecurityOpt sets no SELinux label option "
		    "(label=type:..., label=level:...) although SELinux "
		    "is enabled in the engine");
	evidence_list_clear(&labels);
}

/* Linux capabilities by number, as the engine names them without CAP_. */
static const char *const cap_names[] = {
    "CHOWN",
    "DAC_OVERRIDE",
    "DAC_READ_SEARCH",
    "FOWNER",
    "FSETID",
    "KILL",
    "SETGID",
    "SETUID",
    "SETPCAP",
    "LINUX_IMMUTABLE",
    "NET_BIND_SERVICE",
    "NET_BROADCAST",
    "NET_ADMIN",
    "NET_RAW",
    "IPC_LOCK",
    "IPC_OWNER",
    "SYS_MODULE",
    "SYS_RAWIO",
    "SYS_CHROOT",
    "SYS_PTRACE",
    "SYS_PACCT",
    "SYS_ADMIN",
    "SYS_BOOT",
    "SYS_NICE",
    "SYS_RESOURCE",
    "SYS_TIME",
    "SYS_TTY_CONFIG",
    "MKNOD",
    "LEASE",
    "AUDIT_WRITE",
    "AUDIT_CONTROL",
    "SETFCAP",
    "MAC_OVERRIDE",
    "MAC_ADMIN",
    "SYSLOG",
    "WAKE_ALARM",
    "BLOCK_SUSPEND",
    "AUDIT_READ",
    "PERFMON",
    "BPF",
    "CHECKPOINT_RESTORE",
};

#define CAP_COUNT    (sizeof(cap_names) / sizeof(cap_names[0]))
#define CAP_BIT(n)   ((uint64_t)1 << (n))
#define CAP_ALL_MASK (CAP_BIT(CAP_COUNT) - 1)

/* The engine's default set, as Docker's security documentation lists it:
 * CHOWN, DAC_OVERRIDE, FSETID, FOWNER, MKNOD, NET_RAW, SETGID, SETUID,
 * SETFCAP, SETPCAP, NET_BIND_SERVICE, SYS_CHROOT, KILL and AUDIT_WRITE. */
static const uint64_t cap_default_mask =
    CAP_BIT(0) | CAP_BIT(1) | CAP_BIT(4) | CAP_BIT(3) | CAP_BIT(27) |
    CAP_BIT(13) | CAP_BIT(6) | CAP_BIT(7) | CAP_BIT(31) | CAP_BIT(8) |
    CAP_BIT(10) | CAP_BIT(18) | CAP_BIT(5) | CAP_BIT(29);

/* Strips a "CAP_" prefix in any case, as the engine does. */
static const char *cap_bare(const char *name)
{
	return strncasecmp(name, "CAP_", 4) == 0 ? name + 4 : name;
}

/* Returns the capability number, -1 for ALL and -2 for an unknown name. */
static int cap_lookup(const char *name)
{
	const char *bare = cap_bare(name);

	if (strcasecmp(bare, "ALL") == 0)
		return -1;
	for (size_t i = 0; i < CAP_COUNT; i++)
		if (strcasecmp(bare, cap_names[i]) == 0)
			return (int)i;
	return -2;
}

static bool caps_contain_all(const struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (cap_lookup(l->v[i]) == -1)
			return true;
	return false;
}

static uint64_t caps_mask(const struct strlist *l)
{
	uint64_t mask = 0;

	for (size_t i = 0; i < l->n; i++) {
		int n = cap_lookup(l->v[i]);

		if (n >= 0)
			mask |= CAP_BIT(n);
	}
	return mask;
}

/*
 * Computes the effective set as moby's TweakCapabilities does. CapAdd ALL
 * grants every capability not in CapDrop. Otherwise CapDrop ALL leaves only
 * CapAdd. Otherwise the set is the default minus CapDrop plus CapAdd, so a
 * capability in both lists is kept.
 * NOTE: the engine's ALL is every capability the host kernel knows; this
 * counts the 41 of Linux 5.9 and later.
 */
static uint64_t caps_effective(const struct container *c)
{
	if (caps_contain_all(&c->cap_add))
		return CAP_ALL_MASK & ~caps_mask(&c->cap_drop);
	if (caps_contain_all(&c->cap_drop))
		return caps_mask(&c->cap_add);
	return (cap_default_mask & ~caps_mask(&c->cap_drop)) |
	       caps_mask(&c->cap_add);
}

/* Adds the names of a capability list to an evidence list. */
static void caps_describe(struct evidence_list *l, const struct strlist *caps)
{
	for (size_t i = 0; i < caps->n; i++) {
		int n = cap_lookup(caps->v[i]);

		evidence_list_add(l, "%s",
				  n >= 0 ? cap_names[n] : cap_bare(caps->v[i]));
	}
}

/* Lists the capabilities beyond the default set, in CapAdd order unless
 * CapAdd is ALL. Names the engine does not know count as extra, because a
 * newer engine or kernel may grant them. */
static void caps_extra(const struct container *c, uint64_t extra,
		       struct evidence_list *l)
{
	if (caps_contain_all(&c->cap_add)) {
		for (size_t i = 0; i < CAP_COUNT; i++)
			if (extra & CAP_BIT(i))
				evidence_list_add(l, "%s", cap_names[i]);
		return;
	}
	for (size_t i = 0; i < c->cap_add.n; i++) {
		int n = cap_lookup(c->cap_add.v[i]);

		if (n == -2) {
			evidence_list_add(l, "%s (unknown)",
					  cap_bare(c->cap_add.v[i]));
		} else if (n >= 0 && (extra & CAP_BIT(n))) {
			evidence_list_add(l, "%s", cap_names[n]);
			extra &= ~CAP_BIT(n);
		}
	}
}

void check_5_4(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;
	uint64_t extra;
	struct evidence_list names, adds, drops;

	(void)t;
	if (c->privileged) {
		verdict_na(v, "HostConfig.Privileged is true, so the container "
			      "has every capability; rule 5.5 covers "
			      "privileged containers");
		return;
	}

	evidence_list_init(&names);
	evidence_list_init(&adds);
	evidence_list_init(&drops);
	extra = caps_effective(c) & ~cap_default_mask;
	caps_extra(c, extra, &names);
	caps_describe(&adds, &c->cap_add);
	caps_describe(&drops, &c->cap_drop);

	if (names.n && caps_contain_all(&c->cap_add))
		verdict_fail(v, CF_CAP_ADD,
			     "HostConfig.CapAdd is ALL, which adds %zu "
			     "capabilities beyond the default set: %s",
			     names.n, evidence_list_str(&names));
	else if (names.n)
		verdict_fail(v, CF_CAP_ADD,
			     "HostConfig.CapAdd adds %s beyond the default set",
			     evidence_list_str(&names));
	else if (!c->cap_add.n && !c->cap_drop.n)
		verdict_pass(v, CF_CAP_ADD,
			     "HostConfig.CapAdd and CapDrop are empty, so the "
			     "engine's default capability set applies");
	else
		verdict_pass(
		    v, CF_CAP_ADD,
		    "no capability beyond the default set (CapAdd: %s; "
		    "CapDrop: %s)",
		    adds.n ? evidence_list_str(&adds) : "none",
		    drops.n ? evidence_list_str(&drops) : "none");
	evidence_list_clear(&names);
	evidence_list_clear(&adds);
	evidence_list_clear(&drops);
}

void check_5_5(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;

	(void)t;
	if (c->privileged)
		verdict_fail(v, CF_PRIVILEGED, "HostConfig.Privileged is true");
	else
		verdict_pass(v, CF_PRIVILEGED,
			     "HostConfig.Privileged is false");
}

/*
 * Judges a custom seccomp profile, read as dockerd reads it. The engine
 * stores the profile's JSON in the option; a compose file names the
 * profile's path instead, which lint does not read.
 */
static void check_seccomp_profile(const struct container *c,
				  const char *profile, struct verdict *v)
{
	struct seccomp_profile p;
	const char *action;
	int rc;

	profile += strspn(profile, " \t\r\n");
	if (profile[0] != '{') {
		if (container_from_file(c))
			verdict_set(v, ST_MANUAL, CF_SECURITY_OPT,
				    "security_opt sets the seccomp profile %s; "
				    "check that its defaultAction is not "
				    "SCMP_ACT_ALLOW",
				    profile);
		else
			verdict_error(v,
				      "HostConfig.SecurityOpt sets a seccomp "
				      "profile that is not a JSON object");
		return;
	}
	rc = seccomp_profile_read(profile, &p);
	action = buf_str(&p.default_action);
	if (rc)
		verdict_error(v,
			      "HostConfig.SecurityOpt sets a seccomp profile "
			      "that dockerd cannot read (invalid JSON, or "
			      "defaultAction or syscalls of the wrong type)");
	else if (!p.default_action_set && !p.rules)
		/* dockerd 20.10 starts such a container with no filter at all
		 * (/proc/1/status shows Seccomp: 0). */
		verdict_fail(
		    v, CF_SECURITY_OPT,
		    "HostConfig.SecurityOpt sets a seccomp profile "
		    "with no defaultAction and no syscall rules, which "
		    "the engine applies as no filter at all");
	else if (!p.default_action_set)
		verdict_error(v,
			      "HostConfig.SecurityOpt sets a seccomp profile "
			      "with no defaultAction (syscall rules: %zu)",
			      p.rules);
	else if (seccomp_action_allows(action) && !p.blocking_rules)
		verdict_fail(v, CF_SECURITY_OPT,
			     "HostConfig.SecurityOpt sets a custom seccomp "
			     "profile whose defaultAction is %s and no syscall "
			     "rule blocks anything (syscall rules: %zu), so "
			     "every syscall is allowed",
			     action, p.rules);
	else if (seccomp_action_allows(action))
		verdict_set(
		    v, ST_MANUAL, CF_SECURITY_OPT,
		    "HostConfig.SecurityOpt sets a custom seccomp "
		    "profile whose defaultAction is %s (syscall rules: "
		    "%zu, blocking: %zu); check that it blocks what the "
		    "default profile blocks",
		    action, p.rules, p.blocking_rules);
	else
		verdict_pass(v, CF_SECURITY_OPT,
			     "HostConfig.SecurityOpt sets a custom seccomp "
			     "profile whose defaultAction is %s",
			     action);
	seccomp_profile_clear(&p);
}

void check_5_22(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;
	const char *profile = container_secopt(c, "seccomp", NULL);
	const struct daemon *d = &t->daemon;

	if (c->privileged) {
		verdict_na(v, "HostConfig.Privileged is true, which also turns "
			      "seccomp off; rule 5.5 covers privileged "
			      "containers");
		return;
	}
	if (!container_from_file(c) && d->info_status == PART_COLLECTED &&
	    !d->seccomp) {
		verdict_na(v, "the engine has no seccomp support (/info "
			      "SecurityOptions has no name=seccomp)");
		return;
	}
	if (profile && str_eq(profile, "unconfined"))
		verdict_fail(v, CF_SECURITY_OPT,
			     "HostConfig.SecurityOpt sets seccomp=unconfined");
	else if (profile && str_eq(profile, "builtin"))
		verdict_pass(v, CF_SECURITY_OPT,
			     "HostConfig.SecurityOpt sets seccomp=builtin, the "
			     "engine's default profile");
	else if (profile && *profile)
		check_seccomp_profile(c, profile, v);
	else if (!container_from_file(c) &&
		 str_eq(d->seccomp_profile, "unconfined"))
		verdict_fail(
		    v, CF_SECURITY_OPT,
		    "HostConfig.SecurityOpt sets no seccomp profile and "
		    "the daemon's default profile is unconfined (/info "
		    "SecurityOptions)");
	else
		verdict_pass(
		    v, CF_SECURITY_OPT,
		    "HostConfig.SecurityOpt sets no seccomp option, so "
		    "the engine's default profile applies");
}

/* Returns the daemon's no-new-privileges setting, or NULL. */
static const struct daemon_setting *daemon_nnp(const struct daemon *d)
{
	for (size_t i = 0; i < d->n_settings; i++)
		if (str_eq(d->settings[i].name, "no-new-privileges"))
			return &d->settings[i];
	return NULL;
}

/* Parses a boolean as Go's strconv.ParseBool does; -1 when invalid. */
static int parse_go_bool(const char *s)
{
	static const char *const yes[] = {"1",	  "t",	  "T",
					  "TRUE", "true", "True"};
	static const char *const no[] = {"0",	  "f",	   "F",
					 "FALSE", "false", "False"};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (str_eq(s, yes[i]))
			return 1;
		if (str_eq(s, no[i]))
			return 0;
	}
	return -1;
}

void check_5_26(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;
	const char *raw = NULL;
	const char *value = container_secopt(c, "no-new-privileges", &raw);
	const struct daemon_setting *daemon = daemon_nnp(&t->daemon);
	int on;

	if (!value) {
		/* The daemon's default applies when the container sets none. */
		if (daemon && !container_from_file(c) &&
		    str_eq(daemon->value, "true"))
			verdict_pass(v, CF_SECURITY_OPT,
				     "HostConfig.SecurityOpt does not set "
				     "no-new-privileges, and the daemon sets "
				     "no-new-privileges true (%s)",
				     daemon->source);
		else
			verdict_fail(v, CF_SECURITY_OPT,
				     "HostConfig.SecurityOpt does not set "
				     "no-new-privileges");
		return;
	}
	/* A bare option means true; a value is read as Go's ParseBool. */
	on = str_eq(raw, "no-new-privileges") ? 1 : parse_go_bool(value);
	if (on < 0)
		verdict_error(v,
			      "HostConfig.SecurityOpt sets %s, which is not "
			      "a boolean",
			      raw);
	else if (on)
		verdict_pass(v, CF_SECURITY_OPT,
			     "HostConfig.SecurityOpt sets %s", raw);
	else
		verdict_fail(v, CF_SECURITY_OPT,
			     "HostConfig.SecurityOpt sets %s", raw);
}
