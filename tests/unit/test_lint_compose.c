#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "lint/compose.h"
#include "util/error.h"

#define COMPOSE FIXTURES "/lint/compose/"
#define MIB	((int64_t)1 << 20)

static char *test_environ[] = {"NGINX_TAG=from-env", "FROM_ENV=env-value",
			       "HOME=/home/tester", NULL};

struct loaded {
	struct model *m;
	struct buf err;
	struct strlist includes;
	int rc;
};

static void load(struct loaded *l, const char *name, const char *profile)
{
	const char *profiles[] = {profile};
	struct compose_options opts = {.environ = test_environ,
				       .profiles = profiles,
				       .n_profiles = profile ? 1 : 0};
	char path[512];

	memset(l, 0, sizeof(*l));
	snprintf(path, sizeof(path), "%s%s", COMPOSE, name);
	l->m = model_new();
	assert_non_null(l->m);
	l->rc = compose_load(l->m, path, &opts, &l->includes, &l->err);
	if (l->rc)
		print_error("%s\n", buf_str(&l->err));
}

static void loaded_clear(struct loaded *l)
{
	model_free(l->m);
	buf_clear(&l->err);
}

static const struct container *service(const struct loaded *l, const char *name)
{
	const struct target *t = &l->m->targets[0];

	for (size_t i = 0; i < t->n_containers; i++)
		if (strcmp(t->containers[i].name, name) == 0)
			return &t->containers[i];
	print_error("no service %s\n", name);
	fail();
	return NULL;
}

static void target_describes_file(void **state)
{
	struct loaded l;
	const struct target *t;

	(void)state;
	load(&l, "traps/compose.yaml", NULL);
	assert_int_equal(l.rc, 0);
	assert_int_equal(l.m->n_targets, 1);
	t = &l.m->targets[0];
	assert_string_equal(t->name, COMPOSE "traps/compose.yaml");
	assert_string_equal(t->transport.kind, "file");
	assert_int_equal(t->n_containers, 3);
	assert_int_equal(t->n_images, 0);
	/* hostname: ${HOSTNAME_UNSET} is noted, as Compose warns. */
	assert_int_equal(t->notes.n, 1);
	assert_non_null(strstr(t->notes.v[0], "HOSTNAME_UNSET is not set"));
	loaded_clear(&l);
}

static void merge_and_strings_as_booleans(void **state)
{
	struct loaded l;
	const struct container *web;

	(void)state;
	load(&l, "traps/compose.yaml", NULL);
	assert_int_equal(l.rc, 0);
	web = service(&l, "web");
	assert_int_equal(web->origin, ORIGIN_COMPOSE);
	assert_string_equal(web->id, "web");
	assert_int_equal(web->loc.line, 11);
	assert_false(web->privileged);
	assert_int_equal(web->field_loc[CF_PRIVILEGED].line, 14);
	/* read_only: "true" comes from the x-hardening anchor. */
	assert_true(web->read_only_rootfs);
	assert_int_equal(web->field_loc[CF_READ_ONLY].line, 4);
	assert_int_equal(web->security_opt.n, 1);
	assert_string_equal(web->security_opt.v[0], "no-new-privileges:true");
	assert_int_equal(web->field_loc[CF_SECURITY_OPT].line, 5);
	assert_int_equal(web->cap_drop.n, 1);
	assert_string_equal(web->cap_drop.v[0], "ALL");
	assert_int_equal(web->memory, 256 * MIB);
	assert_int_equal(web->field_loc[CF_MEMORY].line, 9);
	loaded_clear(&l);
}

static void interpolation_environment_wins(void **state)
{
	struct loaded l;
	const struct container *web;

	(void)state;
	load(&l, "traps/compose.yaml", NULL);
	assert_int_equal(l.rc, 0);
	web = service(&l, "web");
	/* NGINX_TAG is in both the environment and .env: the
	 * environment wins. APP_UID comes from .env, APP_GID from the
	 * ${APP_GID-1000} default. */
	assert_string_equal(web->image, "nginx:from-env");
	assert_int_equal(web->field_loc[CF_IMAGE].line, 13);
	assert_string_equal(web->user, "1001:1000");
	assert_int_equal(web->field_loc[CF_USER].line, 15);
	assert_int_equal(web->n_env, 3);
	assert_string_equal(web->env[0].name, "LITERAL");
	assert_string_equal(web->env[0].value, "$HOME");
	assert_string_equal(web->env[1].name, "FROM_ENV");
	assert_string_equal(web->env[1].value, "env-value");
	assert_string_equal(web->env[2].value, "from-env");
	assert_int_equal(web->env[2].loc.line, 53);
	loaded_clear(&l);
}

