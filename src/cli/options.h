/* Option values shared by the assessing subcommands (scan, lint). */
#ifndef SW_OPTIONS_H
#define SW_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "assess/assess.h"
#include "assess/waiver.h"
#include "report/report.h"

/* The options of design's command-line contract that scan and lint share. */
struct common_options {
	struct selection selection;
	enum report_format format;
	const char *output; /* NULL = stdout */
	bool no_color;
	bool quiet;
	bool verbose;
	bool fail_under_set;
	unsigned fail_under_tenths; /* --fail-under 72.5 is 725 */
	int fail_on;                /* enum severity, -1 when not given */
	const char *waivers_path;   /* --waivers; NULL when not given */
	struct waiver_list *waivers; /* loaded; selection.waivers points here */
};

void common_options_init(struct common_options *o);
void common_options_clear(struct common_options *o);

/*
 * Applies one of the shared options (by its long name) with its argument.
 * Returns 1 when the option was one of them, 0 when not, and -1 after
 * printing an error for an invalid value.
 */
int common_option_apply(struct common_options *o, const char *name,
			const char *arg);

/*
 * Loads the waivers file of --waivers, or else of STRIDEWATCH_WAIVERS when
 * that is set and not empty, and points the selection at it. Returns 0, or
 * -1 after printing why the file is invalid (exit code 2).
 */
int common_options_load_waivers(struct common_options *o);

/* The help lines for the shared options. */
void common_options_usage(FILE *out);

/*
 * Writes the report where --output says and applies the gates. Returns the
 * exit code: 0, 1 (below --fail-under or a --fail-on finding) or 2.
 */
int common_report_and_gate(const struct common_options *o,
			   const struct assessment *a, const char *command);

#endif
