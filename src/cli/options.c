#include "cli/options.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/error.h"
#include "util/strutil.h"

void common_options_init(struct common_options *o)
{
	memset(o, 0, sizeof(*o));
	o->format = REPORT_TEXT;
	o->fail_on = -1;
}

void common_options_clear(struct common_options *o)
{
	free(o->selection.include);
	free(o->selection.exclude);
	waiver_list_free(o->waivers);
	memset(o, 0, sizeof(*o));
}

/* Appends the comma-separated IDs of `arg` (kept as pointers into argv). */
static int list_append(const char ***list, size_t *n, char *arg)
{
	for (char *save = NULL, *id = strtok_r(arg, ",", &save); id;
	     id = strtok_r(NULL, ",", &save)) {
		const char **grown = realloc(*list, (*n + 1) * sizeof(**list));

		if (!grown)
			return -1;
		*list = grown;
		(*list)[(*n)++] = id;
	}
	return 0;
}

/* Parses a score of 0 to 100 with at most one decimal ("72.5"). */
static int parse_score_tenths(const char *s, unsigned *out)
{
	char whole[8] = "";
	const char *dot = strchr(s, '.');
	size_t len = dot ? (size_t)(dot - s) : strlen(s);
	unsigned w, frac = 0;

	if (len == 0 || len >= sizeof(whole))
		return -1;
	memcpy(whole, s, len);
	if (parse_uint(whole, 100, &w))
		return -1;
	if (dot) {
		if (strlen(dot + 1) != 1 || parse_uint(dot + 1, 9, &frac))
			return -1;
	}
	if (w * 10 + frac > 1000)
		return -1;
	*out = w * 10 + frac;
	return 0;
}

int common_option_apply(struct common_options *o, const char *name,
			const char *arg)
{
	if (str_eq(name, "checks") || str_eq(name, "exclude")) {
		bool inc = str_eq(name, "checks");

		if (strspn(arg, ", ") == strlen(arg)) {
			fprintf(stderr,
				"stridewatch: --%s needs rule IDs or "
				"sections, such as 5.5 or 2,5.1\n",
				name);
			return -1;
		}
		if (list_append(inc ? &o->selection.include
				    : &o->selection.exclude,
				inc ? &o->selection.n_include
				    : &o->selection.n_exclude,
				(char *)arg)) {
			fprintf(stderr, "stridewatch: out of memory\n");
			return -1;
		}
		return 1;
	}
	if (str_eq(name, "level")) {
		unsigned level;

		if (parse_uint(arg, 2, &level) || level == 0) {
			fprintf(stderr,
				"stridewatch: invalid --level '%s': use 1 "
				"(level 1 only) or 2 (both levels)\n",
				arg);
			return -1;
		}
		o->selection.level = (int)level;
		return 1;
	}
	if (str_eq(name, "format")) {
		int f = report_format_parse(arg);

		if (f < 0) {
			fprintf(stderr,
				"stridewatch: invalid --format '%s': use "
				"text, json, sarif, junit, csv or html\n",
				arg);
			return -1;
		}
		o->format = (enum report_format)f;
		return 1;
	}
	if (str_eq(name, "output")) {
		o->output = arg;
		return 1;
	}
	if (str_eq(name, "fail-under")) {
		if (parse_score_tenths(arg, &o->fail_under_tenths)) {
			fprintf(stderr,
				"stridewatch: invalid --fail-under '%s': give "
				"a score from 0 to 100 with at most one "
				"decimal, such as 80 or 72.5\n",
				arg);
			return -1;
		}
		o->fail_under_set = true;
		return 1;
	}
	if (str_eq(name, "fail-on")) {
		o->fail_on = severity_parse(arg);
		if (o->fail_on < 0) {
			fprintf(stderr,
				"stridewatch: invalid --fail-on '%s': use low, "
				"medium, high or critical\n",
				arg);
			return -1;
		}
		return 1;
	}
	if (str_eq(name, "no-color")) {
		o->no_color = true;
		return 1;
	}
	if (str_eq(name, "waivers")) {
		o->waivers_path = arg;
		return 1;
	}
	if (str_eq(name, "quiet")) {
		o->quiet = true;
		return 1;
	}
	if (str_eq(name, "verbose")) {
		o->verbose = true;
		return 1;
	}
	return 0;
}

int common_options_load_waivers(struct common_options *o)
{
	const char *path = o->waivers_path;
	struct buf err = BUF_INIT;
	int rc;

	if (!path) {
		path = getenv("STRIDEWATCH_WAIVERS");
		if (!path || !*path)
			return 0;
	}
	rc = waiver_list_load(path, &o->waivers, &err);
	if (rc) {
		fprintf(stderr, "stridewatch: %s\n",
			err.len ? buf_str(&err) : sw_strerror(rc));
		buf_clear(&err);
		return -1;
	}
	o->selection.waivers = o->waivers;
	return 0;
}