static void ports_short_and_long(void **state)
{
	struct loaded l;
	const struct container *web;
	const struct port_binding *p;

	(void)state;
	load(&l, "traps/compose.yaml", NULL);
	assert_int_equal(l.rc, 0);
	web = service(&l, "web");
	assert_int_equal(web->n_ports, 7);
	assert_int_equal(web->field_loc[CF_PORTS].line, 16);
	p = web->ports;
	/* - 80: published on a port the engine picks, every interface. */
	assert_string_equal(p[0].container_port, "80/tcp");
	assert_string_equal(p[0].host_ip, "");
	assert_int_equal(p[0].host_port, 0);
	assert_int_equal(p[0].loc.line, 17);
	assert_string_equal(p[1].container_port, "80/tcp");
	assert_int_equal(p[1].host_port, 8080);
	assert_string_equal(p[1].host_ip, "");
	assert_string_equal(p[2].container_port, "443/tcp");
	assert_string_equal(p[2].host_ip, "127.0.0.1");
	assert_int_equal(p[2].host_port, 8443);
	/* A range is one binding per port, as the engine stores it. */
	assert_string_equal(p[3].container_port, "9000/udp");
	assert_string_equal(p[3].host_ip, "::1");
	assert_int_equal(p[3].host_port, 9000);
	assert_string_equal(p[4].container_port, "9001/udp");
	assert_int_equal(p[4].host_port, 9001);
	assert_int_equal(p[4].host_port_end, 9001);
	assert_int_equal(p[4].loc.line, 20);
	assert_string_equal(p[5].container_port, "53/udp");
	assert_string_equal(p[5].host_ip, "10.0.0.1");
	assert_int_equal(p[5].host_port, 5353);
	assert_int_equal(p[5].loc.line, 21);
	assert_string_equal(p[6].container_port, "7000/tcp");
	assert_int_equal(p[6].host_port, 0);
	loaded_clear(&l);
}

static void volumes_short_and_long(void **state)
{
	struct loaded l;
	const struct container *web;
	const struct mount *m;

	(void)state;
	load(&l, "traps/compose.yaml", NULL);
	assert_int_equal(l.rc, 0);
	web = service(&l, "web");
	assert_int_equal(web->n_mounts, 7);
	assert_int_equal(web->field_loc[CF_MOUNTS].line, 26);
	m = web->mounts;
	/* Relative bind sources start at the compose file's directory. */
	assert_int_equal(m[0].type, MOUNT_BIND);
	assert_string_equal(m[0].source, COMPOSE "traps/html");
	assert_string_equal(m[0].destination, "/usr/share/nginx/html");
	assert_true(m[0].read_only);
	assert_int_equal(m[0].loc.line, 27);
	assert_int_equal(m[1].type, MOUNT_VOLUME);
	assert_string_equal(m[1].source, "data");
	assert_false(m[1].read_only);
	assert_int_equal(m[2].type, MOUNT_VOLUME);
	assert_string_equal(m[2].source, "");
	assert_string_equal(m[2].destination, "/anonymous");
	assert_int_equal(m[3].type, MOUNT_BIND);
	assert_string_equal(m[3].source, "/home/tester/.cache");
	assert_string_equal(m[3].propagation, "rslave");
	assert_false(m[3].read_only);
	/* ../../etc from tests/fixtures/lint/compose/traps. */
	assert_int_equal(m[4].type, MOUNT_BIND);
	assert_string_equal(m[4].source, FIXTURES "/lint/etc");
	assert_string_equal(m[4].destination, "/host-etc");
	assert_true(m[4].read_only);
	assert_string_equal(m[4].propagation, "rshared");
	assert_int_equal(m[4].loc.line, 31);
	assert_int_equal(m[5].type, MOUNT_VOLUME);
	assert_string_equal(m[5].source, "logs");
	assert_int_equal(m[6].type, MOUNT_TMPFS);
	assert_string_equal(m[6].destination, "/run");
	loaded_clear(&l);
}

