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
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "collect/host_reader.h"
#include "model/host.h"
#include "model/normalize.h"
#include "model/snapshot.h"
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

/* Cases a hostile review found. The documents come from
 * capture_nobridge.sh, whose engine runs without a default bridge. */

/* Loads the named documents as the target's containers, which rules that
 * follow "container:ID" search; NULL ends the list. */
static void use_target_containers(struct fixture *f, ...)
{
	const char *names[16];
	size_t n = 0;
	va_list ap;

	va_start(ap, f);
	while (n < 16 && (names[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	f->target.containers =
	    arena_calloc(&f->arena, n, sizeof(*f->target.containers));
	assert_non_null(f->target.containers);
	for (size_t i = 0; i < n; i++) {
		json_t *doc = load_json(names[i]);

		assert_int_equal(normalize_container(&f->arena, doc,
						     &f->target.containers[i]),
				 0);
		json_decref(doc);
	}
	f->target.n_containers = n;
}

/* Runs rule `id` on the target's container `index`. */
static enum status check_member(struct fixture *f, const char *id, size_t index)
{
	return run_check(f, id, &f->target.containers[index]);
}

static void assert_member_status(struct fixture *f, const char *id,
				 size_t index, enum status expected)
{
	enum status got = check_member(f, id, index);

	if (got != expected)
		fail_msg("%s on %s: status %s, expected %s; evidence: %s", id,
			 f->target.containers[index].name, status_name(got),
			 status_name(expected), buf_str(&f->evidence));
}

/* 5.7: a container that stopped between its inspection and /top. */

static void sshd_top_gone_not_applicable(void **state)
{
	struct fixture *f = *state;

	/* Collection records a /top that returned 404 or 409 as not
	 * present, while the inspection still shows the container running. */
	use_container(f, "sshd");
	f->c.top_status = PART_NOT_PRESENT;
	assert_status(f, "5.7", ST_NOT_APPLICABLE);
	assert_evidence_has(f, "stopped before its processes could be listed");
}

/* 5.30 on an engine started with --bridge=none. */

static void bridge_none_running_passes(void **state)
{
	struct fixture *f = *state;

	use_container(f, "net_bridge_none");
	assert_status(f, "5.30", ST_PASS);
	assert_evidence_has(f, "not attached to the default bridge");
	/* The bridge entry had an empty NetworkID: no attachment. */
	assert_int_equal(f->c.networks.n, 0);
}

static void bridge_none_created_needs_networks(void **state)
{
	struct fixture *f = *state;
	json_t *networks = load_json("networks_bridge_none");
	size_t i;
	json_t *doc;

	/* Without the network list a created container's mode decides. */
	use_container(f, "net_bridge_none_created");
	assert_status(f, "5.30", ST_FAIL);
	f->target.networks = arena_calloc(&f->arena, json_array_size(networks),
					  sizeof(*f->target.networks));
	json_array_foreach(networks, i, doc) normalize_network(
	    &f->arena, doc, &f->target.networks[f->target.n_networks++]);
	json_decref(networks);
	f->target.networks_status = PART_COLLECTED;
	assert_status(f, "5.30", ST_PASS);
	assert_evidence_has(f, "no default bridge network");
}

static void bridge_engine_still_fails(void **state)
{
	struct fixture *f = *state;

	/* The capture.sh engine has a bridge; its container is attached. */
	use_container(f, "default");
	assert_status(f, "5.30", ST_FAIL);
	assert_int_equal(f->c.networks.n, 1);
}

/* 5.14: every spelling of "every interface". */

static void port_zero_spellings_fail(void **state)
{
	struct fixture *f = *state;
	static const char *const fixtures[] = {
	    "ports_v6_zero",	    /* "::0" */
	    "ports_v6_long_zero",   /* "0:0:0:0:0:0:0:0" */
	    "ports_v4_mapped_zero", /* "::ffff:0.0.0.0" */
	    "ports_zero_padded",    /* "000.000.000.000", through the API */
	};

	for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		use_container(f, fixtures[i]);
		assert_status(f, "5.14", ST_FAIL);
		assert_evidence_has(f, "every host interface");
	}
}

/* Replaces PortBindings["80/tcp"][0].HostIp of a captured document. */
static json_t *with_host_ip(const char *name, const char *ip)
{
	json_t *doc = load_json(name);
	json_t *binding = json_array_get(
	    json_object_get(json_object_get(host_config(doc), "PortBindings"),
			    "80/tcp"),
	    0);

	assert_non_null(binding);
	json_object_set_new(binding, "HostIp", json_string(ip));
	return doc;
}

static void port_host_ip_forms(void **state)
{
	struct fixture *f = *state;
	/* Edited: the CLI drops brackets and rejects the invalid forms, but
	 * the API stores HostIp as sent. */
	static const struct {
		const char *ip;
		enum status status;
	} cases[] = {
	    {"[::0]", ST_FAIL},
	    {"[::]", ST_FAIL},
	    {"::", ST_FAIL},
	    {"0.0.0.0", ST_FAIL},
	    {"::0.0.0.0", ST_FAIL},
	    {"[::ffff:0.0.0.0]", ST_FAIL},
	    {"127.0.0.1", ST_PASS},
	    {"::1", ST_PASS},
	    {"[::1]", ST_PASS},
	    {"::ffff:127.0.0.1", ST_PASS},
	    {"localhost", ST_ERROR},
	    {"127.000.000.001", ST_ERROR},
	    {"0.0.0.0.0", ST_ERROR},
	    {"[::0", ST_ERROR},
	    {"fe80::1%eth0", ST_ERROR},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		use_document(f, with_host_ip("ports_v6_zero", cases[i].ip));
		if (check(f, "5.14") != cases[i].status)
			fail_msg("HostIp '%s': status %s, expected %s; %s",
				 cases[i].ip, status_name(f->v.status),
				 status_name(cases[i].status),
				 buf_str(&f->evidence));
	}
}

/* 5.22: profiles as dockerd's Go decoder reads them. */

static void seccomp_allowing_profiles_fail(void **state)
{
	struct fixture *f = *state;

	use_info(f, "info_inactive");
	/* The last of two defaultAction keys wins: SCMP_ACT_ALLOW. */
	use_container(f, "seccomp_dup_key");
	assert_status(f, "5.22", ST_FAIL);
	assert_evidence_has(f, "SCMP_ACT_ALLOW");
	/* "DefaultAction" sets defaultAction. */
	use_container(f, "seccomp_key_case");
	assert_status(f, "5.22", ST_FAIL);
	assert_evidence_has(f, "every syscall is allowed");
	/* No defaultAction and no rules: the engine applies no filter. */
	use_container(f, "seccomp_no_action");
	assert_status(f, "5.22", ST_FAIL);
	assert_evidence_has(f, "no filter at all");
}

/* Replaces the seccomp option of a captured document with `opt`. */
static json_t *with_security_opt(const char *name, const char *opt)
{
	json_t *doc = load_json(name);
	json_t *opts = json_array();

	json_array_append_new(opts, json_string(opt));
	json_object_set_new(host_config(doc), "SecurityOpt", opts);
	return doc;
}

static void seccomp_profile_forms(void **state)
{
	struct fixture *f = *state;
	/* Edited: the engine rejects or never stores most of these, but a
	 * snapshot can hold them. */
	static const struct {
		const char *opt;
		enum status status;
	} cases[] = {
	    {"seccomp={\"defaultAction\":\"SCMP_ACT_ERRNO\"}", ST_PASS},
	    /* null leaves the earlier value. */
	    {"seccomp={\"defaultAction\":\"SCMP_ACT_ERRNO\","
	     "\"defaultAction\":null}",
	     ST_PASS},
	    {"seccomp={\"DEFAULTACTION\":\"SCMP_ACT_ERRNO\","
	     "\"defaultaction\":\"SCMP_ACT_LOG\"}",
	     ST_FAIL},
	    {"seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":"
	     "[{\"names\":[\"reboot\"],\"action\":\"SCMP_ACT_ERRNO\"}]}",
	     ST_MANUAL},
	    /* A later action key of a rule wins, in any case. */
	    {"seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":"
	     "[{\"names\":[\"reboot\"],\"action\":\"SCMP_ACT_ERRNO\","
	     "\"Action\":\"SCMP_ACT_ALLOW\"}]}",
	     ST_FAIL},
	    /* A later "syscalls" replaces the earlier list. */
	    {"seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":"
	     "[{\"names\":[\"reboot\"],\"action\":\"SCMP_ACT_ERRNO\"}],"
	     "\"syscalls\":[]}",
	     ST_FAIL},
	    /* Go folds U+017F (long s) to s: this is "syscalls". */
	    {"seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\","
	     "\"\xc5\xbfyscalls\":[{\"names\":[\"reboot\"],"
	     "\"action\":\"SCMP_ACT_ERRNO\"}]}",
	     ST_MANUAL},
	    {"seccomp= {\"defaultAction\":\"SCMP_ACT_KILL\"}", ST_PASS},
	    {"seccomp={\"defaultAction\":", ST_ERROR},
	    {"seccomp={\"defaultAction\":7}", ST_ERROR},
	    {"seccomp=[]", ST_ERROR},
	    {"seccomp=/etc/docker/seccomp.json", ST_ERROR},
	    {"seccomp={\"syscalls\":[{\"names\":[\"reboot\"],"
	     "\"action\":\"SCMP_ACT_ERRNO\"}]}",
	     ST_ERROR},
	    {"seccomp=builtin", ST_PASS},
	};

	use_info(f, "info_inactive");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		use_document(f, with_security_opt("default", cases[i].opt));
		if (check(f, "5.22") != cases[i].status)
			fail_msg("%s: status %s, expected %s; %s", cases[i].opt,
				 status_name(f->v.status),
				 status_name(cases[i].status),
				 buf_str(&f->evidence));
	}
}

static void seccomp_file_path_manual(void **state)
{
	struct fixture *f = *state;

	/* A compose file names the profile's path, which lint does not
	 * read; the origin is set by hand. */
	use_document(
	    f, with_security_opt("default", "seccomp=./profiles/app.json"));
	f->c.origin = ORIGIN_COMPOSE;
	assert_status(f, "5.22", ST_MANUAL);
	assert_evidence_has(f, "./profiles/app.json");
}

/* 5.10, 5.16, 5.17: namespaces joined from another container. */

static void joined_host_namespaces_fail(void **state)
{
	struct fixture *f = *state;
	static const char *const rules[] = {"5.10", "5.16", "5.17"};

	use_target_containers(f, "ns_host_all", "ns_join", "ns_chain", NULL);
	for (size_t i = 0; i < 3; i++) {
		assert_member_status(f, rules[i], 0, ST_FAIL);
		assert_member_status(f, rules[i], 1, ST_FAIL);
		assert_evidence_has(f, "ns_join joins ns_host_all (");
		assert_evidence_has(f, "is host");
		assert_member_status(f, rules[i], 2, ST_FAIL);
		assert_evidence_has(f, "ns_chain joins ns_join (");
		assert_evidence_has(f, "which joins ns_host_all (");
	}
}

static void joined_own_namespaces_pass(void **state)
{
	struct fixture *f = *state;

	use_target_containers(f, "ns_share", "ns_join_private", NULL);
	assert_member_status(f, "5.16", 1, ST_PASS);
	assert_evidence_has(f, "ns_join_private joins ns_share (");
	assert_member_status(f, "5.17", 1, ST_PASS);
	assert_evidence_has(f, "IpcMode is shareable");
	assert_member_status(f, "5.10", 1, ST_PASS);
	assert_evidence_has(f, "NetworkMode is default");
}

static void joined_missing_container_errors(void **state)
{
	struct fixture *f = *state;

	/* The container joined was not collected (a scan without --all). */
	use_target_containers(f, "ns_join", NULL);
	assert_member_status(f, "5.16", 0, ST_ERROR);
	assert_evidence_has(f, "names no assessed container");
	assert_evidence_has(f, "--all");
}

static void joined_by_name_and_prefix(void **state)
{
	struct fixture *f = *state;
	struct container *join;
	char prefix[32];

	use_target_containers(f, "ns_host_all", "ns_join", NULL);
	join = &f->target.containers[1];
	/* Edited: the API stores "container:NAME" or a short ID as sent. */
	join->pid_mode = "container:ns_host_all";
	assert_member_status(f, "5.16", 1, ST_FAIL);
	snprintf(prefix, sizeof(prefix), "container:%.6s",
		 f->target.containers[0].id);
	join->pid_mode = prefix;
	assert_member_status(f, "5.16", 1, ST_FAIL);
}

static void joined_loop_errors(void **state)
{
	struct fixture *f = *state;
	char mode[80];

	use_target_containers(f, "ns_host_all", "ns_join", "ns_chain", NULL);
	/* Edited: the engine cannot make a loop, a snapshot can. */
	snprintf(mode, sizeof(mode), "container:%s",
		 f->target.containers[2].id);
	f->target.containers[0].pid_mode = mode;
	assert_member_status(f, "5.16", 1, ST_ERROR);
	assert_evidence_has(f, "comes back");
	assert_member_status(f, "5.16", 2, ST_ERROR);
}

static void joined_compose_service(void **state)
{
	struct fixture *f = *state;

	/* Origins and modes set by hand: compose services named "db" and
	 * "web", web joining db's PID namespace. */
	use_target_containers(f, "pid_host", "default", NULL);
	for (size_t i = 0; i < 2; i++)
		f->target.containers[i].origin = ORIGIN_COMPOSE;
	f->target.containers[0].id = "db";
	f->target.containers[0].name = "db";
	f->target.containers[1].id = "web";
	f->target.containers[1].name = "web";
	f->target.containers[1].pid_mode = "service:db";
	assert_member_status(f, "5.16", 1, ST_FAIL);
	assert_evidence_has(f, "web joins db, whose");
	f->target.containers[1].pid_mode = "container:legacy";
	assert_member_status(f, "5.16", 1, ST_MANUAL);
}

static void joined_bridge_network_fails(void **state)
{
	struct fixture *f = *state;
	char mode[80];

	/* Edited: ns_join (from the engine without a bridge) joins the
	 * network of default (captured where the bridge exists). */
	use_target_containers(f, "default", "ns_join", NULL);
	snprintf(mode, sizeof(mode), "container:%s",
		 f->target.containers[0].id);
	f->target.containers[1].network_mode = mode;
	assert_member_status(f, "5.30", 1, ST_FAIL);
	assert_evidence_has(f, "ns_join joins default (");
	assert_evidence_has(f, "whose HostConfig.NetworkMode is default");
	f->target.containers[0].network_mode = "swnet5";
	f->target.containers[0].networks.n = 0;
	assert_member_status(f, "5.30", 1, ST_PASS);
}

/* 5.18: device cgroup rules. */

static void device_rules(void **state)
{
	struct fixture *f = *state;

	use_container(f, "device_rule_all");
	assert_status(f, "5.18", ST_FAIL);
	assert_evidence_has(f, "'a *:* rwm' (every device)");
	use_container(f, "device_rule_one");
	assert_status(f, "5.18", ST_FAIL);
	assert_evidence_has(f, "'c 1:3 rw'");
	use_container(f, "device_rule_mknod");
	assert_status(f, "5.18", ST_PASS);
	assert_evidence_has(f, "only allow creating device nodes");
}

static void device_rule_forms(void **state)
{
	struct fixture *f = *state;
	/* Edited into the captured rule: the CLI validates rules, the API
	 * does not. */
	static const struct {
		const char *rule;
		enum status status;
	} cases[] = {
	    {"b 8:* rw", ST_FAIL},   {"c *:* rwm", ST_FAIL},
	    {"b 8:0 r", ST_FAIL},    {"a 1:1 m", ST_PASS},
	    {"x 1:3 rw", ST_ERROR},  {"c 1:3", ST_ERROR},
	    {"c 1:3 rwx", ST_ERROR}, {"c a:3 rw", ST_ERROR},
	    {"", ST_ERROR},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *doc = load_json("device_rule_all");
		json_t *rules = json_array();

		json_array_append_new(rules, json_string(cases[i].rule));
		json_object_set_new(host_config(doc), "DeviceCgroupRules",
				    rules);
		use_document(f, doc);
		if (check(f, "5.18") != cases[i].status)
			fail_msg("rule '%s': status %s, expected %s; %s",
				 cases[i].rule, status_name(f->v.status),
				 status_name(cases[i].status),
				 buf_str(&f->evidence));
	}
}

/* 5.6, 5.32: local volumes with driver options. */

/* Applies GET /volumes/{name} documents to the loaded container. */
static void use_volumes(struct fixture *f, const char *name)
{
	json_t *volumes = json_array();

	json_array_append_new(volumes, load_json(name));
	f->target.containers = &f->c;
	f->target.n_containers = 1;
	assert_int_equal(normalize_volumes(&f->arena, volumes, &f->target), 0);
	f->target.containers = NULL;
	f->target.n_containers = 0;
	f->target.volumes_status = PART_COLLECTED;
	json_decref(volumes);
}

static void volume_bind_of_etc_fails(void **state)
{
	struct fixture *f = *state;

	use_container(f, "volume_bind_etc");
	assert_status(f, "5.6", ST_PASS);
	assert_evidence_has(f, "local volumes not inspected");
	assert_evidence_has(f, "etcvol");
	use_volumes(f, "volume_etcvol");
	assert_status(f, "5.6", ST_FAIL);
	assert_evidence_has(f, "volume etcvol (bind of /etc) at /e");
}

static void volume_plain_passes(void **state)
{
	struct fixture *f = *state;

	use_container(f, "volume_plain");
	use_volumes(f, "volume_plainvol");
	assert_status(f, "5.6", ST_PASS);
	assert_evidence_lacks(f, "not inspected");
	assert_status(f, "5.32", ST_PASS);
}

static void volume_device_forms(void **state)
{
	struct fixture *f = *state;
	/* Edited into the captured volume's options. */
	static const struct {
		const char *type, *o, *device, *rule;
		enum status status;
	} cases[] = {
	    {"none", "rbind,ro", "/etc/ssl", "5.6", ST_FAIL},
	    {"ext4", "", "/dev/sda1", "5.6", ST_FAIL},
	    {"nfs", "addr=10.0.0.1", ":/export", "5.6", ST_PASS},
	    {"none", "bind", "/srv/data", "5.6", ST_PASS},
	    {"none", "bind", "/run", "5.32", ST_FAIL},
	    {"none", "bind", "/srv/run", "5.32", ST_PASS},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *volumes = json_array();
		json_t *doc = load_json("volume_etcvol");
		json_t *opts = json_object_get(doc, "Options");

		json_object_set_new(opts, "type", json_string(cases[i].type));
		json_object_set_new(opts, "o", json_string(cases[i].o));
		json_object_set_new(opts, "device",
				    json_string(cases[i].device));
		json_array_append_new(volumes, doc);
		use_container(f, "volume_bind_etc");
		f->target.containers = &f->c;
		f->target.n_containers = 1;
		assert_int_equal(
		    normalize_volumes(&f->arena, volumes, &f->target), 0);
		f->target.containers = NULL;
		f->target.n_containers = 0;
		json_decref(volumes);
		if (check(f, cases[i].rule) != cases[i].status)
			fail_msg("%s: type=%s o=%s device=%s: status %s; %s",
				 cases[i].rule, cases[i].type, cases[i].o,
				 cases[i].device, status_name(f->v.status),
				 buf_str(&f->evidence));
	}
}

/* 5.6, 5.32: bind sources resolved on the host. */

/* Returns the directory of Mounts[0].Source, the capture's temporary one. */
static void capture_dir(const char *name, char *out, size_t size)
{
	json_t *doc = load_json(name);
	const char *source = json_string_value(json_object_get(
	    json_array_get(json_object_get(doc, "Mounts"), 0), "Source"));
	const char *slash;

	assert_non_null(source);
	slash = strrchr(source, '/');
	assert_non_null(slash);
	snprintf(out, size, "%.*s", (int)(slash - source), source);
	json_decref(doc);
}

static void make_path(const char *root, const char *path, bool dir)
{
	char full[1024], cmd[2200];
	FILE *fp;

	snprintf(full, sizeof(full), "%s%s", root, path);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", full);
	if (!dir) {
		char *slash = strrchr(full, '/');

		*slash = '\0';
		snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", full);
		*slash = '/';
	}
	assert_int_equal(system(cmd), 0);
	if (dir)
		return;
	fp = fopen(full, "w");
	assert_non_null(fp);
	fclose(fp);
}

static void make_link(const char *root, const char *path, const char *to)
{
	char full[1024];

	snprintf(full, sizeof(full), "%s%s", root, path);
	assert_int_equal(symlink(to, full), 0);
}

/*
 * Builds a host root with the paths the captured documents name, the
 * symlinks as the capture made them and /bin -> usr/bin as on merged-/usr
 * Debian, resolves the bind sources of `docs` (inspect documents) in it
 * as host collection does, and stores the result as the target's host
 * facts. `dir` receives the capture's temporary directory.
 */
static void use_host_root(struct fixture *f, char *root, size_t size,
			  const char *dir, json_t *docs)
{
	char path[600], to[600];
	json_t *containers = json_array(), *host = json_object(), *target;
	struct buf err = BUF_INIT;
	struct host_reader r;
	struct host_facts *h;
	size_t i;
	json_t *doc;

	snprintf(root, size, "/tmp/sw5rootXXXXXX");
	assert_non_null(mkdtemp(root));
	snprintf(to, sizeof(to), "%s/docker.sock", dir);
	make_path(root, to, false);
	snprintf(path, sizeof(path), "%s/sl", dir);
	make_link(root, path, to);
	snprintf(path, sizeof(path), "%s/etclink", dir);
	make_link(root, path, "/etc");
	/* A relative link that climbs past the root stops at the root. */
	snprintf(path, sizeof(path), "%s/up", dir);
	make_link(root, path, "../../../../../../../../etc");
	make_path(root, "/etc/passwd", false);
	make_path(root, "/usr/bin", true);
	make_link(root, "/bin", "usr/bin");

	json_array_foreach(docs, i, doc) json_array_append_new(
	    containers, json_pack("{s:O}", "inspect", doc));
	target = json_pack("{s:s, s:o}", "endpoint", f->target.endpoint,
			   "containers",
			   snapshot_part(PART_COLLECTED, containers, NULL));
	assert_non_null(target);
	assert_int_equal(host_reader_local(root, &r, &err), 0);
	assert_int_equal(host_binds_collect(&r, target, NULL, host), 0);
	r.close(&r);
	h = arena_calloc(&f->arena, 1, sizeof(*h));
	assert_non_null(h);
	assert_int_equal(host_binds_load(&f->arena, host, h), 0);
	f->target.host = h;
	json_decref(target);
	json_decref(host);
	json_decref(docs);
	buf_clear(&err);
}

static void remove_root(const char *root)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

static void symlinked_binds_fail_with_host(void **state)
{
	struct fixture *f = *state;
	char root[64], dir[512], up[600], text[1200];
	json_t *docs = json_array();

	capture_dir("mount_symlink_socket", dir, sizeof(dir));
	snprintf(up, sizeof(up), "%s/up", dir);
	json_array_append_new(docs, load_json("mount_symlink_socket"));
	json_array_append_new(docs, load_json("mount_symlink_etc"));
	json_array_append_new(docs, load_json("mount_bin"));
	/* Edited: a link that climbs out of the root, as the engine could
	 * mount but this machine should not. */
	json_array_append_new(docs, with_mount_source("mount_symlink_etc", up));
	json_array_append_new(docs,
			      with_mount_source("mount_symlink_etc", dir));
	use_host_root(f, root, sizeof(root), dir, docs);

	use_container(f, "mount_symlink_socket");
	assert_status(f, "5.32", ST_FAIL);
	snprintf(text, sizeof(text),
		 "%s/sl (resolves to %s/docker.sock) at "
		 "/run/x.sock",
		 dir, dir);
	assert_evidence_has(f, text);
	use_container(f, "mount_symlink_etc");
	assert_status(f, "5.6", ST_FAIL);
	assert_evidence_has(f, "etclink (resolves to /etc) at /e");
	use_container(f, "mount_bin");
	assert_status(f, "5.6", ST_FAIL);
	assert_evidence_has(f, "/bin (resolves to /usr/bin) at /hb");
	use_document(f, with_mount_source("mount_symlink_etc", up));
	assert_status(f, "5.6", ST_FAIL);
	assert_evidence_has(f, "up (resolves to /etc) at /e");
	/* A plain directory resolves to itself and passes with no note. */
	use_document(f, with_mount_source("mount_symlink_etc", dir));
	assert_status(f, "5.6", ST_PASS);
	assert_evidence_lacks(f, "resolves to");
	assert_evidence_lacks(f, "not resolved");
	remove_root(root);
}

static void symlinked_binds_unresolved_noted(void **state)
{
	struct fixture *f = *state;

	/* Without host facts the links cannot be followed, and the
	 * evidence states it. */
	use_container(f, "mount_symlink_socket");
	assert_status(f, "5.32", ST_PASS);
	assert_evidence_has(f, "not resolved on the host");
	assert_evidence_has(f, "no host facts");
	use_container(f, "mount_symlink_etc");
	assert_status(f, "5.6", ST_PASS);
	assert_evidence_has(f, "not resolved on the host");
	use_container(f, "mount_bin");
	assert_status(f, "5.6", ST_PASS);
	assert_evidence_has(f, "/bin");
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
	    T(sshd_top_gone_not_applicable),
	    T(bridge_none_running_passes),
	    T(bridge_none_created_needs_networks),
	    T(bridge_engine_still_fails),
	    T(port_zero_spellings_fail),
	    T(port_host_ip_forms),
	    T(seccomp_allowing_profiles_fail),
	    T(seccomp_profile_forms),
	    T(seccomp_file_path_manual),
	    T(joined_host_namespaces_fail),
	    T(joined_own_namespaces_pass),
	    T(joined_missing_container_errors),
	    T(joined_by_name_and_prefix),
	    T(joined_loop_errors),
	    T(joined_compose_service),
	    T(joined_bridge_network_fails),
	    T(device_rules),
	    T(device_rule_forms),
	    T(volume_bind_of_etc_fails),
	    T(volume_plain_passes),
	    T(volume_device_forms),
	    T(symlinked_binds_fail_with_host),
	    T(symlinked_binds_unresolved_noted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
