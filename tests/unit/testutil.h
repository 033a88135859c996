/* Helpers for the cmocka unit tests. */
#ifndef SW_TESTUTIL_H
#define SW_TESTUTIL_H

#include <math.h>
#include <stdio.h>

/* cmocka 1.1.5 (Debian 12) compares floats only as float. */
#define assert_near(actual, expected, epsilon)                                 \
	do {                                                                   \
		double a_ = (actual), e_ = (expected);                         \
		if (fabs(a_ - e_) > (epsilon)) {                               \
			print_error("%s is %.6f, expected %.6f\n", #actual,    \
				    a_, e_);                                   \
			fail();                                                \
		}                                                              \
	} while (0)

#endif