static void devices_and_capabilities(void **state)
{
	struct loaded l;
	const struct container *web;

	(void)state;
	load(&l, "traps/compose.yaml", NULL);
	assert_int_equal(l.rc, 0);
	web = service(&l, "web");
	assert_int_equal(web->n_devices, 3);
	assert_string_equal(web->devices[0].host_path, "/dev/fuse");
	assert_string_equal(web->devices[0].container_path, "/dev/fuse");
	assert_string_equal(web->devices[0].permissions, "rwm");
	assert_string_equal(web->devices[1].host_path, "/dev/sda");
	assert_string_equal(web->devices[1].container_path, "/dev/xvda");
	assert_string_equal(web->devices[1].permissions, "r");
	assert_string_equal(web->devices[2].host_path, "/dev/kmsg");
	assert_int_equal(web->devices[2].loc.line, 44);
	assert_int_equal(web->field_loc[CF_DEVICES].line, 41);
	/* Written as the docker CLI sends them. */
	assert_int_equal(web->cap_add.n, 2);
	assert_string_equal(web->cap_add.v[0], "CAP_SYS_ADMIN");
	assert_string_equal(web->cap_add.v[1], "CAP_NET_ADMIN");
	assert_int_equal(web->field_loc[CF_CAP_ADD].line, 47);
	loaded_clear(&l);
}

static void health_restart_ulimits(void **state)
{
	struct loaded l;
	const struct container *web, *worker, *debug;

	(void)state;
	load(&l, "traps/compose.yaml", NULL);
	assert_int_equal(l.rc, 0);
	web = service(&l, "web");
	assert_true(web->health.present);
	assert_false(web->health.disabled);
	assert_string_equal(web->health.test,
			    "CMD-SHELL curl -f http://localhost/ || exit 1");
	assert_int_equal(web->field_loc[CF_HEALTHCHECK].line, 54);
	assert_string_equal(web->restart_policy, "on-failure");
	assert_int_equal(web->restart_max_retry, 4);
	assert_int_equal(web->field_loc[CF_RESTART].line, 56);
	assert_int_equal(web->n_ulimits, 2);
	assert_string_equal(web->ulimits[0].name, "nofile");
	assert_int_equal(web->ulimits[0].soft, 1024);
	assert_int_equal(web->ulimits[0].hard, 2048);
	assert_int_equal(web->ulimits[1].soft, 512);
	assert_int_equal(web->ulimits[1].hard, 512);

	worker = service(&l, "worker");
	assert_true(worker->health.present);
	assert_true(worker->health.disabled);
	/* deploy.restart_policy replaces restart; "any" is "always". */
	assert_string_equal(worker->restart_policy, "always");
	assert_int_equal(worker->field_loc[CF_RESTART].line, 84);

	debug = service(&l, "debug");
	assert_true(debug->health.disabled);
	assert_string_equal(debug->restart_policy, "on-failure");
	assert_int_equal(debug->restart_max_retry, 7);
	loaded_clear(&l);
}

static void namespaces_and_deploy_limits(void **state)
{
	struct loaded l;
	const struct container *w;

	(void)state;
	load(&l, "traps/compose.yaml", NULL);
	assert_int_equal(l.rc, 0);
	w = service(&l, "worker");
	assert_true(w->privileged);
	assert_false(w->read_only_rootfs);
	assert_string_equal(w->network_mode, "host");
	assert_string_equal(w->pid_mode, "host");
	assert_string_equal(w->ipc_mode, "host");
	assert_string_equal(w->uts_mode, "host");
	assert_string_equal(w->userns_mode, "host");
	assert_string_equal(w->cgroup_parent, "custom.slice");
	assert_int_equal(w->field_loc[CF_NETWORK_MODE].line, 66);
	assert_int_equal(w->field_loc[CF_PID_MODE].line, 67);
	/* cpus and deploy.resources.limits.cpus agree. */
	assert_int_equal(w->nano_cpus, 1500000000);
	assert_int_equal(w->cpu_shares, 512);
	assert_int_equal(w->field_loc[CF_CPU].line, 73);
	assert_true(w->pids_limit_set);
	assert_int_equal(w->pids_limit, 100);
	assert_int_equal(w->field_loc[CF_PIDS_LIMIT].line, 74);
	/* Only deploy sets the memory limit, so its line is blamed. */
	assert_int_equal(w->memory, 1024 * MIB);
	assert_int_equal(w->field_loc[CF_MEMORY].line, 80);
	assert_int_equal(w->memory_reservation, 64 * MIB);
	/* use_api_socket: true mounts the engine socket. */
	assert_int_equal(w->n_mounts, 1);
	assert_int_equal(w->mounts[0].type, MOUNT_BIND);
	assert_string_equal(w->mounts[0].source, "/var/run/docker.sock");
	assert_int_equal(w->mounts[0].loc.line, 93);
	assert_int_equal(w->n_env, 3);
	assert_string_equal(w->env[1].value, "env-value");
	assert_null(w->env[2].value);
	loaded_clear(&l);
}

