/* Engine options on the command line, and how they meet the environment. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/engine_args.h"
#include "model/snapshot.h"
#include "util/error.h"

static void clear_env(void)
{
	unsetenv("DOCKER_HOST");
	unsetenv("DOCKER_TLS_VERIFY");
	unsetenv("DOCKER_CERT_PATH");
}

static int apply(struct engine_args *a, const char *name, const char *value)
{
	struct buf err = BUF_INIT;
	int rc = engine_args_apply(a, name, value, &err);

	if (rc < 0)
		assert_true(err.len > 0);
	buf_clear(&err);
	return rc;
}

static void unknown_option_is_left_alone(void **state)
{
	struct engine_args a = {0};

	(void)state;
	assert_int_equal(apply(&a, "format", "json"), 0);
	assert_int_equal(apply(&a, "all", NULL), 0);
}

static void hosts_keep_their_order(void **state)
{
	struct engine_args a = {0};
	struct engine_options o;

	(void)state;
	clear_env();
	assert_int_equal(apply(&a, "host", "unix:///a.sock"), 1);
	assert_int_equal(apply(&a, "host", "tcp://127.0.0.1:2375"), 1);
	assert_int_equal(engine_args_count(&a), 2);
	engine_args_target(&a, 1, &o);
	assert_string_equal(o.url, "tcp://127.0.0.1:2375");
	assert_string_equal(o.url_origin, "--host");
}

static void empty_host_rejected(void **state)
{
	struct engine_args a = {0};

	(void)state;
	assert_int_equal(apply(&a, "host", ""), SW_EINVAL);
}

static void host_flag_beats_docker_host(void **state)
{
	struct engine_args a = {0};
	struct engine_options o;

	(void)state;
	setenv("DOCKER_HOST", "tcp://127.0.0.1:1", 1);
	apply(&a, "host", "unix:///flag.sock");
	engine_args_target(&a, 0, &o);
	clear_env();
	assert_string_equal(o.url, "unix:///flag.sock");
}

static void docker_host_used_without_flag(void **state)
{
	struct engine_args a = {0};
	struct engine_options o;

	(void)state;
	setenv("DOCKER_HOST", "tcp://127.0.0.1:1", 1);
	assert_int_equal(engine_args_count(&a), 1);
	engine_args_target(&a, 0, &o);
	clear_env();
	assert_string_equal(o.url, "tcp://127.0.0.1:1");
	assert_string_equal(o.url_origin, "DOCKER_HOST");
}

static void tlsverify_alone_verifies(void **state)
{
	struct engine_args a = {0};

	(void)state;
	assert_int_equal(apply(&a, "tlsverify", NULL), 1);
	assert_true(a.engine.tls_verify);
	assert_false(a.engine.tls_skip_verify);
}

static void tlsverify_false_is_explicit_opt_out(void **state)
{
	struct engine_args a = {0};
	struct engine_options o;

	(void)state;
	setenv("DOCKER_TLS_VERIFY", "1", 1);
	assert_int_equal(apply(&a, "tlsverify", "false"), 1);
	engine_args_target(&a, 0, &o);
	clear_env();
	assert_true(o.tls);
	assert_true(o.tls_skip_verify);
}

static void tls_alone_still_verifies(void **state)
{
	struct engine_args a = {0};

	(void)state;
	assert_int_equal(apply(&a, "tls", NULL), 1);
	assert_true(a.engine.tls);
	assert_false(a.engine.tls_skip_verify);
}

static void tlsverify_rejects_other_values(void **state)
{
	struct engine_args a = {0};

	(void)state;
	assert_int_equal(apply(&a, "tlsverify", "maybe"), SW_EINVAL);
}

static void tls_files_need_a_name(void **state)
{
	struct engine_args a = {0};

	(void)state;
	assert_int_equal(apply(&a, "tlscacert", ""), SW_EINVAL);
	assert_int_equal(apply(&a, "tlscert", "/c.pem"), 1);
	assert_string_equal(a.engine.cert_file, "/c.pem");
}

static void timeout_in_seconds(void **state)
{
	struct engine_args a = {0};

	(void)state;
	assert_int_equal(apply(&a, "timeout", "7"), 1);
	assert_int_equal(a.engine.timeout_ms, 7000);
	assert_int_equal(apply(&a, "connect-timeout", "2"), 1);
	assert_int_equal(a.engine.connect_timeout_ms, 2000);
}

static void timeout_rejects_junk(void **state)
{
	struct engine_args a = {0};

	(void)state;
	assert_int_equal(apply(&a, "timeout", "0"), SW_EINVAL);
	assert_int_equal(apply(&a, "timeout", "1.5"), SW_EINVAL);
	assert_int_equal(apply(&a, "timeout", "3601"), SW_EINVAL);
	assert_int_equal(apply(&a, "timeout", NULL), SW_EINVAL);
	assert_int_equal(a.engine.timeout_ms, 0);
}

static void concurrency_bounds(void **state)
{
	struct engine_args a = {0};

	(void)state;
	assert_int_equal(apply(&a, "concurrency", "0"), SW_EINVAL);
	assert_int_equal(apply(&a, "concurrency", "257"), SW_EINVAL);
	assert_int_equal(apply(&a, "concurrency", "64"), 1);
	assert_int_equal(a.engine.concurrency, 64);
}

static void exit_codes(void **state)
{
	(void)state;
	assert_int_equal(engine_args_exit_code(0), EXIT_DONE);
	assert_int_equal(engine_args_exit_code(SW_EINVAL), EXIT_USAGE);
	assert_int_equal(engine_args_exit_code(SW_ECONNECT), EXIT_UNREACHABLE);
	assert_int_equal(engine_args_exit_code(SW_EPROTO), EXIT_UNREACHABLE);
}

/* A collected target with every engine-wide part collected. */
static json_t *readable_target(void)
{
	static const char *const keys[] = {"version", "info", "containers",
					   "images", "networks"};
	json_t *t = json_pack("{s:s}", "endpoint", "unix:///tmp/sw/e.sock");

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		json_object_set_new(
		    t, keys[i],
		    snapshot_part(PART_COLLECTED, json_array(), NULL));
	return t;
}

