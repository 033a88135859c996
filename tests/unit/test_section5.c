/*
 * Section 5 checks over inspect documents captured from a real engine
 * (tests/fixtures/inspect/capture.sh re-creates them). Where a case cannot
 * come from the engine as it is, a test edits one field of a captured
 * document, and a comment there names the edit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "model/normalize.h"
#include "rules/rule.h"
#include "util/arena.h"
#include "util/buf.h"

struct fixture {
	struct arena arena;
	struct target target;
	struct container c;
	struct buf evidence;
	struct verdict v;
};

static int fixture_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->target.name = "capture";
	f->target.endpoint = "unix:///var/run/docker.sock";
	f->target.daemon.swarm_state = "";
	f->target.daemon.seccomp_profile = "";
	*state = f;
	return 0;
}

static int fixture_teardown(void **state)
{
	struct fixture *f = *state;

	buf_clear(&f->evidence);
	arena_clear(&f->arena);
	free(f);
	return 0;
}

static json_t *load_json(const char *name)
{
	char path[512];
	json_error_t error;
	json_t *doc;

	snprintf(path, sizeof(path), "%s/inspect/%s.json", FIXTURES, name);
	doc = json_load_file(path, 0, &error);
	if (!doc)
		fail_msg("cannot load %s: %s (line %d)", path, error.text,
			 error.line);
	return doc;
}

static json_t *host_config(json_t *doc)
{
	return json_object_get(doc, "HostConfig");
}

/* Normalizes an inspect document, which the call takes over. */
static void use_document(struct fixture *f, json_t *doc)
{
	assert_int_equal(normalize_container(&f->arena, doc, &f->c), 0);
	json_decref(doc);
}

static void use_container(struct fixture *f, const char *name)
{
	use_document(f, load_json(name));
}

/* Fills the daemon facts from a captured /info reply. */
static void use_info_document(struct fixture *f, json_t *info)
{
	assert_int_equal(
	    normalize_daemon(&f->arena, NULL, info, &f->target.daemon), 0);
	f->target.daemon.info_status = PART_COLLECTED;
	json_decref(info);
}

static void use_info(struct fixture *f, const char *name)
{
	use_info_document(f, load_json(name));
}

/* The captured engine has neither AppArmor nor SELinux; this adds one to
 * /info's SecurityOptions as such an engine reports it. */
static void use_info_with(struct fixture *f, const char *option)
{
	json_t *info = load_json("info_inactive");

	json_array_append_new(json_object_get(info, "SecurityOptions"),
			      json_string(option));
	use_info_document(f, info);
}

static void use_top(struct fixture *f, const char *name)
{
	json_t *top = load_json(name);

	f->c.top_status = PART_COLLECTED;
	assert_int_equal(normalize_top(&f->arena, top, &f->c), 0);
	json_decref(top);
}

/* Adds exec inspect documents by name; NULL ends the list. */
static void use_execs(struct fixture *f, ...)
{
	json_t *execs = json_array();
	const char *name;
	va_list ap;

	va_start(ap, f);
	while ((name = va_arg(ap, const char *)))
		json_array_append_new(execs, load_json(name));
	va_end(ap);
	f->c.exec_status = PART_COLLECTED;
	assert_int_equal(normalize_execs(&f->arena, execs, &f->c), 0);
	json_decref(execs);
}

/* Runs the catalog's check for rule `id` on the loaded container. */
static enum status run_check(struct fixture *f, const char *id,
			     const void *object)
{
	const struct rule *r = rule_find(id);

	assert_non_null(r);
	assert_non_null(r->check);
	buf_reset(&f->evidence);
	memset(&f->v, 0, sizeof(f->v));
	f->v.evidence = &f->evidence;
	f->v.status = ST_COUNT;
	r->check(&f->target, object, &f->v);
	return f->v.status;
}

static enum status check(struct fixture *f, const char *id)
{
	return run_check(f, id, &f->c);
}

static void assert_status(struct fixture *f, const char *id,
			  enum status expected)
{
	enum status got = check(f, id);

	if (got != expected)
		fail_msg("%s: status %s, expected %s; evidence: %s", id,
			 status_name(got), status_name(expected),
			 buf_str(&f->evidence));
}

static void assert_evidence_has(struct fixture *f, const char *text)
{
	if (!strstr(buf_str(&f->evidence), text))
		fail_msg("evidence \"%s\" does not contain \"%s\"",
			 buf_str(&f->evidence), text);
}

static void assert_evidence_lacks(struct fixture *f, const char *text)
{
	if (strstr(buf_str(&f->evidence), text))
		fail_msg("evidence \"%s\" contains \"%s\"",
			 buf_str(&f->evidence), text);
}

/* Replaces Mounts[0].Source of a captured document. */
static json_t *with_mount_source(const char *name, const char *source)
{
	json_t *doc = load_json(name);
	json_t *mount = json_array_get(json_object_get(doc, "Mounts"), 0);

	assert_non_null(mount);
	json_object_set_new(mount, "Source", json_string(source));
	return doc;
}

/* 5.1 */

static void swarm_inactive_passes(void **state)
{
	struct fixture *f = *state;

	use_info(f, "info_inactive");
	assert_int_equal(run_check(f, "5.1", &f->target), ST_PASS);
	assert_evidence_has(f, "Swarm.LocalNodeState is inactive");
}

static void swarm_active_fails(void **state)
{
	struct fixture *f = *state;

	use_info(f, "info_swarm_active");
	assert_int_equal(run_check(f, "5.1", &f->target), ST_FAIL);
	assert_evidence_has(f, "Swarm.LocalNodeState is active");
	assert_evidence_has(f, "manager");
}

static void swarm_locked_fails(void **state)
{
	struct fixture *f = *state;
	json_t *info = load_json("info_swarm_active");

	/* A locked manager cannot be captured without restarting the
	 * engine with autolock; only the state field is changed. */
	json_object_set_new(json_object_get(info, "Swarm"), "LocalNodeState",
			    json_string("locked"));
	use_info_document(f, info);
	assert_int_equal(run_check(f, "5.1", &f->target), ST_FAIL);
	assert_evidence_has(f, "locked");
}

