/*
 * Host facts: the daemon configuration reader and its traps, the unit,
 * mount table and audit rule parsers, and sections 1 and 3 over a host
 * root that the test builds with the modes to check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "collect/host.h"
#include "model/host.h"
#include "model/host_daemon.h"
#include "model/host_parse.h"
#include "model/snapshot.h"
#include "rules/rule.h"
#include "util/strutil.h"

static json_t *build(const char *const *argv, size_t argc, const char *file,
		     json_t **problems)
{
	struct daemon_config_input in = {
	    .config_path = "/etc/docker/daemon.json",
	    .config_text = file,
	    .config_len = file ? strlen(file) : 0,
	    .argv = argv,
	    .argc = argc,
	    .argv_source = "pid 7",
	};
	json_t *settings = NULL;

	assert_int_equal(daemon_config_build(&in, &settings, problems), 0);
	return settings;
}

static bool problems_mention(json_t *problems, const char *needle)
{
	size_t i;
	json_t *p;

	json_array_foreach(problems, i, p)
	{
		if (strstr(json_string_value(p), needle))
			return true;
	}
	return false;
}

static void daemon_json_layouts_agree(void **state)
{
	static const char one_line[] =
	    "{\"insecure-registries\":[\"10.1.0.0/16\",\"r.local:5000\"],"
	    "\"icc\":false}";
	static const char spread[] = "{\n  \"insecure-registries\": [\n"
				     "    \"10.1.0.0/16\",\n"
				     "    \"r.local:5000\"\n  ],\n"
				     "  \"icc\"\n  :\n  false\n}\n";
	const char *argv[] = {"dockerd"};
	json_t *p1, *p2;
	json_t *a = build(argv, 1, one_line, &p1);
	json_t *b = build(argv, 1, spread, &p2);

	(void)state;
	assert_true(json_equal(daemon_config_value(a, "insecure-registries"),
			       daemon_config_value(b, "insecure-registries")));
	assert_true(json_is_false(daemon_config_value(b, "icc")));
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(b, "icc"), "source")),
			    "from /etc/docker/daemon.json");
	assert_int_equal(json_array_size(p2), 0);
	json_decref(a);
	json_decref(b);
	json_decref(p1);
	json_decref(p2);
}

static void daemon_flag_and_file_conflict(void **state)
{
	const char *argv[] = {"dockerd", "--icc=false", "-H", "fd://"};
	json_t *problems;
	json_t *s = build(argv, 4, "{\"icc\": true}", &problems);
	const char *source = json_string_value(
	    json_object_get(json_object_get(s, "icc"), "source"));

	(void)state;
	assert_true(json_is_false(daemon_config_value(s, "icc")));
	assert_non_null(strstr(source, "flag --icc=false"));
	assert_true(problems_mention(
	    problems, "set both by dockerd flag --icc=false (pid 7)"));
	json_decref(s);
	json_decref(problems);
}

static const char *source_of(json_t *settings, const char *key)
{
	return json_string_value(
	    json_object_get(json_object_get(settings, key), "source"));
}

static void daemon_repeated_flag_last_wins(void **state)
{
	const char *argv[] = {"dockerd", "--iptables=false", "--iptables=true",
			      "--dns",	 "10.0.0.1",	     "--dns=10.0.0.2"};
	json_t *problems;
	json_t *s = build(argv, 6, NULL, &problems);
	json_t *dns = daemon_config_value(s, "dns");

	(void)state;
	assert_true(json_is_true(daemon_config_value(s, "iptables")));
	assert_non_null(strstr(source_of(s, "iptables"), "--iptables=true"));
	assert_int_equal(json_array_size(dns), 2);
	assert_string_equal(json_string_value(json_array_get(dns, 1)),
			    "10.0.0.2");
	assert_string_equal(source_of(s, "dns"), "dockerd flag --dns, pid 7");
	assert_int_equal(json_array_size(problems), 0);
	json_decref(s);
	json_decref(problems);
}

static void daemon_unknown_key_suggested(void **state)
{
	const char *argv[] = {"dockerd"};
	json_t *problems;
	json_t *s =
	    build(argv, 1, "{\"default-ulimit\": {\"nofile\": {\"Hard\": 1}}}",
		  &problems);

	(void)state;
	assert_true(problems_mention(problems, "\"default-ulimit\""));
	assert_true(
	    problems_mention(problems, "did you mean \"default-ulimits\""));
	assert_true(problems_mention(problems, "reports the unknown key "
					       "\"nofile\" inside it"));
	assert_string_equal(
	    json_string_value(json_object_get(
		json_object_get(s, "default-ulimits"), "source")),
	    "dockerd default");
	json_decref(s);
	json_decref(problems);
}

/* What dockerd 20.10 does with each kind of unknown key, as tried on it. */
static void daemon_unknown_key_kinds(void **state)
{
	static const struct {
		const char *file;
		const char *note;
	} cases[] = {
	    {"{\"insecure-registry\": [\"10.9.0.0/16\"]}",
	     "(did you mean \"insecure-registries\"?); dockerd accepts the "
	     "flag name as a key but ignores its value"},
	    {"{\"bogus\": {\"debug\": false}}",
	     "unknown key \"bogus\" in /etc/docker/daemon.json; dockerd "
	     "ignores it, because it checks only the keys inside an object"},
	    {"{\"bogus\": {\"debug\": false, \"nofile\": 1, \"x\": 2}}",
	     "reports the unknown keys \"nofile\", \"x\" inside it"},
	    {"{\"frobnicate\": 1}",
	     "unknown key \"frobnicate\" in /etc/docker/daemon.json; "
	     "dockerd does not start with it"},
	};
	const char *argv[] = {"dockerd"};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *problems;
		json_t *s = build(argv, 1, cases[i].file, &problems);

		if (!problems_mention(problems, cases[i].note))
			fail_msg("%s: no note contains '%s'", cases[i].file,
				 cases[i].note);
		assert_int_equal(json_array_size(problems), 1);
		assert_string_equal(source_of(s, "insecure-registries"),
				    "dockerd default");
		json_decref(s);
		json_decref(problems);
	}
}

