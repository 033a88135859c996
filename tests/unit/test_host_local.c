/*
 * The local host reader's programs: auditctl runs from a fixed path, so an
 * auditctl earlier in PATH never runs as root in its place.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect/host_reader.h"
#include "util/error.h"

/* Writes an executable `auditctl` into `dir` that leaves `marker`. */
static void write_fake_auditctl(const char *dir, const char *marker)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/auditctl", dir);
	f = fopen(path, "we");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n: >'%s'\necho '-w /fake-rule -p wa'\n", marker);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, 0755), 0);
}

static void auditctl_ignores_path(void **state)
{
	char dir[] = "/tmp/swtestXXXXXX";
	char marker[256], fake[256];
	const char *old_path = getenv("PATH");
	char *saved = old_path ? strdup(old_path) : NULL;
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct host_reader r;
	int rc;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(marker, sizeof(marker), "%s/ran", dir);
	write_fake_auditctl(dir, marker);
	assert_int_equal(host_reader_local("/", &r, &err), 0);

	assert_int_equal(setenv("PATH", dir, 1), 0);
	rc = r.auditctl(&r, &out, &err);
	if (saved)
		setenv("PATH", saved, 1);
	else
		unsetenv("PATH");

	/* The real auditctl may fail here (no audit access) or be missing. */
	if (rc)
		assert_true(err.len > 0);
	assert_int_not_equal(access(marker, F_OK), 0);
	assert_null(strstr(buf_str(&out), "/fake-rule"));
	r.close(&r);
	buf_clear(&out);
	buf_clear(&err);
	free(saved);
	snprintf(fake, sizeof(fake), "%s/auditctl", dir);
	unlink(fake);
	unlink(marker);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(auditctl_ignores_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
