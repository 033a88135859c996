#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "lint/interpolate.h"
#include "lint/source.h"
#include "util/error.h"

#define DOTENV FIXTURES "/lint/dotenv/"

static char *test_environ[] = {"SET=value", "EMPTY=", "TAG=1.25", NULL};

struct unset_log {
	char names[256];
};

static void log_unset(void *data, const char *name)
{
	struct unset_log *log = data;

	strncat(log->names, name, sizeof(log->names) - strlen(log->names) - 2);
	strcat(log->names, ",");
}

struct case_ {
	const char *in;
	const char *out;   /* NULL: the interpolation fails */
	const char *error; /* a part of the message when it fails */
};

static const struct case_ cases[] = {
    {"plain text", "plain text", NULL},
    {"$SET", "value", NULL},
    {"${SET}", "value", NULL},
    {"a${SET}b", "avalueb", NULL},
    {"$SETx", "", NULL}, /* the name is SETx, which is unset */
    {"${SET}x", "valuex", NULL},
    {"${UNSET}", "", NULL},
    {"${UNSET:-fallback}", "fallback", NULL},
    {"${EMPTY:-fallback}", "fallback", NULL},
    {"${SET:-fallback}", "value", NULL},
    {"${UNSET-fallback}", "fallback", NULL},
    {"${EMPTY-fallback}", "", NULL},
    {"${SET:+alt}", "alt", NULL},
    {"${EMPTY:+alt}", "", NULL},
    {"${EMPTY+alt}", "alt", NULL},
    {"${UNSET+alt}", "", NULL},
    {"${SET:?must be set}", "value", NULL},
    {"${EMPTY?must be set}", "", NULL},
    {"${UNSET:?must be set}", NULL, "UNSET is not set: must be set"},
    {"${EMPTY:?must not be empty}", NULL, "EMPTY is empty"},
    {"${UNSET?}", NULL, "required variable UNSET is not set"},
    {"$$SET", "$SET", NULL},
    {"$${SET}", "${SET}", NULL},
    {"cost: 5$", "cost: 5$", NULL},
    {"$1 $ x", "$1 $ x", NULL},
    {"nginx:${TAG:-latest}", "nginx:1.25", NULL},
    {"${UNSET:-${SET}}", "value", NULL},
    {"${UNSET:-${ALSO_UNSET:-deep}}", "deep", NULL},
    {"${UNSET:-{braces}}", "{braces}", NULL},
    {"${}", NULL, "invalid interpolation '${}'"},
    {"${1abc}", NULL, "invalid interpolation"},
    {"${SET:x}", NULL, "invalid interpolation '${SET:x}'"},
    {"${SET", NULL, "has no closing '}'"},
    {"${SET!}", NULL, "invalid interpolation"},
};

static void interpolation_cases(void **state)
{
	struct varmap vm;
	struct interpolation ip = {.vars = &vm};

	(void)state;
	varmap_init(&vm);
	assert_int_equal(varmap_add_environ(&vm, test_environ), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf out = BUF_INIT, err = BUF_INIT;
		int rc = interpolate(&ip, cases[i].in, &out, &err);

		if (cases[i].out) {
			if (rc)
				print_error("'%s' failed: %s\n", cases[i].in,
					    buf_str(&err));
			assert_int_equal(rc, 0);
			if (strcmp(buf_str(&out), cases[i].out) != 0)
				print_error("'%s' gave '%s'\n", cases[i].in,
					    buf_str(&out));
			assert_string_equal(buf_str(&out), cases[i].out);
		} else {
			if (!rc)
				print_error("'%s' gave '%s', expected an "
					    "error\n",
					    cases[i].in, buf_str(&out));
			assert_int_equal(rc, SW_EINVAL);
			if (!strstr(buf_str(&err), cases[i].error))
				print_error("'%s': message '%s'\n", cases[i].in,
					    buf_str(&err));
			assert_non_null(strstr(buf_str(&err), cases[i].error));
		}
		buf_clear(&out);
		buf_clear(&err);
	}
	varmap_clear(&vm);
}

static void unset_variables_reported(void **state)
{
	struct varmap vm;
	struct unset_log log = {""};
	struct interpolation ip = {
	    .vars = &vm, .unset = log_unset, .unset_data = &log};
	struct buf out = BUF_INIT, err = BUF_INIT;

	(void)state;
	varmap_init(&vm);
	assert_int_equal(varmap_add_environ(&vm, test_environ), 0);
	assert_int_equal(
	    interpolate(&ip, "$A ${B} ${C:-x} $SET $EMPTY", &out, &err), 0);
	/* A default means the value is not missing; empty is set. */
	assert_string_equal(log.names, "A,B,");
	buf_clear(&out);
	buf_clear(&err);
	varmap_clear(&vm);
}

