/* Reporters: each writes an assessment in one output format. */
#ifndef SW_REPORT_H
#define SW_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "assess/assess.h"

enum report_format {
	REPORT_TEXT,
	REPORT_JSON,
	REPORT_SARIF,
	REPORT_JUNIT,
	REPORT_CSV,
	REPORT_HTML,
	REPORT_COUNT
};

struct report_options {
	bool color;   /* ANSI colours in text output */
	bool verbose; /* text: list passed and not applicable rules too */
	bool quiet;   /* text: scores only */
	const char *command; /* "scan" or "lint", for SARIF and JUnit */
};

/* Returns -1 for an unknown format name. */
int report_format_parse(const char *name);
const char *report_format_name(enum report_format f);

/* Writes the report; returns 0 or SW_EIO when writing failed. */
int report_write(FILE *out, const struct assessment *a, enum report_format f,
		 const struct report_options *opts);

int report_text(FILE *out, const struct assessment *a,
		const struct report_options *opts);
int report_json(FILE *out, const struct assessment *a,
		const struct report_options *opts);
int report_sarif(FILE *out, const struct assessment *a,
		 const struct report_options *opts);
int report_junit(FILE *out, const struct assessment *a,
		 const struct report_options *opts);
int report_csv(FILE *out, const struct assessment *a,
	       const struct report_options *opts);
int report_html(FILE *out, const struct assessment *a,
		const struct report_options *opts);

#endif
