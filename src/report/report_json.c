#include "report/report.h"

#include "util/error.h"

int report_json(FILE *out, const struct assessment *a,
	      const struct report_options *opts)
{
	(void)out;
	(void)a;
	(void)opts;
	return SW_EINVAL;
}