static void nesting_limited(void **state)
{
	struct varmap vm;
	struct interpolation ip = {.vars = &vm};
	struct buf in = BUF_INIT, out = BUF_INIT, err = BUF_INIT;

	(void)state;
	varmap_init(&vm);
	for (int i = 0; i < 40; i++)
		buf_puts(&in, "${X:-");
	for (int i = 0; i < 40; i++)
		buf_puts(&in, "}");
	assert_int_equal(interpolate(&ip, buf_str(&in), &out, &err), SW_ELIMIT);
	assert_non_null(strstr(buf_str(&err), "deeper than 32"));
	buf_clear(&in);
	buf_clear(&out);
	buf_clear(&err);
	varmap_clear(&vm);
}

static void read_dotenv(struct varmap *vm, const char *name, int expect_rc,
			struct buf *err)
{
	struct buf text = BUF_INIT;
	char path[512];

	snprintf(path, sizeof(path), "%s%s", DOTENV, name);
	assert_int_equal(source_read(path, &text, err), 0);
	assert_int_equal(
	    dotenv_parse(vm, name, buf_str(&text), test_environ, err),
	    expect_rc);
	buf_clear(&text);
}

static void dotenv_forms(void **state)
{
	struct varmap vm;
	struct buf err = BUF_INIT;

	(void)state;
	varmap_init(&vm);
	assert_int_equal(varmap_add_environ(&vm, test_environ), 0);
	read_dotenv(&vm, "forms.env", 0, &err);
	assert_string_equal(varmap_get(&vm, "PLAIN"), "plain value");
	assert_string_equal(varmap_get(&vm, "EXPORTED"), "yes");
	assert_string_equal(varmap_get(&vm, "COMMENTED"), "before");
	assert_string_equal(varmap_get(&vm, "HASH_INSIDE"), "a#b");
	assert_string_equal(varmap_get(&vm, "SINGLE"), "no $SET here");
	assert_string_equal(varmap_get(&vm, "DOUBLE"), "tab\there value");
	assert_string_equal(varmap_get(&vm, "ESCAPED_DOLLAR"), "$SET");
	assert_string_equal(varmap_get(&vm, "MULTI"), "line one\nline two");
	assert_string_equal(varmap_get(&vm, "REFERS"), "plain value!");
	assert_string_equal(varmap_get(&vm, "DEFAULTED"), "fallback");
	assert_string_equal(varmap_get(&vm, "EMPTY_VALUE"), "");
	assert_string_equal(varmap_get(&vm, "COLON_FORM"), "yaml style");
	/* The environment wins over the file. */
	assert_string_equal(varmap_get(&vm, "SET"), "value");
	/* A bare name takes the environment's value. */
	assert_string_equal(varmap_get(&vm, "TAG"), "1.25");
	assert_null(varmap_get(&vm, "BARE_UNSET"));
	buf_clear(&err);
	varmap_clear(&vm);
}

static void dotenv_errors_have_lines(void **state)
{
	struct varmap vm;
	struct buf err = BUF_INIT;

	(void)state;
	varmap_init(&vm);
	read_dotenv(&vm, "unclosed.env", SW_EINVAL, &err);
	assert_non_null(strstr(buf_str(&err), "unclosed.env:2:"));
	assert_non_null(strstr(buf_str(&err), "never closed"));
	buf_reset(&err);
	read_dotenv(&vm, "badname.env", SW_EINVAL, &err);
	assert_non_null(strstr(buf_str(&err), "badname.env:3:"));
	assert_non_null(strstr(buf_str(&err), "variable name"));
	buf_reset(&err);
	read_dotenv(&vm, "required.env", SW_EINVAL, &err);
	assert_non_null(strstr(buf_str(&err), "required.env:1:"));
	assert_non_null(strstr(buf_str(&err), "DB_HOST is not set"));
	buf_clear(&err);
	varmap_clear(&vm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(interpolation_cases),
	    cmocka_unit_test(unset_variables_reported),
	    cmocka_unit_test(nesting_limited),
	    cmocka_unit_test(dotenv_forms),
	    cmocka_unit_test(dotenv_errors_have_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
