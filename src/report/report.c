#include "report/report.h"

#include "util/error.h"
#include "util/strutil.h"

static const char *const format_names[] = {"text", "json", "sarif",
					     "junit", "csv",  "html"};

int report_format_parse(const char *name)
{
	for (int i = 0; i < REPORT_COUNT; i++)
		if (str_eq(name, format_names[i]))
			return i;
	return -1;
}

const char *report_format_name(enum report_format f)
{
	return format_names[f];
}

int report_write(FILE *out, const struct assessment *a, enum report_format f,
		 const struct report_options *opts)
{
	static int (*const writers[])(FILE *, const struct assessment *,
				      const struct report_options *) = {
		report_text, report_json, report_sarif,
		report_junit, report_csv, report_html,
	};
	int rc = writers[f](out, a, opts);

	if (!rc && (fflush(out) != 0 || ferror(out)))
		rc = SW_EIO;
	return rc;
}