static void daemon_wrong_type_reported(void **state)
{
	const char *argv[] = {"dockerd"};
	json_t *problems;
	json_t *s = build(argv, 1, "{\"icc\": \"false\"}", &problems);

	(void)state;
	assert_true(problems_mention(problems, "expects true or false"));
	json_decref(s);
	json_decref(problems);
}

static void daemon_log_address_not_listener(void **state)
{
	const char *argv[] = {"dockerd", "--log-opt",
			      "syslog-address=tcp://127.0.0.1:514"};
	json_t *problems;
	json_t *s = build(argv, 3, NULL, &problems);
	json_t *hosts = daemon_config_value(s, "hosts");
	json_t *sockets = daemon_unix_sockets(s, NULL);

	(void)state;
	assert_int_equal(json_array_size(hosts), 1);
	assert_string_equal(json_string_value(json_array_get(hosts, 0)),
			    "unix:///var/run/docker.sock");
	assert_string_equal(json_string_value(json_array_get(sockets, 0)),
			    "/var/run/docker.sock");
	assert_string_equal(
	    json_string_value(json_object_get(
		daemon_config_value(s, "log-opts"), "syslog-address")),
	    "tcp://127.0.0.1:514");
	json_decref(sockets);
	json_decref(s);
	json_decref(problems);
}

static void daemon_invalid_json_reported(void **state)
{
	const char *argv[] = {"dockerd"};
	json_t *problems;
	json_t *s = build(argv, 1, "{\"icc\": false,", &problems);

	(void)state;
	assert_true(problems_mention(problems, "is not valid JSON"));
	assert_true(json_is_true(daemon_config_value(s, "icc")));
	json_decref(s);
	json_decref(problems);
}

