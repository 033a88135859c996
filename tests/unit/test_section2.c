/*
 * Section 2 checks over /info, /version and network lists captured from
 * real engines (tests/fixtures/engine/capture.sh): "hardened" runs with the
 * secure flags, "loose" with the insecure ones. Daemon settings that only
 * host collection reads are set in the model by each test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine_fixture.h"
#include "model/host.h"

struct fixture {
	struct model *model;
	struct target *t;
	struct host_facts host; /* empty: "host facts were read" */
	struct daemon_setting settings[4];
	struct buf evidence;
	struct verdict v;
};

static struct fixture *fixture_new(const char *engine, const char *info)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->model = fixture_model(fixture_target(engine, info));
	f->t = &f->model->targets[0];
	f->v.evidence = &f->evidence;
	return f;
}

static void fixture_free(struct fixture *f)
{
	buf_clear(&f->evidence);
	model_free(f->model);
	free(f);
}

static struct fixture *hardened(void)
{
	return fixture_new("hardened", "hardened/info.json");
}

static struct fixture *loose(void)
{
	return fixture_new("loose", "loose/info.json");
}

/* Marks host facts as read and adds daemon settings (name, JSON value). */
static void host_settings(struct fixture *f, size_t n, const char *const *kv)
{
	f->t->host = &f->host;
	for (size_t i = 0; i < n; i++) {
		f->settings[i].name = kv[2 * i];
		f->settings[i].value = kv[2 * i + 1];
		f->settings[i].source = "/etc/docker/daemon.json";
	}
	f->t->daemon.settings = f->settings;
	f->t->daemon.n_settings = n;
}

static enum status check(struct fixture *f, const char *id)
{
	return fixture_check(id, f->t, f->t, &f->v);
}

static const char *evidence(struct fixture *f)
{
	return buf_str(&f->evidence);
}

static void rootless_and_root(void **state)
{
	struct fixture *f = hardened();
	struct fixture *r =
	    fixture_new("hardened", "edited/info-rootless.json");

	(void)state;
	assert_int_equal(check(f, "2.1"), ST_MANUAL);
	assert_non_null(strstr(evidence(f), "name=rootless"));
	assert_int_equal(check(r, "2.1"), ST_PASS);
	fixture_free(f);
	fixture_free(r);
}

static void icc_from_default_bridge(void **state)
{
	struct fixture *h = hardened(), *l = loose();

	(void)state;
	assert_int_equal(check(h, "2.2"), ST_PASS);
	assert_non_null(strstr(evidence(h), "enable_icc \"false\""));
	/* The loose engine runs with --bridge=none: no default bridge. */
	assert_int_equal(check(l, "2.2"), ST_NOT_APPLICABLE);
	fixture_free(h);
	fixture_free(l);
}

static void icc_true_fails(void **state)
{
	struct fixture *f = hardened();

	(void)state;
	for (size_t i = 0; i < f->t->n_networks; i++)
		if (strcmp(f->t->networks[i].name, "bridge") == 0)
			f->t->networks[i].icc = true;
	assert_int_equal(check(f, "2.2"), ST_FAIL);
	fixture_free(f);
}

static void icc_without_networks_reads_setting(void **state)
{
	struct fixture *f = hardened();
	static const char *const icc_off[] = {"icc", "false"};

	(void)state;
	f->t->networks_status = PART_DENIED;
	assert_int_equal(check(f, "2.2"), ST_MANUAL);
	assert_non_null(strstr(evidence(f), "\"icc\""));
	host_settings(f, 1, icc_off);
	assert_int_equal(check(f, "2.2"), ST_PASS);
	fixture_free(f);
}

static void debug_fails_log_level(void **state)
{
	struct fixture *f = loose();

	(void)state;
	assert_int_equal(check(f, "2.3"), ST_FAIL);
	assert_non_null(strstr(evidence(f), "Debug is true"));
	fixture_free(f);
}