static void swarm_without_info_errors(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(run_check(f, "5.1", &f->target), ST_ERROR);
	assert_evidence_has(f, "/info was not collected");
}

/* 5.2 */

static void apparmor_off_not_applicable(void **state)
{
	struct fixture *f = *state;

	use_info(f, "info_inactive");
	use_container(f, "apparmor_unconfined");
	assert_status(f, "5.2", ST_NOT_APPLICABLE);
	assert_evidence_has(f, "AppArmor is not enabled");
}

static void apparmor_default_profile_passes(void **state)
{
	struct fixture *f = *state;
	json_t *doc = load_json("default");

	/* An AppArmor host writes the profile it applies into the document. */
	json_object_set_new(doc, "AppArmorProfile",
			    json_string("docker-default"));
	use_info_with(f, "name=apparmor");
	use_document(f, doc);
	assert_status(f, "5.2", ST_PASS);
	assert_evidence_has(f, "AppArmorProfile is docker-default");
}

static void apparmor_unconfined_fails(void **state)
{
	struct fixture *f = *state;
	json_t *doc = load_json("apparmor_unconfined");

	/* As an AppArmor host records --security-opt apparmor=unconfined. */
	json_object_set_new(doc, "AppArmorProfile", json_string("unconfined"));
	use_info_with(f, "name=apparmor");
	use_document(f, doc);
	assert_status(f, "5.2", ST_FAIL);
	assert_evidence_has(f, "AppArmorProfile is unconfined");
}

static void apparmor_empty_profile_fails(void **state)
{
	struct fixture *f = *state;

	use_info_with(f, "name=apparmor");
	use_container(f, "default");
	assert_status(f, "5.2", ST_FAIL);
	assert_evidence_has(f, "AppArmorProfile is empty");
}

static void apparmor_unknown_host_errors(void **state)
{
	struct fixture *f = *state;

	use_container(f, "default");
	assert_status(f, "5.2", ST_ERROR);
	assert_evidence_has(f, "/info was not collected");
}

/* 5.3 */

static void selinux_off_not_applicable(void **state)
{
	struct fixture *f = *state;

	use_info(f, "info_inactive");
	use_container(f, "label_type");
	assert_status(f, "5.3", ST_NOT_APPLICABLE);
	assert_evidence_has(f, "SELinux is not enabled");
}

static void selinux_label_type_passes(void **state)
{
	struct fixture *f = *state;

	use_info_with(f, "name=selinux");
	use_container(f, "label_type");
	assert_status(f, "5.3", ST_PASS);
	assert_evidence_has(f, "label=type:svirt_apache_t");
}

static void selinux_label_colon_passes(void **state)
{
	struct fixture *f = *state;

	use_info_with(f, "name=selinux");
	use_container(f, "label_colon");
	assert_status(f, "5.3", ST_PASS);
	assert_evidence_has(f, "label:level:s0:c100,c200");
}

static void selinux_no_label_fails(void **state)
{
	struct fixture *f = *state;

	use_info_with(f, "name=selinux");
	use_container(f, "default");
	assert_status(f, "5.3", ST_FAIL);
	assert_evidence_has(f, "no SELinux label option");
}

static void selinux_label_disable_fails(void **state)
{
	struct fixture *f = *state;

	use_info_with(f, "name=selinux");
	use_container(f, "label_disable");
	assert_status(f, "5.3", ST_FAIL);
	assert_evidence_has(f, "label=disable");
}

static void selinux_privileged_fails(void **state)
{
	struct fixture *f = *state;

	/* The engine itself records label=disable for --privileged. */
	use_info_with(f, "name=selinux");
	use_container(f, "privileged");
	assert_status(f, "5.3", ST_FAIL);
	assert_evidence_has(f, "label=disable");
	assert_evidence_has(f, "Privileged");
}

/* 5.4 */

static void caps_default_passes(void **state)
{
	struct fixture *f = *state;

	use_container(f, "default");
	assert_status(f, "5.4", ST_PASS);
	assert_evidence_has(f, "default capability set");
}

static void caps_added_admin_fails(void **state)
{
	struct fixture *f = *state;

	use_container(f, "cap_add_admin");
	assert_status(f, "5.4", ST_FAIL);
	assert_evidence_has(f, "SYS_ADMIN");
	assert_evidence_has(f, "NET_ADMIN");
	assert_int_equal(f->v.field, CF_CAP_ADD);
}

static void caps_sys_resource_fails(void **state)
{
	struct fixture *f = *state;

	use_container(f, "cap_add_resource");
	assert_status(f, "5.4", ST_FAIL);
	assert_evidence_has(f, "SYS_RESOURCE");
}

static void caps_default_members_pass(void **state)
{
	struct fixture *f = *state;

	/* Captured from --cap-add chown --cap-add cap_kill, which the
	 * engine stores as CAP_CHOWN and CAP_KILL. */
	use_container(f, "cap_add_default_lower");
	assert_status(f, "5.4", ST_PASS);
	assert_evidence_has(f, "CHOWN");
}

static void caps_bare_lowercase_names(void **state)
{
	struct fixture *f = *state;
	json_t *doc = load_json("cap_add_default_lower");

	/* Older engines and compose files keep names as typed: bare,
	 * lowercase or mixed. The engine here normalizes them, so the
	 * document is edited. */
	json_object_set_new(
	    host_config(doc), "CapAdd",
	    json_pack("[sss]", "chown", "Cap_Kill", "sys_ptrace"));
	use_document(f, doc);
	assert_status(f, "5.4", ST_FAIL);
	assert_evidence_has(f, "SYS_PTRACE");
	assert_evidence_lacks(f, "CHOWN");
	assert_evidence_lacks(f, "KILL");
}