static void daemon_config_file_flag(void **state)
{
	const char *a[] = {"dockerd", "--config-file", "/x/d.json"};
	const char *b[] = {"dockerd", "--config-file=/y/d.json"};

	(void)state;
	assert_string_equal(daemon_argv_config_file(a, 3), "/x/d.json");
	assert_string_equal(daemon_argv_config_file(b, 2), "/y/d.json");
}

static void unit_dropin_resets_exec_start(void **state)
{
	static const char unit[] =
	    "[Service]\nEnvironmentFile=-/etc/default/docker\n"
	    "ExecStart=/usr/sbin/dockerd -H fd:// $DOCKER_OPTS\n";
	static const char dropin[] = "[Service]\nExecStart=\n"
				     "ExecStart=/usr/bin/dockerd \\\n"
				     "  --icc=false $DOCKER_OPTS \"${X}\"\n";
	static const char env[] =
	    "# comment\nDOCKER_OPTS=\"--log-level warn -D\"\n"
	    "X='a b'\n";
	struct unit_settings u;
	json_t *argv;

	(void)state;
	assert_int_equal(unit_settings_init(&u), 0);
	assert_int_equal(unit_file_apply(&u, unit, strlen(unit)), 0);
	assert_int_equal(unit_file_apply(&u, dropin, strlen(dropin)), 0);
	assert_int_equal(env_file_apply(u.environment, env, strlen(env)), 0);
	assert_int_equal(json_array_size(u.exec_start), 1);
	argv = exec_start_split(
	    json_string_value(json_array_get(u.exec_start, 0)), u.environment);
	assert_int_equal(json_array_size(argv), 6);
	assert_string_equal(json_string_value(json_array_get(argv, 0)),
			    "/usr/bin/dockerd");
	assert_string_equal(json_string_value(json_array_get(argv, 2)),
			    "--log-level");
	assert_string_equal(json_string_value(json_array_get(argv, 4)), "-D");
	assert_string_equal(json_string_value(json_array_get(argv, 5)), "a b");
	json_decref(argv);
	unit_settings_clear(&u);
}