/* Runs engine_args_warn_unreadable() and stores its stderr in `out`. */
static size_t warn_captured(json_t *target, char *out, size_t len)
{
	FILE *tmp = tmpfile();
	int saved = dup(STDERR_FILENO);
	size_t n, read_len;

	assert_non_null(tmp);
	assert_true(saved >= 0);
	fflush(stderr);
	assert_true(dup2(fileno(tmp), STDERR_FILENO) >= 0);
	n = engine_args_warn_unreadable(target);
	fflush(stderr);
	assert_true(dup2(saved, STDERR_FILENO) >= 0);
	close(saved);
	rewind(tmp);
	read_len = fread(out, 1, len - 1, tmp);
	out[read_len] = '\0';
	fclose(tmp);
	return n;
}

static void warn_unreadable_names_parts(void **state)
{
	json_t *t = readable_target();
	char out[4096];
	const char *second;

	(void)state;
	assert_int_equal(warn_captured(t, out, sizeof(out)), 0);
	assert_string_equal(out, "");

	json_object_set_new(
	    t, "containers",
	    snapshot_part(PART_FAILED, NULL, "GET /containers/json: HTTP 502"));
	json_object_set_new(t, "info",
			    snapshot_part(PART_DENIED, NULL, "HTTP 403"));
	assert_int_equal(warn_captured(t, out, sizeof(out)), 2);
	assert_non_null(strstr(out, "unix:///tmp/sw/e.sock: part \"info\" "
				    "could not be read (denied): HTTP 403\n"));
	assert_non_null(strstr(out, "unix:///tmp/sw/e.sock: part "
				    "\"containers\" could not be read "
				    "(failed): GET /containers/json: HTTP "
				    "502\n"));
	/* One line per part. */
	second = strchr(out, '\n');
	assert_non_null(second);
	assert_non_null(strchr(second + 1, '\n'));
	assert_null(strchr(strchr(second + 1, '\n') + 1, '\n'));

	json_object_del(t, "version");
	assert_int_equal(warn_captured(t, out, sizeof(out)), 3);
	assert_non_null(strstr(out, "part \"version\" could not be read "
				    "(absent): no reason given"));
	json_decref(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(unknown_option_is_left_alone),
	    cmocka_unit_test(hosts_keep_their_order),
	    cmocka_unit_test(empty_host_rejected),
	    cmocka_unit_test(host_flag_beats_docker_host),
	    cmocka_unit_test(docker_host_used_without_flag),
	    cmocka_unit_test(tlsverify_alone_verifies),
	    cmocka_unit_test(tlsverify_false_is_explicit_opt_out),
	    cmocka_unit_test(tls_alone_still_verifies),
	    cmocka_unit_test(tlsverify_rejects_other_values),
	    cmocka_unit_test(tls_files_need_a_name),
	    cmocka_unit_test(timeout_in_seconds),
	    cmocka_unit_test(timeout_rejects_junk),
	    cmocka_unit_test(concurrency_bounds),
	    cmocka_unit_test(exit_codes),
	    cmocka_unit_test(warn_unreadable_names_parts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