void common_options_usage(FILE *out)
{
	fputs("  --format FORMAT     text (default), json, sarif, junit, csv "
	      "or html\n"
	      "  --output FILE       write the report to FILE instead of "
	      "stdout\n"
	      "  --checks IDS        run only these rules or sections "
	      "(comma-separated: 5.5,2)\n"
	      "  --exclude IDS       skip these rules or sections\n"
	      "  --level 1|2         1: CIS level 1 rules only; 2: all "
	      "(default)\n"
	      "  --fail-under SCORE  exit 1 when the score is below SCORE "
	      "(0-100)\n"
	      "  --fail-on SEVERITY  exit 1 when a finding has this "
	      "severity or higher\n"
	      "  --waivers FILE      apply the accepted exceptions of this "
	      "YAML file\n"
	      "                      (default: $STRIDEWATCH_WAIVERS)\n"
	      "  --no-color          no colours (also when NO_COLOR is "
	      "set)\n"
	      "  --quiet             text: scores only\n"
	      "  --verbose           text: list every rule and object\n",
	      out);
}

static mode_t current_umask(void)
{
	mode_t mask = umask(0);

	umask(mask);
	return mask;
}

static bool use_color(const struct common_options *o, FILE *out)
{
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (o->no_color || o->format != REPORT_TEXT)
		return false;
	if (no_color && *no_color)
		return false;
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fileno(out));
}

static bool fail_on_reached(const struct common_options *o,
			    const struct assessment *a)
{
	if (o->fail_on < 0)
		return false;
	for (size_t i = 0; i < a->n_hosts; i++) {
		const struct host_assessment *h = &a->hosts[i];

		for (size_t j = 0; j < h->n_results; j++) {
			const struct result *r = &h->results[j];

			if ((r->status == ST_FAIL || r->status == ST_ERROR) &&
			    (int)r->rule->severity >= o->fail_on)
				return true;
		}
	}
	return false;
}

static bool below_fail_under(const struct common_options *o,
			     const struct assessment *a)
{
	const struct score *s = &a->fleet;

	if (!o->fail_under_set || !s->counted)
		return false;
	/* passed / counted < tenths / 1000, decided in integers */
	return 1000 * s->passed < (uint64_t)o->fail_under_tenths * s->counted;
}

/*
 * Opens a temporary file beside `path`, named in `tmp`, for the report.
 * Prints the error and returns NULL when it cannot be created.
 */
static FILE *output_open(const char *path, struct buf *tmp)
{
	FILE *out;
	int fd;

	if (buf_printf(tmp, "%s.XXXXXX", path)) {
		fprintf(stderr, "stridewatch: --output path too long\n");
		return NULL;
	}
	fd = mkostemp(tmp->data, O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr,
			"stridewatch: cannot write the report to '%s': %s\n",
			path, strerror(errno));
		return NULL;
	}
	/* mkostemp creates the file 0600; a report is for sharing. */
	fchmod(fd, 0644 & ~current_umask());
	out = fdopen(fd, "w");
	if (!out) {
		close(fd);
		unlink(tmp->data);
	}
	return out;
}

int common_report_and_gate(const struct common_options *o,
			   const struct assessment *a, const char *command)
{
	struct report_options ro = {
		.verbose = o->verbose,
		.quiet = o->quiet,
		.command = command,
	};
	struct buf tmp = BUF_INIT;
	FILE *out = stdout;
	int rc;

	if (o->output) {
		out = output_open(o->output, &tmp);
		if (!out)
			return EXIT_USAGE;
	}
	ro.color = use_color(o, out);
	rc = report_write(out, a, o->format, &ro);
	if (out != stdout && fclose(out) != 0)
		rc = -1;
	/* The report replaces --output only once it is complete, so a
	 * failed write never leaves a truncated file behind. */
	if (out != stdout && !rc && rename(buf_str(&tmp), o->output) != 0) {
		fprintf(stderr,
			"stridewatch: cannot write the report to '%s': %s\n",
			o->output, strerror(errno));
		rc = -1;
	}
	if (out != stdout && rc)
		unlink(buf_str(&tmp));
	buf_clear(&tmp);
	if (rc) {
		fprintf(stderr, "stridewatch: writing the %s report to '%s' "
				"failed\n",
			report_format_name(o->format),
			o->output ? o->output : "stdout");
		return EXIT_USAGE;
	}
	if (below_fail_under(o, a)) {
		fprintf(stderr,
			"stridewatch: score %.1f is below --fail-under %u.%u\n",
			score_value(&a->fleet), o->fail_under_tenths / 10,
			o->fail_under_tenths % 10);
		return EXIT_GATE;
	}
	if (fail_on_reached(o, a)) {
		fprintf(stderr, "stridewatch: a finding reaches --fail-on %s\n",
			severity_name((enum severity)o->fail_on));
		return EXIT_GATE;
	}
	return EXIT_DONE;
}