static void caps_drop_all_add_chown_passes(void **state)
{
	struct fixture *f = *state;

	use_container(f, "cap_drop_all_add_chown");
	assert_status(f, "5.4", ST_PASS);
	assert_evidence_has(f, "CapDrop: ALL");
}

static void caps_drop_all_add_admin_fails(void **state)
{
	struct fixture *f = *state;
	json_t *doc = load_json("cap_drop_all_add_chown");

	/* Same shape as the capture, with a capability outside the default
	 * set, spelled in lowercase with the prefix. */
	json_object_set_new(host_config(doc), "CapAdd",
			    json_pack("[s]", "cap_sys_admin"));
	use_document(f, doc);
	assert_status(f, "5.4", ST_FAIL);
	assert_evidence_has(f, "SYS_ADMIN");
}

static void caps_add_all_fails(void **state)
{
	struct fixture *f = *state;

	/* 41 capabilities, minus the 14 of the default set, minus the
	 * dropped SYS_ADMIN. */
	use_container(f, "cap_add_all_drop_admin");
	assert_status(f, "5.4", ST_FAIL);
	assert_evidence_has(f, "CapAdd is ALL");
	assert_evidence_has(f, "26 capabilities");
	assert_evidence_has(f, "NET_ADMIN");
}

static void caps_add_all_lowercase_fails(void **state)
{
	struct fixture *f = *state;
	json_t *doc = load_json("cap_add_all_drop_admin");

	/* A compose file may spell ALL in lowercase. */
	json_object_set_new(host_config(doc), "CapAdd",
			    json_pack("[s]", "all"));
	json_object_set_new(host_config(doc), "CapDrop", json_null());
	use_document(f, doc);
	assert_status(f, "5.4", ST_FAIL);
	assert_evidence_has(f, "27 capabilities");
}

static void caps_drop_then_add_raw_passes(void **state)
{
	struct fixture *f = *state;

	use_container(f, "cap_drop_raw_add_raw");
	assert_status(f, "5.4", ST_PASS);
	assert_evidence_has(f, "NET_RAW");
}

static void caps_add_wins_over_drop(void **state)
{
	struct fixture *f = *state;

	use_container(f, "cap_drop_admin_add_admin");
	assert_status(f, "5.4", ST_FAIL);
	assert_evidence_has(f, "SYS_ADMIN");
}

static void caps_privileged_not_applicable(void **state)
{
	struct fixture *f = *state;

	use_container(f, "privileged");
	assert_status(f, "5.4", ST_NOT_APPLICABLE);
	assert_evidence_has(f, "HostConfig.Privileged is true");
	assert_evidence_has(f, "5.5");
}

/* 5.5 */

static void privileged_fails(void **state)
{
	struct fixture *f = *state;

	use_container(f, "privileged");
	assert_status(f, "5.5", ST_FAIL);
	assert_evidence_has(f, "HostConfig.Privileged is true");
	assert_int_equal(f->v.field, CF_PRIVILEGED);
}

static void unprivileged_passes(void **state)
{
	struct fixture *f = *state;

	use_container(f, "default");
	assert_status(f, "5.5", ST_PASS);
	assert_evidence_has(f, "HostConfig.Privileged is false");
}

/* 5.6 */

static void mount_etc_read_only_fails(void **state)
{
	struct fixture *f = *state;

	use_container(f, "mount_etc_ro");
	assert_status(f, "5.6", ST_FAIL);
	assert_evidence_has(f, "/etc at /host/etc (read-only)");
	assert_int_equal(f->v.field, CF_MOUNTS);
}

static void mount_etc_trailing_slash_fails(void **state)
{
	struct fixture *f = *state;

	/* Captured from -v /etc/:/host/etc. */
	use_container(f, "mount_etc_slash");
	assert_status(f, "5.6", ST_FAIL);
	assert_evidence_has(f, "/etc at /host/etc");
}

static void mount_etc_unclean_path_fails(void **state)
{
	struct fixture *f = *state;

	/* The engine cleans paths; a compose file need not, so the source
	 * is edited. */
	use_document(f, with_mount_source("mount_etc_slash", "//etc//./"));
	assert_status(f, "5.6", ST_FAIL);
	assert_evidence_has(f, "/etc at /host/etc");
}

static void mount_root_fails(void **state)
{
	struct fixture *f = *state;

	use_container(f, "mount_root");
	assert_status(f, "5.6", ST_FAIL);
	assert_evidence_has(f, "/ at /host (read-only)");
}

static void mount_below_proc_fails(void **state)
{
	struct fixture *f = *state;

	use_container(f, "mount_proc_sub");
	assert_status(f, "5.6", ST_FAIL);
	assert_evidence_has(f, "/proc/sys");
}

static void mount_etcetera_passes(void **state)
{
	struct fixture *f = *state;

	/* A bind of /etcetera needs that directory on the host, so the
	 * source is edited instead. */
	use_document(f, with_mount_source("mount_etc_ro", "/etcetera"));
	assert_status(f, "5.6", ST_PASS);
	assert_evidence_has(f, "/etcetera");
}

static void mount_dotdot_into_etc_fails(void **state)
{
	struct fixture *f = *state;

	use_document(f, with_mount_source("mount_srv", "/srv/../etc/ssh"));
	assert_status(f, "5.6", ST_FAIL);
	assert_evidence_has(f, "/etc/ssh");
}

static void mount_plain_directory_passes(void **state)
{
	struct fixture *f = *state;

	use_container(f, "mount_srv");
	assert_status(f, "5.6", ST_PASS);
	assert_evidence_has(f, "bind mounts:");
}

static void mount_volumes_pass(void **state)
{
	struct fixture *f = *state;

	/* A named volume, an anonymous one and a tmpfs. */
	use_container(f, "mount_volumes");
	assert_status(f, "5.6", ST_PASS);
	assert_evidence_has(f, "no bind mounts");
}

/* 5.7 */

static void sshd_process_fails(void **state)
{
	struct fixture *f = *state;

	use_container(f, "sshd");
	use_top(f, "top_sshd");
	assert_status(f, "5.7", ST_FAIL);
	assert_evidence_has(f, "/usr/sbin/sshd");
}