static void log_level_needs_host(void **state)
{
	struct fixture *f = hardened();
	static const char *const warn[] = {"log-level", "\"warn\""};
	static const char *const info[] = {"log-level", "\"info\""};
	/* A flag value copied as typed, not as JSON text. */
	static const char *const bare[] = {"log-level", "info"};

	(void)state;
	assert_int_equal(check(f, "2.3"), ST_MANUAL);
	assert_non_null(strstr(evidence(f), "needs host access"));
	assert_non_null(strstr(evidence(f), "log-level"));
	host_settings(f, 0, NULL);
	assert_int_equal(check(f, "2.3"), ST_PASS);
	assert_non_null(strstr(evidence(f), "default info"));
	host_settings(f, 1, warn);
	assert_int_equal(check(f, "2.3"), ST_FAIL);
	assert_non_null(strstr(evidence(f), "warn"));
	host_settings(f, 1, info);
	assert_int_equal(check(f, "2.3"), ST_PASS);
	host_settings(f, 1, bare);
	assert_int_equal(check(f, "2.3"), ST_PASS);
	fixture_free(f);
}

static void iptables_setting(void **state)
{
	struct fixture *f = hardened();
	static const char *const off[] = {"iptables", "false"};
	static const char *const junk[] = {"iptables", "\"maybe\""};

	(void)state;
	assert_int_equal(check(f, "2.4"), ST_MANUAL);
	assert_non_null(strstr(evidence(f), "\"iptables\""));
	host_settings(f, 0, NULL);
	assert_int_equal(check(f, "2.4"), ST_PASS);
	host_settings(f, 1, off);
	assert_int_equal(check(f, "2.4"), ST_FAIL);
	assert_non_null(strstr(evidence(f), "/etc/docker/daemon.json"));
	host_settings(f, 1, junk);
	assert_int_equal(check(f, "2.4"), ST_ERROR);
	fixture_free(f);
}

static void insecure_registries(void **state)
{
	struct fixture *h = hardened(), *l = loose();

	(void)state;
	assert_int_equal(check(h, "2.5"), ST_PASS);
	assert_int_equal(check(l, "2.5"), ST_FAIL);
	assert_non_null(strstr(evidence(l), "10.99.0.0/16"));
	assert_non_null(strstr(evidence(l), "registry.test:5000"));
	assert_null(strstr(evidence(l), "127.0.0.0/8"));
	fixture_free(h);
	fixture_free(l);
}

static void aufs_driver(void **state)
{
	struct fixture *l = loose();
	struct fixture *a = fixture_new("loose", "edited/info-aufs.json");

	(void)state;
	assert_int_equal(check(l, "2.6"), ST_PASS);
	assert_non_null(strstr(evidence(l), "overlay2"));
	assert_int_equal(check(a, "2.6"), ST_FAIL);
	fixture_free(l);
	fixture_free(a);
}

static void tcp_without_tls_fails(void **state)
{
	struct fixture *f = hardened();

	(void)state;
	f->t->transport.kind = "tcp";
	f->t->endpoint = "tcp://127.0.0.1:2375";
	assert_int_equal(check(f, "2.7"), ST_FAIL);
	assert_non_null(strstr(evidence(f), "tcp://127.0.0.1:2375"));
	fixture_free(f);
}

static void tls_verify_settings(void **state)
{
	struct fixture *f = hardened();
	static const char *const unix_only[] = {
	    "hosts", "[\"unix:///var/run/docker.sock\"]"};
	static const char *const tcp_verify[] = {
	    "hosts",
	    "[\"unix:///var/run/docker.sock\", \"tcp://0.0.0.0:2376\"]",
	    "tlsverify", "true"};
	static const char *const tcp_plain[] = {
	    "hosts", "\"tcp://0.0.0.0:2376\"", "tls", "true"};

	(void)state;
	assert_int_equal(check(f, "2.7"), ST_MANUAL);
	assert_non_null(strstr(evidence(f), "needs host access"));
	host_settings(f, 0, NULL);
	assert_int_equal(check(f, "2.7"), ST_NOT_APPLICABLE);
	host_settings(f, 1, unix_only);
	assert_int_equal(check(f, "2.7"), ST_NOT_APPLICABLE);
	host_settings(f, 2, tcp_verify);
	assert_int_equal(check(f, "2.7"), ST_PASS);
	assert_non_null(strstr(evidence(f), "tcp://0.0.0.0:2376"));
	host_settings(f, 2, tcp_plain);
	assert_int_equal(check(f, "2.7"), ST_FAIL);
	fixture_free(f);
}