static void env_file_replaces_dotenv(void **state)
{
	struct compose_options opts = {.environ = test_environ,
				       .env_file = COMPOSE "traps/alt.env"};
	struct strlist includes = {0};
	struct buf err = BUF_INIT;
	struct model *m = model_new();
	const struct container *web;

	(void)state;
	assert_non_null(m);
	assert_int_equal(compose_load(m, COMPOSE "traps/compose.yaml", &opts,
				      &includes, &err),
			 0);
	web = &m->targets[0].containers[0];
	assert_string_equal(web->name, "web");
	/* APP_UID and APP_GID come from alt.env; the environment still wins
	 * for NGINX_TAG. */
	assert_string_equal(web->user, "2002:3003");
	assert_string_equal(web->image, "nginx:from-env");
	model_free(m);
	buf_clear(&err);
}

static void missing_env_file_rejected(void **state)
{
	struct compose_options opts = {.environ = test_environ,
				       .env_file = COMPOSE "traps/none.env"};
	struct strlist includes = {0};
	struct buf err = BUF_INIT;
	struct model *m = model_new();

	(void)state;
	assert_non_null(m);
	assert_int_equal(compose_load(m, COMPOSE "traps/compose.yaml", &opts,
				      &includes, &err),
			 SW_EIO);
	assert_non_null(strstr(buf_str(&err), "none.env: cannot open"));
	model_free(m);
	buf_clear(&err);
}

static void profiles_select_services(void **state)
{
	struct loaded l;

	(void)state;
	load(&l, "traps/compose.yaml", "other");
	assert_int_equal(l.rc, 0);
	assert_int_equal(l.m->targets[0].n_containers, 2);
	loaded_clear(&l);
	load(&l, "traps/compose.yaml", "debug");
	assert_int_equal(l.rc, 0);
	assert_int_equal(l.m->targets[0].n_containers, 3);
	loaded_clear(&l);
	load(&l, "traps/compose.yaml", "*");
	assert_int_equal(l.rc, 0);
	assert_int_equal(l.m->targets[0].n_containers, 3);
	loaded_clear(&l);
}

static void unsupported_settings_noted(void **state)
{
	struct loaded l;
	const struct target *t;
	int found = 0;

	(void)state;
	load(&l, "notes/compose.yaml", NULL);
	assert_int_equal(l.rc, 0);
	t = &l.m->targets[0];
	assert_int_equal(l.includes.n, 1);
	assert_string_equal(l.includes.v[0], COMPOSE "notes/other.yml");
	for (size_t i = 0; i < t->notes.n; i++) {
		const char *n = t->notes.v[i];

		found += strstr(n, "remote file 'https://example.com") != NULL;
		found += strstr(n, "remote file 'git@github.com") != NULL;
		found += strstr(n, ":9: services.app.extends is not "
				   "supported") != NULL;
		found +=
		    strstr(n, ":11: services.app.env_file is not read") != NULL;
		found += strstr(n, "REGISTRY is not set") != NULL;
	}
	if (found != 5)
		for (size_t i = 0; i < t->notes.n; i++)
			print_error("note: %s\n", t->notes.v[i]);
	assert_int_equal(found, 5);
	assert_int_equal(t->notes.n, 5);
	loaded_clear(&l);
}

struct invalid_case {
	const char *file;
	const char *position; /* ":LINE:COLUMN: " */
	const char *message;
};