static void sshd_in_argument_passes(void **state)
{
	struct fixture *f = *state;

	/* tail -f /tmp/sshd.log: the name is only in an argument. */
	use_container(f, "sshd_argument");
	use_top(f, "top_sshd_argument");
	assert_status(f, "5.7", ST_PASS);
	assert_evidence_has(f, "no SSH server");
}

static void sshd_session_process_fails(void **state)
{
	struct fixture *f = *state;
	json_t *top = load_json("top_sshd");
	json_t *row = json_array_get(json_object_get(top, "Processes"), 0);

	/* sshd renames its session processes; the command is edited. */
	json_array_set_new(row, 7, json_string("sshd: root@pts/0"));
	use_container(f, "sshd");
	f->c.top_status = PART_COLLECTED;
	assert_int_equal(normalize_top(&f->arena, top, &f->c), 0);
	json_decref(top);
	assert_status(f, "5.7", ST_FAIL);
	assert_evidence_has(f, "sshd:");
}

static void sshd_top_not_collected_manual(void **state)
{
	struct fixture *f = *state;

	use_container(f, "sshd");
	f->c.top_status = PART_ABSENT;
	assert_status(f, "5.7", ST_MANUAL);
	assert_evidence_has(f, "not collected");
}

static void sshd_top_denied_errors(void **state)
{
	struct fixture *f = *state;

	use_container(f, "sshd");
	f->c.top_status = PART_DENIED;
	assert_status(f, "5.7", ST_ERROR);
	assert_evidence_has(f, "denied");
}

static void sshd_stopped_not_applicable(void **state)
{
	struct fixture *f = *state;

	use_container(f, "stopped");
	assert_status(f, "5.7", ST_NOT_APPLICABLE);
	assert_evidence_has(f, "not running");
	assert_evidence_has(f, "exited");
}

/* 5.8 */

static void port_1023_fails_1024_passes(void **state)
{
	struct fixture *f = *state;

	use_container(f, "ports_low");
	assert_status(f, "5.8", ST_FAIL);
	assert_evidence_has(f, "127.0.0.1:1023->80/tcp");
	assert_evidence_lacks(f, "1024->");
}

static void port_80_fails(void **state)
{
	struct fixture *f = *state;

	use_container(f, "ports_80");
	assert_status(f, "5.8", ST_FAIL);
	assert_evidence_has(f, ":80->80/tcp");
}

static void port_high_passes(void **state)
{
	struct fixture *f = *state;

	use_container(f, "ports_high");
	assert_status(f, "5.8", ST_PASS);
	assert_evidence_has(f, "127.0.0.1:15081->80/tcp");
}

static void port_engine_chosen_passes(void **state)
{
	struct fixture *f = *state;
	json_t *doc = load_json("ports_auto");

	/* Without NetworkSettings.Ports the requested binding (HostPort "")
	 * is read, as for a created container. */
	json_object_set_new(json_object_get(doc, "NetworkSettings"), "Ports",
			    json_object());
	use_document(f, doc);
	assert_status(f, "5.8", ST_PASS);
	assert_evidence_has(f, "engine chooses");
}

static void port_range_counts_lowest(void **state)
{
	struct fixture *f = *state;
	json_t *doc = load_json("ports_low");
	json_t *pb = json_object_get(host_config(doc), "PortBindings");

	/* The engine expands ranges; a compose file keeps them. */
	json_object_set_new(pb, "80/tcp",
			    json_pack("[{ssss}]", "HostIp", "127.0.0.1",
				      "HostPort", "1000-1100"));
	json_object_del(pb, "81/tcp");
	use_document(f, doc);
	assert_status(f, "5.8", ST_FAIL);
	assert_evidence_has(f, "1000-1100");
}

/* 5.9 */

static void published_ports_manual(void **state)
{
	struct fixture *f = *state;

	use_container(f, "ports_all");
	assert_status(f, "5.9", ST_MANUAL);
	assert_evidence_has(f, "15082->80/tcp");
}

static void no_published_ports_passes(void **state)
{
	struct fixture *f = *state;

	use_container(f, "default");
	assert_status(f, "5.9", ST_PASS);
	assert_evidence_has(f, "no ports are published");
}

static void host_network_ports_manual(void **state)
{
	struct fixture *f = *state;

	use_container(f, "net_host");
	assert_status(f, "5.9", ST_MANUAL);
	assert_evidence_has(f, "NetworkMode is host");
}

/* 5.10, 5.16, 5.17, 5.21, 5.31 */

static void host_namespaces_fail(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *fixture, *rule, *evidence;
	} cases[] = {
	    {"net_host", "5.10", "HostConfig.NetworkMode is host"},
	    {"pid_host", "5.16", "HostConfig.PidMode is host"},
	    {"ipc_host", "5.17", "HostConfig.IpcMode is host"},
	    {"uts_host", "5.21", "HostConfig.UTSMode is host"},
	    {"userns_host", "5.31", "HostConfig.UsernsMode is host"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		use_container(f, cases[i].fixture);
		assert_status(f, cases[i].rule, ST_FAIL);
		assert_evidence_has(f, cases[i].evidence);
	}
}

static void own_namespaces_pass(void **state)
{
	struct fixture *f = *state;
	static const char *const rules[] = {"5.10", "5.16", "5.17", "5.21",
					    "5.31"};

	use_container(f, "default");
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		assert_status(f, rules[i], ST_PASS);
		assert_evidence_lacks(f, "is host");
	}
	check(f, "5.17");
	assert_evidence_has(f, "IpcMode is private");
}

static void userns_without_remap_noted(void **state)
{
	struct fixture *f = *state;

	use_info(f, "info_inactive");
	use_container(f, "default");
	assert_status(f, "5.31", ST_PASS);
	assert_evidence_has(f, "without userns-remap");
}

/* 5.11 */