static void socket_activation_over_tcp(void **state)
{
	struct fixture *f = hardened();
	static const char *const fd[] = {"hosts", "[\"fd://\"]"};
	const char *streams[] = {"/run/docker.sock", "0.0.0.0:2375"};

	(void)state;
	host_settings(f, 1, fd);
	f->host.listen_streams.v = streams;
	f->host.listen_streams.n = 2;
	assert_int_equal(check(f, "2.7"), ST_FAIL);
	assert_non_null(strstr(evidence(f), "ListenStream=0.0.0.0:2375"));
	fixture_free(f);
}

static void default_ulimits(void **state)
{
	struct fixture *f = hardened();
	static const char *const set[] = {
	    "default-ulimits",
	    "{\"nofile\": {\"Name\": \"nofile\", \"Soft\": 1024, \"Hard\": 2048}}"};

	(void)state;
	assert_int_equal(check(f, "2.8"), ST_MANUAL);
	host_settings(f, 0, NULL);
	assert_int_equal(check(f, "2.8"), ST_FAIL);
	host_settings(f, 1, set);
	assert_int_equal(check(f, "2.8"), ST_PASS);
	fixture_free(f);
}

static void userns_remap(void **state)
{
	struct fixture *h = hardened(), *l = loose();

	(void)state;
	assert_int_equal(check(h, "2.9"), ST_PASS);
	assert_int_equal(check(l, "2.9"), ST_FAIL);
	fixture_free(h);
	fixture_free(l);
}

static void info_missing_is_error(void **state)
{
	struct fixture *f = fixture_new("hardened", NULL);

	(void)state;
	assert_int_equal(check(f, "2.9"), ST_ERROR);
	assert_non_null(strstr(evidence(f), "GET /info"));
	assert_int_equal(check(f, "2.13"), ST_ERROR);
	fixture_free(f);
}

static void cgroup_parent(void **state)
{
	struct fixture *f = hardened();
	static const char *const custom[] = {"cgroup-parent", "\"/batch\""};

	(void)state;
	assert_int_equal(check(f, "2.10"), ST_MANUAL);
	host_settings(f, 0, NULL);
	assert_int_equal(check(f, "2.10"), ST_PASS);
	host_settings(f, 1, custom);
	assert_int_equal(check(f, "2.10"), ST_MANUAL);
	assert_non_null(strstr(evidence(f), "/batch"));
	fixture_free(f);
}

static void base_device_size(void **state)
{
	struct fixture *l = loose();
	struct fixture *dm =
	    fixture_new("hardened", "edited/info-devicemapper.json");
	struct fixture *big =
	    fixture_new("hardened", "edited/info-devicemapper-50g.json");

	(void)state;
	assert_int_equal(check(l, "2.11"), ST_NOT_APPLICABLE);
	assert_int_equal(check(dm, "2.11"), ST_PASS);
	assert_int_equal(check(big, "2.11"), ST_FAIL);
	assert_non_null(strstr(evidence(big), "53.69GB"));
	fixture_free(l);
	fixture_free(dm);
	fixture_free(big);
}

static void authorization_plugins(void **state)
{
	struct fixture *h = hardened();
	struct fixture *a = fixture_new("hardened", "edited/info-authz.json");

	(void)state;
	assert_int_equal(check(h, "2.12"), ST_FAIL);
	assert_int_equal(check(a, "2.12"), ST_PASS);
	assert_non_null(strstr(evidence(a), "authz-broker"));
	fixture_free(h);
	fixture_free(a);
}

