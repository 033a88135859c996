/* Engine options on the command line, and how they meet the environment. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/engine_args.h"
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