static void memory_limit_passes(void **state)
{
	struct fixture *f = *state;

	use_container(f, "memory_256m");
	assert_status(f, "5.11", ST_PASS);
	assert_evidence_has(f, "268435456 bytes, 256 MiB");
}

static void memory_reservation_only_fails(void **state)
{
	struct fixture *f = *state;

	use_container(f, "memory_reservation");
	assert_status(f, "5.11", ST_FAIL);
	assert_evidence_has(f, "HostConfig.Memory is 0");
	assert_evidence_has(f, "MemoryReservation 67108864 bytes");
}

static void memory_unlimited_fails(void **state)
{
	struct fixture *f = *state;

	use_container(f, "default");
	assert_status(f, "5.11", ST_FAIL);
	assert_evidence_has(f, "unlimited");
}

/* 5.12 */

static void cpu_default_weight_fails(void **state)
{
	struct fixture *f = *state;

	use_container(f, "default");
	assert_status(f, "5.12", ST_FAIL);
	assert_evidence_has(f, "CpuShares is 0");
	use_container(f, "cpu_shares_1024");
	assert_status(f, "5.12", ST_FAIL);
	assert_evidence_has(f, "CpuShares is 1024");
}

static void cpu_controls_pass(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *fixture, *evidence;
	} cases[] = {
	    {"cpu_shares_512", "CpuShares is 512"},
	    {"cpu_nano", "NanoCpus is 500000000"},
	    {"cpu_set", "CpusetCpus is 0"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		use_container(f, cases[i].fixture);
		assert_status(f, "5.12", ST_PASS);
		assert_evidence_has(f, cases[i].evidence);
	}
}

static void cpu_quota_passes(void **state)
{
	struct fixture *f = *state;

	use_container(f, "cpu_quota");
	assert_status(f, "5.12", ST_PASS);
	assert_evidence_has(f, "CpuQuota is 50000");
}

/* 5.13 */

static void read_only_rootfs_passes(void **state)
{
	struct fixture *f = *state;

	use_container(f, "read_only");
	assert_status(f, "5.13", ST_PASS);
	assert_evidence_has(f, "ReadonlyRootfs is true");
	use_container(f, "default");
	assert_status(f, "5.13", ST_FAIL);
	assert_evidence_has(f, "ReadonlyRootfs is false");
}

/* 5.14 */

static void port_every_interface_fails(void **state)
{
	struct fixture *f = *state;

	use_container(f, "ports_all");
	assert_status(f, "5.14", ST_FAIL);
	assert_evidence_has(f, "0.0.0.0:15082->80/tcp");
	assert_evidence_has(f, "[::]:15082->80/tcp");
}

static void port_empty_host_ip_fails(void **state)
{
	struct fixture *f = *state;

	/* A created container keeps HostIp "" from -p 80:80. */
	use_container(f, "ports_80");
	assert_status(f, "5.14", ST_FAIL);
	assert_evidence_has(f, "*:80->80/tcp");
}

static void port_one_address_passes(void **state)
{
	struct fixture *f = *state;

	use_container(f, "ports_high");
	assert_status(f, "5.14", ST_PASS);
	assert_evidence_has(f, "127.0.0.1:15081");
}

/* 5.15 */

static void restart_policies(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *fixture;
		enum status status;
		const char *evidence;
	} cases[] = {
	    {"restart_always", ST_FAIL, "always"},
	    {"restart_unless", ST_FAIL, "unless-stopped"},
	    {"restart_onfail", ST_FAIL, "MaximumRetryCount 0 (unlimited)"},
	    {"restart_onfail5", ST_PASS, "MaximumRetryCount 5"},
	    {"restart_onfail6", ST_FAIL, "MaximumRetryCount 6"},
	    {"restart_no", ST_PASS, "Name is no"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		use_container(f, cases[i].fixture);
		assert_status(f, "5.15", cases[i].status);
		assert_evidence_has(f, cases[i].evidence);
	}
}

static void restart_empty_passes(void **state)
{
	struct fixture *f = *state;
	json_t *doc = load_json("restart_no");

	/* Older engines and compose files leave the name empty. */
	json_object_set_new(json_object_get(host_config(doc), "RestartPolicy"),
			    "Name", json_string(""));
	use_document(f, doc);
	assert_status(f, "5.15", ST_PASS);
	assert_evidence_has(f, "empty");
}

/* 5.18 */

static void device_mapped_fails(void **state)
{
	struct fixture *f = *state;

	use_container(f, "device_zero");
	assert_status(f, "5.18", ST_FAIL);
	assert_evidence_has(f, "/dev/zero at /dev/xzero (rwm)");
	use_container(f, "default");
	assert_status(f, "5.18", ST_PASS);
	assert_evidence_has(f, "Devices is empty");
}

/* 5.19 */

static void ulimit_override_manual(void **state)
{
	struct fixture *f = *state;

	use_container(f, "ulimit_nofile");
	assert_status(f, "5.19", ST_MANUAL);
	assert_evidence_has(f, "nofile=1024:2048");
	use_container(f, "default");
	assert_status(f, "5.19", ST_PASS);
	assert_evidence_has(f, "Ulimits is empty");
}

/* 5.20 */

static void propagation_shared_fails(void **state)
{
	struct fixture *f = *state;

	use_container(f, "mount_propagation");
	assert_status(f, "5.20", ST_FAIL);
	assert_evidence_has(f, "rshared");
	use_container(f, "mount_srv");
	assert_status(f, "5.20", ST_PASS);
}

/* 5.22 */

static void seccomp_unconfined_fails(void **state)
{
	struct fixture *f = *state;

	use_info(f, "info_inactive");
	use_container(f, "seccomp_unconfined");
	assert_status(f, "5.22", ST_FAIL);
	assert_evidence_has(f, "seccomp=unconfined");
}