static void logging_driver(void **state)
{
	struct fixture *h = hardened(), *l = loose();

	(void)state;
	assert_int_equal(check(h, "2.13"), ST_PASS);
	assert_non_null(strstr(evidence(h), "syslog"));
	assert_int_equal(check(l, "2.13"), ST_FAIL);
	assert_non_null(strstr(evidence(l), "json-file"));
	l->t->daemon.logging_driver = "none";
	assert_int_equal(check(l, "2.13"), ST_FAIL);
	l->t->daemon.logging_driver = "local";
	assert_int_equal(check(l, "2.13"), ST_FAIL);
	fixture_free(h);
	fixture_free(l);
}

static void no_new_privileges(void **state)
{
	struct fixture *f = hardened();
	static const char *const on[] = {"no-new-privileges", "true"};

	(void)state;
	assert_int_equal(check(f, "2.14"), ST_MANUAL);
	assert_non_null(strstr(evidence(f), "no-new-privileges"));
	host_settings(f, 0, NULL);
	assert_int_equal(check(f, "2.14"), ST_FAIL);
	assert_non_null(strstr(evidence(f), "default false"));
	host_settings(f, 1, on);
	assert_int_equal(check(f, "2.14"), ST_PASS);
	fixture_free(f);
}

static void live_restore(void **state)
{
	struct fixture *h = hardened(), *l = loose();
	struct fixture *s = fixture_new("swarm", "swarm/info.json");

	(void)state;
	assert_int_equal(check(h, "2.15"), ST_PASS);
	assert_int_equal(check(l, "2.15"), ST_FAIL);
	assert_int_equal(check(s, "2.15"), ST_NOT_APPLICABLE);
	fixture_free(h);
	fixture_free(l);
	fixture_free(s);
}

static void userland_proxy(void **state)
{
	struct fixture *f = hardened();
	static const char *const off[] = {"userland-proxy", "false"};

	(void)state;
	assert_int_equal(check(f, "2.16"), ST_MANUAL);
	host_settings(f, 0, NULL);
	assert_int_equal(check(f, "2.16"), ST_FAIL);
	host_settings(f, 1, off);
	assert_int_equal(check(f, "2.16"), ST_PASS);
	fixture_free(f);
}

static void seccomp_profile_manual(void **state)
{
	struct fixture *f = hardened();

	(void)state;
	assert_int_equal(check(f, "2.17"), ST_MANUAL);
	assert_non_null(strstr(evidence(f), "default"));
	fixture_free(f);
}

static void experimental_features(void **state)
{
	struct fixture *h = hardened(), *l = loose();

	(void)state;
	assert_int_equal(check(h, "2.18"), ST_PASS);
	assert_int_equal(check(l, "2.18"), ST_FAIL);
	fixture_free(h);
	fixture_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(rootless_and_root),
	    cmocka_unit_test(icc_from_default_bridge),
	    cmocka_unit_test(icc_true_fails),
	    cmocka_unit_test(icc_without_networks_reads_setting),
	    cmocka_unit_test(debug_fails_log_level),
	    cmocka_unit_test(log_level_needs_host),
	    cmocka_unit_test(iptables_setting),
	    cmocka_unit_test(insecure_registries),
	    cmocka_unit_test(aufs_driver),
	    cmocka_unit_test(tcp_without_tls_fails),
	    cmocka_unit_test(tls_verify_settings),
	    cmocka_unit_test(socket_activation_over_tcp),
	    cmocka_unit_test(default_ulimits),
	    cmocka_unit_test(userns_remap),
	    cmocka_unit_test(info_missing_is_error),
	    cmocka_unit_test(cgroup_parent),
	    cmocka_unit_test(base_device_size),
	    cmocka_unit_test(authorization_plugins),
	    cmocka_unit_test(logging_driver),
	    cmocka_unit_test(no_new_privileges),
	    cmocka_unit_test(live_restore),
	    cmocka_unit_test(userland_proxy),
	    cmocka_unit_test(seccomp_profile_manual),
	    cmocka_unit_test(experimental_features),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
