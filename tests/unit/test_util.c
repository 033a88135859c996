#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/strutil.h"

static void buf_respects_maximum(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_puts(&b, "1234567"), 0);
	assert_int_equal(buf_puts(&b, "89"), SW_ELIMIT);
	assert_string_equal(buf_str(&b), "1234567");
	assert_true(b.failed);
	buf_clear(&b);
}

static void buf_printf_grows(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	for (int i = 0; i < 1000; i++)
		assert_int_equal(buf_printf(&b, "%d,", i), 0);
	assert_int_equal(b.len, 3890);
	buf_clear(&b);
}

static void parse_int64_rejects_junk(void **state)
{
	int64_t v = 7;

	(void)state;
	assert_int_equal(parse_int64("12x", 0, 100, &v), SW_EINVAL);
	assert_int_equal(parse_int64("", 0, 100, &v), SW_EINVAL);
	assert_int_equal(parse_int64(" 1", 0, 100, &v), SW_EINVAL);
	assert_int_equal(parse_int64("101", 0, 100, &v), SW_EINVAL);
	assert_int_equal(parse_int64("99999999999999999999", 0, INT64_MAX, &v),
			 SW_EINVAL);
	assert_int_equal(v, 7);
	assert_int_equal(parse_int64("-5", -10, 100, &v), 0);
	assert_int_equal(v, -5);
}

static void escape_terminal_controls(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	escape_terminal(&b, "a\x1b[31mb\nc\x7f", 100);
	assert_string_equal(buf_str(&b), "a\\x1b[31mb\\x0ac\\x7f");
	buf_reset(&b);
	/* U+0085 (NEL) is a C1 control; U+00E9 is a letter. */
	escape_terminal(&b, "\xc2\x85\xc3\xa9", 100);
	assert_string_equal(buf_str(&b), "\\xc2\\x85\xc3\xa9");
	buf_reset(&b);
	escape_terminal(&b, "\xff", 100);
	assert_string_equal(buf_str(&b), "\\xff");
	buf_reset(&b);
	escape_terminal(&b, "abcdef", 3);
	assert_string_equal(buf_str(&b), "abc...");
	buf_clear(&b);
}

static void escape_html_entities(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	escape_html(&b, "<a href=\"x\">&'");
	assert_string_equal(buf_str(&b),
			    "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
	buf_reset(&b);
	escape_html(&b, "a\x1b[2J\x07\xc2\x9b\xff\xc3\xa9");
	assert_string_equal(buf_str(&b),
			    "a\\x1b[2J\\x07\\xc2\\x9b\\xff\xc3\xa9");
	buf_clear(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_respects_maximum),
		cmocka_unit_test(buf_printf_grows),
		cmocka_unit_test(parse_int64_rejects_junk),
		cmocka_unit_test(escape_terminal_controls),
		cmocka_unit_test(escape_html_entities),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