static void seccomp_colon_unconfined_fails(void **state)
{
	struct fixture *f = *state;
	json_t *doc = load_json("seccomp_unconfined");

	/* The old separator, as compose files still write it. */
	json_object_set_new(host_config(doc), "SecurityOpt",
			    json_pack("[s]", "seccomp:unconfined"));
	use_info(f, "info_inactive");
	use_document(f, doc);
	assert_status(f, "5.22", ST_FAIL);
	assert_evidence_has(f, "unconfined");
}

static void seccomp_default_passes(void **state)
{
	struct fixture *f = *state;

	use_info(f, "info_inactive");
	use_container(f, "default");
	assert_status(f, "5.22", ST_PASS);
	assert_evidence_has(f, "default profile");
}

static void seccomp_allow_profile_manual(void **state)
{
	struct fixture *f = *state;

	use_info(f, "info_inactive");
	use_container(f, "seccomp_allow");
	assert_status(f, "5.22", ST_MANUAL);
	assert_evidence_has(f, "SCMP_ACT_ALLOW");
}

static void seccomp_privileged_not_applicable(void **state)
{
	struct fixture *f = *state;

	use_container(f, "privileged");
	assert_status(f, "5.22", ST_NOT_APPLICABLE);
	assert_evidence_has(f, "5.5");
}

/* 5.23, 5.24 */

static void exec_privileged_fails(void **state)
{
	struct fixture *f = *state;
	json_t *exec = load_json("exec_privileged");
	char id[13];

	snprintf(id, sizeof(id), "%s",
		 json_string_value(json_object_get(exec, "ID")));
	json_decref(exec);
	use_container(f, "exec_target");
	use_execs(f, "exec_privileged", "exec_root", NULL);
	assert_status(f, "5.23", ST_FAIL);
	assert_evidence_has(f, id);
	assert_evidence_has(f, "privileged");
}

static void exec_unprivileged_passes(void **state)
{
	struct fixture *f = *state;

	use_container(f, "exec_target");
	use_execs(f, "exec_root", "exec_user_1000", NULL);
	assert_status(f, "5.23", ST_PASS);
	assert_evidence_has(f, "none privileged");
}

static void exec_none_passes_and_defers(void **state)
{
	struct fixture *f = *state;

	use_container(f, "default");
	f->c.exec_status = PART_COLLECTED;
	assert_status(f, "5.23", ST_PASS);
	assert_evidence_has(f, "no exec sessions running at collection time");
	assert_status(f, "5.24", ST_MANUAL);
	assert_evidence_has(f, "watch");
}

static void exec_root_fails(void **state)
{
	struct fixture *f = *state;

	/* No user in the exec, and the container runs as root. */
	use_container(f, "exec_target");
	use_execs(f, "exec_root", NULL);
	assert_status(f, "5.24", ST_FAIL);
	assert_evidence_has(f, "the container's user root");
}

static void exec_root_ids_fails(void **state)
{
	struct fixture *f = *state;

	use_container(f, "exec_target");
	use_execs(f, "exec_root_ids", NULL);
	assert_status(f, "5.24", ST_FAIL);
	assert_evidence_has(f, "as 0:0");
}

static void exec_as_named_root_fails(void **state)
{
	struct fixture *f = *state;
	json_t *execs = json_array();
	json_t *exec = load_json("exec_user_default");

	/* --user root:root, on a container that runs as 1000. */
	json_object_set_new(json_object_get(exec, "ProcessConfig"), "user",
			    json_string("root:root"));
	json_array_append_new(execs, exec);
	use_container(f, "exec_target_user");
	f->c.exec_status = PART_COLLECTED;
	assert_int_equal(normalize_execs(&f->arena, execs, &f->c), 0);
	json_decref(execs);
	assert_status(f, "5.24", ST_FAIL);
	assert_evidence_has(f, "as root:root");
}

static void exec_non_root_passes(void **state)
{
	struct fixture *f = *state;

	use_container(f, "exec_target");
	use_execs(f, "exec_user_1000", NULL);
	assert_status(f, "5.24", ST_PASS);
	assert_evidence_has(f, "none as root");
	/* The engine copies the container's user 1000 into the exec. */
	use_container(f, "exec_target_user");
	use_execs(f, "exec_user_default", NULL);
	assert_status(f, "5.24", ST_PASS);
}

static void exec_denied_errors(void **state)
{
	struct fixture *f = *state;

	use_container(f, "exec_target");
	f->c.exec_status = PART_DENIED;
	assert_status(f, "5.23", ST_ERROR);
	assert_status(f, "5.24", ST_ERROR);
	assert_evidence_has(f, "denied");
}

/* 5.25 */

static void cgroup_parent_fails(void **state)
{
	struct fixture *f = *state;

	use_container(f, "cgroup_parent");
	assert_status(f, "5.25", ST_FAIL);
	assert_evidence_has(f, "CgroupParent is /swtest");
	use_container(f, "default");
	assert_status(f, "5.25", ST_PASS);
}

/* 5.26 */

static void no_new_privileges_spellings(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *fixture;
		enum status status;
		const char *evidence;
	} cases[] = {
	    {"nnp_bare", ST_PASS, "sets no-new-privileges"},
	    {"nnp_equals_true", ST_PASS, "no-new-privileges=true"},
	    {"nnp_colon_true", ST_PASS, "no-new-privileges:true"},
	    {"nnp_colon_false", ST_FAIL, "no-new-privileges:false"},
	    {"nnp_equals_false", ST_FAIL, "no-new-privileges=false"},
	    {"default", ST_FAIL, "does not set no-new-privileges"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		use_container(f, cases[i].fixture);
		assert_status(f, "5.26", cases[i].status);
		assert_evidence_has(f, cases[i].evidence);
	}
}

static void no_new_privileges_daemon_default(void **state)
{
	struct fixture *f = *state;
	struct daemon_setting setting = {
	    .name = "no-new-privileges",
	    .value = "true",
	    .source = "/etc/docker/daemon.json",
	};

	f->target.daemon.settings = &setting;
	f->target.daemon.n_settings = 1;
	use_container(f, "default");
	assert_status(f, "5.26", ST_PASS);
	assert_evidence_has(f, "/etc/docker/daemon.json");
	/* An explicit false in the container overrides the daemon. */
	use_container(f, "nnp_equals_false");
	assert_status(f, "5.26", ST_FAIL);
	f->target.daemon.settings = NULL;
	f->target.daemon.n_settings = 0;
}

