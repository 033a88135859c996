#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "assess/diff.h"
#include "cli/cli.h"
#include "cli/store_args.h"
#include "util/error.h"
#include "util/strutil.h"

struct diff_options {
	const char *sides[2];
	const char *store;
	const char *config;
	bool json;
	bool no_color;
};

static void diff_usage(FILE *out)
{
	fputs("usage: stridewatch diff A B [--format text|json] [--store PATH "
	      "| --config FILE]\n\n"
	      "Lists what changed from A to B: findings fixed, new, removed "
	      "with their\ncontainer, waivers that started or ended, and the "
	      "points each change moved\nthe score, adding up to the change "
	      "of score.\n\n"
	      "A and B are each an assessment ID from 'stridewatch history' "
	      "or a JSON report\nfile ('stridewatch scan --format json').\n\n"
	      "  --format FMT    text (default) or json\n"
	      "  --no-color      no colours (also when NO_COLOR is set)\n"
	      "  --store PATH    the SQLite history store, for IDs\n"
	      "  --config FILE   read the store path from this watch "
	      "configuration\n"
	      "                  (default /etc/stridewatch/watch.yaml)\n",
	      out);
}

static int diff_parse(int argc, char **argv, struct diff_options *o)
{
	static const struct option options[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"store", required_argument, NULL, 's'},
	    {"config", required_argument, NULL, 'c'},
	    {"no-color", no_argument, NULL, 'n'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:h", options, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!str_eq(optarg, "text") &&
			    !str_eq(optarg, "json")) {
				fprintf(stderr,
					"stridewatch: --format: invalid value "
					"'%s'; diff writes text or json\n",
					optarg);
				return -1;
			}
			o->json = str_eq(optarg, "json");
			break;
		case 's':
			o->store = optarg;
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'n':
			o->no_color = true;
			break;
		case 'h':
			diff_usage(stdout);
			return 1;
		default:
			fputs(
			    "Run 'stridewatch diff --help' for the options.\n",
			    stderr);
			return -1;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "stridewatch: diff compares two assessments: "
				"give A and B (IDs or JSON reports)\n");
		return -1;
	}
	o->sides[0] = argv[optind];
	o->sides[1] = argv[optind + 1];
	return 0;
}

/* An argument names a stored assessment when it is a number, not a file. */
static bool is_stored(const char *arg, int64_t *id)
{
	struct stat st;

	return stat(arg, &st) != 0 && parse_int64(arg, 1, INT64_MAX, id) == 0;
}

static int side_read(const struct diff_options *o, const char *arg,
		     struct store **s, struct assessment_record **out,
		     char *label, size_t label_size)
{
	struct buf err = BUF_INIT;
	int64_t id;
	int rc;

	if (is_stored(arg, &id)) {
		if (!*s)
			*s = store_args_open(o->store, o->config);
		if (!*s)
			return SW_EINVAL;
		rc = store_read_assessment(*s, id, out, &err);
		snprintf(label, label_size, "assessment %lld", (long long)id);
	} else {
		rc = assessment_record_read_report(arg, out, &err);
		snprintf(label, label_size, "%s", arg);
	}
	if (rc)
		fprintf(stderr, "stridewatch: %s\n", buf_str(&err));
	buf_clear(&err);
	return rc;
}

int cmd_diff(int argc, char **argv)
{
	struct diff_options o = {0};
	struct assessment_record *a = NULL, *b = NULL;
	struct store *s = NULL;
	struct diff *d = NULL;
	char label_a[256], label_b[256];
	int rc = diff_parse(argc, argv, &o), status = EXIT_USAGE;
	bool color;

	if (rc)
		return rc > 0 ? EXIT_DONE : EXIT_USAGE;
	if (side_read(&o, o.sides[0], &s, &a, label_a, sizeof(label_a)) ||
	    side_read(&o, o.sides[1], &s, &b, label_b, sizeof(label_b)))
		goto out;
	if (diff_records(a, b, &d)) {
		fputs("stridewatch: out of memory comparing the assessments\n",
		      stderr);
		goto out;
	}
	color = !o.no_color && !getenv("NO_COLOR") && isatty(STDOUT_FILENO);
	rc = o.json ? diff_write_json(stdout, d, label_a, label_b)
		    : diff_write_text(stdout, d, label_a, label_b, color);
	status = rc ? EXIT_USAGE : EXIT_DONE;
out:
	diff_free(d);
	assessment_record_free(a);
	assessment_record_free(b);
	store_close(s);
	return status;
}