static void mount_table_longest_match(void **state)
{
	static const char mountinfo[] =
	    "27 1 254:0 / / rw - ext4 /dev/vda rw\n"
	    "30 27 254:16 / /var/lib/docker rw shared:1 - xfs /dev/vdb rw\n"
	    "31 27 0:40 / /run/with\\040space rw - tmpfs tmpfs rw\n"
	    "garbage line\n";
	struct arena a = ARENA_INIT;
	struct mount_entry *m;
	const struct mount_entry *e;
	size_t n;

	(void)state;
	assert_int_equal(
	    mount_table_parse(&a, mountinfo, strlen(mountinfo), &m, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(m[2].mount_point, "/run/with space");
	e = mount_table_find(m, n, "/var/lib/docker/100000.100000");
	assert_string_equal(e->mount_point, "/var/lib/docker");
	assert_string_equal(e->device, "254:16");
	e = mount_table_find(m, n, "/var/lib/dockerx");
	assert_string_equal(e->mount_point, "/");
	arena_clear(&a);
}

static void audit_rules_cover_paths(void **state)
{
	static const char rules[] =
	    "-w /usr/bin/dockerd -p rwxa -k docker\n"
	    "-a always,exit -F path=/usr/sbin/runc -F perm=wa -k docker\n"
	    "-a always,exit -F dir=/var/lib/docker/ -F perm=w\n"
	    "-w /etc/docker -p r\n"
	    "-a never,exit -F path=/etc/default/docker\n";
	struct arena a = ARENA_INIT;
	struct audit_rule *r = NULL;
	const struct audit_rule *hit;
	size_t n = 0;

	(void)state;
	assert_int_equal(audit_rules_parse(&a, rules, strlen(rules),
					   "/etc/audit/rules.d/d.rules", &r,
					   &n),
			 0);
	assert_int_equal(n, 4);
	hit = audit_rules_find(r, n, "/usr/bin/dockerd");
	assert_non_null(hit);
	assert_int_equal(hit->loc.line, 1);
	assert_non_null(audit_rules_find(r, n, "/usr/sbin/runc"));
	assert_null(audit_rules_find(r, n, "/usr/sbin/runc-other"));
	assert_non_null(audit_rules_find(r, n, "/var/lib/docker/overlay2"));
	assert_non_null(audit_rules_find(r, n, "/var/lib/docker"));
	/* A read-only watch records no tampering. */
	assert_null(audit_rules_find(r, n, "/etc/docker/daemon.json"));
	assert_null(audit_rules_find(r, n, "/etc/default/docker"));
	arena_clear(&a);
}

/* ---- A host root built by the test ---- */

static char root[64];

static void put(const char *rel, const char *text, mode_t mode)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static void dir(const char *rel, mode_t mode)
{
	char path[256];

	snprintf(path, sizeof(path), "%s%s", root, rel);
	assert_int_equal(mkdir(path, mode), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static int root_setup(void **state)
{
	char link[256];

	(void)state;
	snprintf(root, sizeof(root), "/tmp/swhrXXXXXX");
	assert_non_null(mkdtemp(root));
	dir("/etc", 0755);
	dir("/etc/docker", 0755);
	dir("/etc/docker/certs.d", 0755);
	dir("/etc/docker/certs.d/r.local:5000", 0755);
	dir("/etc/audit", 0750);
	dir("/etc/audit/rules.d", 0750);
	dir("/lib", 0755);
	dir("/lib/systemd", 0755);
	dir("/lib/systemd/system", 0755);
	dir("/run", 0755);
	/* The engine's DockerRootDir, which tells its host from another. */
	dir("/var", 0755);
	dir("/var/lib", 0755);
	dir("/var/lib/docker", 0710);
	put("/etc/docker/daemon.json",
	    "{\"tlsverify\": true, \"tlscacert\": \"/etc/docker/ca.pem\","
	    " \"tlscert\": \"/etc/docker/cert.pem\","
	    " \"tlskey\": \"/etc/docker/key.pem\","
	    " \"hosts\": [\"tcp://0.0.0.0:2376\", \"unix:///run/d.sock\"]}",
	    0606);
	put("/etc/docker/ca.pem", "ca\n", 0444);
	put("/etc/docker/cert.pem", "cert\n", 0644);
	put("/etc/docker/key.pem", "key\n", 0400);
	put("/etc/docker/certs.d/r.local:5000/ca.crt", "x\n", 0444);
	put("/etc/group", "root:x:0:\ndocker:x:999:alice,bob\n", 0644);
	put("/etc/passwd",
	    "root:x:0:0::/root:/bin/sh\ncarol:x:1001:999::/home/c:/bin/sh\n",
	    0644);
	put("/lib/systemd/system/docker.service",
	    "[Service]\nExecStart=/usr/sbin/dockerd --icc=false\n", 0664);
	put("/etc/audit/rules.d/docker.rules",
	    "-w /etc/docker -k docker\n-w /lib/systemd/system/docker.service\n",
	    0640);
	/* An absolute symlink resolves inside the root, never outside. */
	snprintf(link, sizeof(link), "%s/etc/default", root);
	assert_int_equal(symlink("/etc/docker", link), 0);
	return 0;
}

static int root_teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
	return 0;
}

struct scanned {
	struct model *model;
	struct target *t;
};

static void root_scan(struct scanned *s, const char *trusted)
{
	struct host_options o = {.root = root, .trusted_users = trusted};
	json_t *snap = snapshot_new();
	json_t *target = json_pack(
	    "{s:s, s:s, s:o}", "name", "fixture", "endpoint",
	    "unix:///run/d.sock", "info",
	    snapshot_part(
		PART_COLLECTED,
		json_pack("{s:s}", "DockerRootDir", "/var/lib/docker"), NULL));
	struct buf err = BUF_INIT;

	assert_int_equal(host_collect(&o, target, &err), 0);
	json_array_append_new(json_object_get(snap, "targets"), target);
	assert_int_equal(snapshot_to_model(snap, &s->model, &err), 0);
	s->t = &s->model->targets[0];
	assert_non_null(s->t->host);
	json_decref(snap);
	buf_clear(&err);
}

static enum status run(const struct target *t, const char *id,
		       struct buf *evidence)
{
	const struct rule *r = rule_find(id);
	struct verdict v = {.status = ST_SKIPPED, .evidence = evidence};

	buf_reset(evidence);
	assert_non_null(r);
	assert_non_null(r->check);
	r->check(t, t, &v);
	return v.status;
}

static void section3_modes_as_masks(void **state)
{
	struct buf ev = BUF_INIT;
	struct scanned s;

	(void)state;
	root_scan(&s, NULL);
	/* 0606 is below 0644 as a number but has the world-write bit. */
	assert_int_equal(run(s.t, "3.18", &ev), ST_FAIL);
	assert_non_null(strstr(buf_str(&ev), "0606"));
	assert_non_null(strstr(buf_str(&ev), "0002 beyond 0644"));
	assert_int_equal(run(s.t, "3.6", &ev), ST_PASS);
	assert_int_equal(run(s.t, "3.2", &ev), ST_FAIL);
	assert_int_equal(run(s.t, "3.10", &ev), ST_PASS);
	assert_int_equal(run(s.t, "3.12", &ev), ST_FAIL);
	assert_int_equal(run(s.t, "3.14", &ev), ST_PASS);
	assert_int_equal(run(s.t, "3.8", &ev), ST_PASS);
	assert_non_null(strstr(buf_str(&ev), "r.local:5000/ca.crt"));
	assert_int_equal(run(s.t, "3.21", &ev), ST_NOT_APPLICABLE);
	assert_int_equal(run(s.t, "3.4", &ev), ST_NOT_APPLICABLE);
	/* /etc/default -> /etc/docker inside the root: a directory. */
	assert_int_equal(run(s.t, "3.20", &ev), ST_NOT_APPLICABLE);
	model_free(s.model);
	buf_clear(&ev);
}

static void section1_group_and_audit(void **state)
{
	struct buf ev = BUF_INIT;
	struct scanned s;

	(void)state;
	root_scan(&s, NULL);
	assert_int_equal(run(s.t, "1.1.2", &ev), ST_MANUAL);
	assert_non_null(strstr(buf_str(&ev), "alice, bob, carol"));
	model_free(s.model);

	root_scan(&s, "alice,bob");
	assert_int_equal(run(s.t, "1.1.2", &ev), ST_FAIL);
	assert_non_null(strstr(buf_str(&ev), "carol"));
	assert_null(strstr(buf_str(&ev), "alice"));
	model_free(s.model);

	root_scan(&s, "alice, bob,carol");
	assert_int_equal(run(s.t, "1.1.2", &ev), ST_PASS);
	/* auditctl may or may not run here; then the rule files count. */
	if (str_eq(s.t->host->audit_source, "rule files")) {
		assert_int_equal(run(s.t, "1.1.6", &ev), ST_PASS);
		assert_int_equal(run(s.t, "1.1.7", &ev), ST_PASS);
		assert_int_equal(run(s.t, "1.1.11", &ev), ST_PASS);
	}
	assert_int_equal(run(s.t, "1.1.13", &ev), ST_NOT_APPLICABLE);
	model_free(s.model);
	buf_clear(&ev);
}

static void section2_settings_from_root(void **state)
{
	const struct daemon *d;
	struct scanned s;
	bool found = false;

	(void)state;
	root_scan(&s, NULL);
	d = &s.t->daemon;
	for (size_t i = 0; i < d->n_settings; i++) {
		if (!str_eq(d->settings[i].name, "icc"))
			continue;
		found = true;
		assert_string_equal(d->settings[i].value, "false");
		assert_non_null(strstr(d->settings[i].source,
				       "ExecStart of /lib/systemd/system/"
				       "docker.service"));
	}
	assert_true(found);
	assert_int_equal(s.t->host->sockets.n, 1);
	assert_string_equal(s.t->host->sockets.v[0], "/run/d.sock");
	model_free(s.model);
}

/* A root without the engine's DockerRootDir is another machine's. */
static void other_host_not_read(void **state)
{
	struct host_options o = {.root = root};
	json_t *target = json_pack(
	    "{s:s, s:s, s:o}", "name", "fixture", "endpoint",
	    "unix:///run/d.sock", "info",
	    snapshot_part(PART_COLLECTED,
			  json_pack("{s:s}", "DockerRootDir", "/srv/docker"),
			  NULL));
	json_t *host, *notes;
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_equal(host_collect(&o, target, &err), 0);
	host = json_object_get(target, "host");
	notes = json_object_get(target, "notes");
	assert_string_equal(json_string_value(json_object_get(host, "status")),
			    "not_present");
	assert_null(json_object_get(host, "data"));
	assert_non_null(
	    strstr(json_string_value(json_object_get(host, "error")),
		   "data root /srv/docker (DockerRootDir in /info) "
		   "does not exist on"));
	assert_int_equal(json_array_size(notes), 1);
	assert_string_equal(json_string_value(json_array_get(notes, 0)),
			    json_string_value(json_object_get(host, "error")));
	json_decref(target);
	buf_clear(&err);
}

static void without_host_manual(void **state)
{
	struct model *m = model_new();
	struct target *t = model_add_target(m);
	struct buf ev = BUF_INIT;

	(void)state;
	t->daemon.version = "20.10.24";
	t->daemon.api_version = "1.41";
	t->daemon.kernel = "";
	t->daemon.os = "";
	assert_int_equal(run(t, "1.1.1", &ev), ST_MANUAL);
	assert_non_null(strstr(buf_str(&ev), "needs host access"));
	assert_int_equal(run(t, "3.16", &ev), ST_MANUAL);
	assert_int_equal(run(t, "1.2.2", &ev), ST_MANUAL);
	assert_non_null(strstr(buf_str(&ev), "20.10.24"));
	model_free(m);
	buf_clear(&ev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(daemon_json_layouts_agree),
	    cmocka_unit_test(daemon_flag_and_file_conflict),
	    cmocka_unit_test(daemon_repeated_flag_last_wins),
	    cmocka_unit_test(daemon_unknown_key_suggested),
	    cmocka_unit_test(daemon_unknown_key_kinds),
	    cmocka_unit_test(daemon_wrong_type_reported),
	    cmocka_unit_test(daemon_log_address_not_listener),
	    cmocka_unit_test(daemon_invalid_json_reported),
	    cmocka_unit_test(daemon_config_file_flag),
	    cmocka_unit_test(unit_dropin_resets_exec_start),
	    cmocka_unit_test(mount_table_longest_match),
	    cmocka_unit_test(audit_rules_cover_paths),
	    cmocka_unit_test_setup_teardown(section3_modes_as_masks, root_setup,
					    root_teardown),
	    cmocka_unit_test_setup_teardown(section1_group_and_audit,
					    root_setup, root_teardown),
	    cmocka_unit_test_setup_teardown(section2_settings_from_root,
					    root_setup, root_teardown),
	    cmocka_unit_test_setup_teardown(other_host_not_read, root_setup,
					    root_teardown),
	    cmocka_unit_test(without_host_manual),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