/* 5.27 */

static void health_check_passes(void **state)
{
	struct fixture *f = *state;

	use_container(f, "health_cmd");
	assert_status(f, "5.27", ST_PASS);
	assert_evidence_has(f, "CMD-SHELL");
	assert_evidence_has(f, "State.Health.Status is");
}

static void health_none_fails(void **state)
{
	struct fixture *f = *state;

	use_container(f, "health_none");
	assert_status(f, "5.27", ST_FAIL);
	assert_evidence_has(f, "NONE");
	use_container(f, "default");
	assert_status(f, "5.27", ST_FAIL);
	assert_evidence_has(f, "not set");
}

/* 5.28 */

static void image_reference_manual(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *fixture, *evidence;
	} cases[] = {
	    {"image_untagged", "swtest (untagged, so it means latest)"},
	    {"image_latest", "swtest:latest (the latest tag)"},
	    {"default", "swtest:1.0 (a fixed tag)"},
	    {"image_by_id", "(an image ID, not a tag)"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		use_container(f, cases[i].fixture);
		assert_status(f, "5.28", ST_MANUAL);
		assert_evidence_has(f, cases[i].evidence);
	}
}

/* 5.29 */

static void pids_limit_set_passes(void **state)
{
	struct fixture *f = *state;

	use_container(f, "pids_100");
	assert_status(f, "5.29", ST_PASS);
	assert_evidence_has(f, "PidsLimit is 100");
}

static void pids_limit_unlimited_fails(void **state)
{
	struct fixture *f = *state;
	static const int64_t limits[] = {-1, 0};

	/* --pids-limit -1 is stored as null by this engine, like no limit. */
	use_container(f, "pids_unlimited");
	assert_status(f, "5.29", ST_FAIL);
	assert_evidence_has(f, "not set");
	/* Older engines store -1 and 0 as given, so the field is edited. */
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		json_t *doc = load_json("pids_100");
		char text[32];

		json_object_set_new(host_config(doc), "PidsLimit",
				    json_integer(limits[i]));
		use_document(f, doc);
		assert_status(f, "5.29", ST_FAIL);
		snprintf(text, sizeof(text), "PidsLimit is %lld",
			 (long long)limits[i]);
		assert_evidence_has(f, text);
	}
}

/* 5.30 */

static void default_bridge_fails(void **state)
{
	struct fixture *f = *state;

	use_container(f, "default");
	assert_status(f, "5.30", ST_FAIL);
	assert_evidence_has(f, "NetworkMode is default");
}

static void bridge_by_name_fails(void **state)
{
	struct fixture *f = *state;
	json_t *doc = load_json("default");

	/* docker run --network bridge records the mode by that name. */
	json_object_set_new(host_config(doc), "NetworkMode",
			    json_string("bridge"));
	use_document(f, doc);
	assert_status(f, "5.30", ST_FAIL);
	assert_evidence_has(f, "NetworkMode is bridge");
}

static void other_networks_pass(void **state)
{
	struct fixture *f = *state;
	static const char *const fixtures[] = {"net_custom", "net_none",
					       "net_host"};

	for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		use_container(f, fixtures[i]);
		assert_status(f, "5.30", ST_PASS);
		assert_evidence_lacks(f, "bridge");
	}
}

/* 5.32 */

static void socket_mount_fails(void **state)
{
	struct fixture *f = *state;

	/* The capture mounts its own engine's socket read-only. */
	use_container(f, "mount_socket");
	assert_status(f, "5.32", ST_FAIL);
	assert_evidence_has(f, "docker.sock at /var/run/docker.sock "
			       "(read-only)");
}

static void socket_paths_fail(void **state)
{
	struct fixture *f = *state;
	/* Sources edited into the captured socket mount: paths this machine
	 * has no engine at. */
	static const char *const sources[] = {
	    "/var/run/docker.sock",
	    "/run/docker.sock",
	    "/run/user/1000/docker.sock",
	    "/run/containerd/containerd.sock",
	    "/run/podman/podman.sock",
	    "/var/run/",
	    "/run/containerd",
	    "/run/user/1000",
	    "//run",
	};

	for (size_t i = 0; i < sizeof(sources) / sizeof(sources[0]); i++) {
		use_document(f, with_mount_source("mount_socket", sources[i]));
		assert_status(f, "5.32", ST_FAIL);
		assert_evidence_has(f, "at /var/run/docker.sock");
	}
}

static void socket_run_directory_fails(void **state)
{
	struct fixture *f = *state;

	use_container(f, "mount_run");
	assert_status(f, "5.32", ST_FAIL);
	assert_evidence_has(f, "/run at /host/run");
	use_container(f, "mount_root");
	assert_status(f, "5.32", ST_FAIL);
}

static void socket_engine_directory_fails(void **state)
{
	struct fixture *f = *state;
	json_t *doc = load_json("mount_socket_dir");
	json_t *mount = json_array_get(json_object_get(doc, "Mounts"), 0);
	char endpoint[512];

	/* The capture mounts the directory that contains its engine's socket;
	 * reached through that socket, the target's endpoint names it. */
	snprintf(endpoint, sizeof(endpoint), "unix://%s/docker.sock",
		 json_string_value(json_object_get(mount, "Source")));
	use_document(f, doc);
	assert_status(f, "5.32", ST_PASS);
	f->target.endpoint = endpoint;
	assert_status(f, "5.32", ST_FAIL);
	assert_evidence_has(f, "at /engine (read-only)");
}

static void socket_other_mounts_pass(void **state)
{
	struct fixture *f = *state;
	static const char *const fixtures[] = {"mount_srv", "mount_etc_ro",
					       "mount_volumes", "default"};

	for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		use_container(f, fixtures[i]);
		assert_status(f, "5.32", ST_PASS);
		assert_evidence_has(f, "no mount binds an engine socket");
	}
	use_document(f,
		     with_mount_source("mount_socket", "/srv/docker.socket"));
	assert_status(f, "5.32", ST_PASS);
}