static const struct invalid_case invalid_cases[] = {
    {"broken-yaml.yaml", ":5:1: ", "invalid YAML"},
    {"unknown-top-key.yaml", ":4:1: ", "unknown top-level key 'servics'"},
    {"unknown-service-key.yaml", ":4:5: ",
     "services.web: unknown key 'privilegd'; did you mean 'privileged'?"},
    {"duplicate-merge-key.yaml",
     ":9:5: ", "invalid YAML: duplicate merge key '<<'"},
    {"invalid-boolean.yaml",
     ":4:17: ", "services.web.privileged: invalid boolean 'maybe'"},
    {"required-variable.yaml", ":3:12: ",
     "services.web.image: required variable IMAGE is not set: set IMAGE "
     "to the image to deploy"},
    {"conflicting-limits.yaml", ":8:11: ",
     "services.web: 'mem_limit' and 'deploy.resources.limits.memory' set different "
     "values"},
    {"invalid-port.yaml",
     ":5:9: ", "services.web.ports: invalid host port 'http' in 'http:80'"},
    {"no-image.yaml", ":2:3: ",
     "services.web: the service has neither an image nor a build context"},
    {"invalid-utf8.yaml", ":3:15: ", "invalid UTF-8"},
    {"empty.yaml", ":1:1: ", "the compose file is empty"},
    {"two-documents.yaml", ":5:1: ", "a second YAML document starts here"},
    {"top-level-list.yaml", ":1:3: ",
     "the top level of a compose file must be a mapping, found a list"},
    {"invalid-size.yaml",
     ":4:16: ", "services.web.mem_limit: invalid size 'lots'"},
    {"invalid-volume.yaml",
     ":5:9: ", "services.web.volumes: invalid volume 'a:b:c:d'"},
    {"invalid-restart.yaml",
     ":4:14: ", "services.web.restart: invalid restart policy 'sometimes'"},
    {"invalid-healthcheck.yaml", ":5:14: ",
     "services.web.healthcheck.test: the test list must start with CMD"},
    {"unterminated-variable.yaml", ":4:11: ",
     "services.web.user: invalid interpolation '${UID:-1000': '${' has no "
     "closing '}'"},
    {"unknown-alias.yaml", ":4:14: ", "unknown alias '*missing'"},
};

static void invalid_files_rejected(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(invalid_cases) / sizeof(invalid_cases[0]);
	     i++) {
		const struct invalid_case *c = &invalid_cases[i];
		struct loaded l;
		char name[256], want[512];
		bool ok;

		snprintf(name, sizeof(name), "invalid/%s", c->file);
		load(&l, name, NULL);
		snprintf(want, sizeof(want), "%s%s%s%s", COMPOSE, name,
			 c->position, c->message);
		ok = l.rc == SW_EINVAL && strstr(buf_str(&l.err), want) &&
		     l.m->n_targets == 0;
		if (!ok)
			print_error("%s: rc %d, message '%s', expected '%s'\n",
				    c->file, l.rc, buf_str(&l.err), want);
		assert_true(ok);
		loaded_clear(&l);
	}
}

static void byte_order_mark_accepted(void **state)
{
	struct loaded l;

	(void)state;
	load(&l, "bom/compose.yaml", NULL);
	assert_int_equal(l.rc, 0);
	assert_string_equal(service(&l, "web")->image, "nginx");
	assert_int_equal(service(&l, "web")->loc.line, 2);
	loaded_clear(&l);
}

static void default_names_recognised(void **state)
{
	(void)state;
	assert_true(compose_is_default_name("compose.yaml"));
	assert_true(compose_is_default_name("compose.yml"));
	assert_true(compose_is_default_name("docker-compose.yml"));
	assert_true(compose_is_default_name("docker-compose.yaml"));
	assert_false(compose_is_default_name("compose.override.yaml"));
	assert_false(compose_is_default_name("my-compose.yaml"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(target_describes_file),
	    cmocka_unit_test(merge_and_strings_as_booleans),
	    cmocka_unit_test(interpolation_environment_wins),
	    cmocka_unit_test(ports_short_and_long),
	    cmocka_unit_test(volumes_short_and_long),
	    cmocka_unit_test(devices_and_capabilities),
	    cmocka_unit_test(health_restart_ulimits),
	    cmocka_unit_test(namespaces_and_deploy_limits),
	    cmocka_unit_test(env_file_replaces_dotenv),
	    cmocka_unit_test(missing_env_file_rejected),
	    cmocka_unit_test(profiles_select_services),
	    cmocka_unit_test(unsupported_settings_noted),
	    cmocka_unit_test(invalid_files_rejected),
	    cmocka_unit_test(byte_order_mark_accepted),
	    cmocka_unit_test(default_names_recognised),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