/* Objects from files: the origin is set by hand on a captured document,
 * because the compose normalizer is not under test here. */

static void file_apparmor_from_options(void **state)
{
	struct fixture *f = *state;

	use_container(f, "apparmor_unconfined");
	f->c.origin = ORIGIN_COMPOSE;
	assert_status(f, "5.2", ST_FAIL);
	assert_evidence_has(f, "apparmor=unconfined");
	/* Without an option, docker-default applies only on a host that
	 * runs AppArmor, which the file does not tell. */
	use_container(f, "default");
	f->c.origin = ORIGIN_COMPOSE;
	assert_status(f, "5.2", ST_MANUAL);
	assert_evidence_has(f, "docker-default");
}

static void file_runtime_rules_not_decided(void **state)
{
	struct fixture *f = *state;

	use_container(f, "default");
	f->c.origin = ORIGIN_COMPOSE;
	assert_status(f, "5.7", ST_MANUAL);
	assert_status(f, "5.23", ST_NOT_APPLICABLE);
	assert_evidence_has(f, "no exec sessions");
	assert_status(f, "5.27", ST_MANUAL);
	assert_evidence_has(f, "swtest:1.0");
}

static void every_section5_rule_has_a_check(void **state)
{
	char id[8];

	(void)state;
	for (int i = 1; i <= 32; i++) {
		const struct rule *r;

		snprintf(id, sizeof(id), "5.%d", i);
		r = rule_find(id);
		assert_non_null(r);
		if (!r->check)
			fail_msg("rule %s has no check", id);
	}
}

#define T(name)                                                                \
	cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_section5_rule_has_a_check),
	    T(swarm_inactive_passes),
	    T(swarm_active_fails),
	    T(swarm_locked_fails),
	    T(swarm_without_info_errors),
	    T(apparmor_off_not_applicable),
	    T(apparmor_default_profile_passes),
	    T(apparmor_unconfined_fails),
	    T(apparmor_empty_profile_fails),
	    T(apparmor_unknown_host_errors),
	    T(selinux_off_not_applicable),
	    T(selinux_label_type_passes),
	    T(selinux_label_colon_passes),
	    T(selinux_no_label_fails),
	    T(selinux_label_disable_fails),
	    T(selinux_privileged_fails),
	    T(caps_default_passes),
	    T(caps_added_admin_fails),
	    T(caps_sys_resource_fails),
	    T(caps_default_members_pass),
	    T(caps_bare_lowercase_names),
	    T(caps_drop_all_add_chown_passes),
	    T(caps_drop_all_add_admin_fails),
	    T(caps_add_all_fails),
	    T(caps_add_all_lowercase_fails),
	    T(caps_drop_then_add_raw_passes),
	    T(caps_add_wins_over_drop),
	    T(caps_privileged_not_applicable),
	    T(privileged_fails),
	    T(unprivileged_passes),
	    T(mount_etc_read_only_fails),
	    T(mount_etc_trailing_slash_fails),
	    T(mount_etc_unclean_path_fails),
	    T(mount_root_fails),
	    T(mount_below_proc_fails),
	    T(mount_etcetera_passes),
	    T(mount_dotdot_into_etc_fails),
	    T(mount_plain_directory_passes),
	    T(mount_volumes_pass),
	    T(sshd_process_fails),
	    T(sshd_in_argument_passes),
	    T(sshd_session_process_fails),
	    T(sshd_top_not_collected_manual),
	    T(sshd_top_denied_errors),
	    T(sshd_stopped_not_applicable),
	    T(port_1023_fails_1024_passes),
	    T(port_80_fails),
	    T(port_high_passes),
	    T(port_engine_chosen_passes),
	    T(port_range_counts_lowest),
	    T(published_ports_manual),
	    T(no_published_ports_passes),
	    T(host_network_ports_manual),
	    T(host_namespaces_fail),
	    T(own_namespaces_pass),
	    T(userns_without_remap_noted),
	    T(memory_limit_passes),
	    T(memory_reservation_only_fails),
	    T(memory_unlimited_fails),
	    T(cpu_default_weight_fails),
	    T(cpu_controls_pass),
	    T(cpu_quota_passes),
	    T(read_only_rootfs_passes),
	    T(port_every_interface_fails),
	    T(port_empty_host_ip_fails),
	    T(port_one_address_passes),
	    T(restart_policies),
	    T(restart_empty_passes),
	    T(device_mapped_fails),
	    T(ulimit_override_manual),
	    T(propagation_shared_fails),
	    T(seccomp_unconfined_fails),
	    T(seccomp_colon_unconfined_fails),
	    T(seccomp_default_passes),
	    T(seccomp_allow_profile_manual),
	    T(seccomp_privileged_not_applicable),
	    T(exec_privileged_fails),
	    T(exec_unprivileged_passes),
	    T(exec_none_passes_and_defers),
	    T(exec_root_fails),
	    T(exec_root_ids_fails),
	    T(exec_as_named_root_fails),
	    T(exec_non_root_passes),
	    T(exec_denied_errors),
	    T(cgroup_parent_fails),
	    T(no_new_privileges_spellings),
	    T(no_new_privileges_daemon_default),
	    T(health_check_passes),
	    T(health_none_fails),
	    T(image_reference_manual),
	    T(pids_limit_set_passes),
	    T(pids_limit_unlimited_fails),
	    T(default_bridge_fails),
	    T(bridge_by_name_fails),
	    T(other_networks_pass),
	    T(socket_mount_fails),
	    T(socket_paths_fail),
	    T(socket_run_directory_fails),
	    T(socket_engine_directory_fails),
	    T(socket_other_mounts_pass),
	    T(file_apparmor_from_options),
	    T(file_runtime_rules_not_decided),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
