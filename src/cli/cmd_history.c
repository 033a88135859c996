#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/store_args.h"
#include "server/api_json.h"
#include "util/strutil.h"

/* The number of newest rows printed without --limit. */
#define HISTORY_DEFAULT_LIMIT 50

struct history_options {
	const char *host;
	const char *store;
	const char *config;
	size_t limit; /* 0: all */
	bool json;
};

static void history_usage(FILE *out)
{
	fputs("usage: stridewatch history [--host NAME] [--limit N] [--format "
	      "text|json]\n"
	      "                           [--store PATH | --config FILE]\n\n"
	      "Prints the score of each stored assessment over time, oldest "
	      "first, with the\nchange from the host's previous assessment. "
	      "Compare two of them with\n'stridewatch diff ID ID'.\n\n"
	      "  --host NAME     one host only (default: every host)\n"
	      "  --limit N       the newest N assessments (default 50; 0 for "
	      "all)\n"
	      "  --format FMT    text (default) or json\n"
	      "  --store PATH    the SQLite history store\n"
	      "  --config FILE   read the store path from this watch "
	      "configuration\n"
	      "                  (default /etc/stridewatch/watch.yaml)\n",
	      out);
}

static int history_parse(int argc, char **argv, struct history_options *o)
{
	static const struct option options[] = {
	    {"host", required_argument, NULL, 'H'},
	    {"limit", required_argument, NULL, 'n'},
	    {"format", required_argument, NULL, 'f'},
	    {"store", required_argument, NULL, 's'},
	    {"config", required_argument, NULL, 'c'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int64_t limit;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "H:n:f:h", options, NULL)) != -1) {
		switch (c) {
		case 'H':
			o->host = optarg;
			break;
		case 'n':
			if (parse_int64(optarg, 0, 1000000000, &limit)) {
				fprintf(stderr,
					"stridewatch: --limit: invalid value "
					"'%s'; give a whole number, 0 for "
					"all\n",
					optarg);
				return -1;
			}
			o->limit = (size_t)limit;
			break;
		case 'f':
			if (!str_eq(optarg, "text") &&
			    !str_eq(optarg, "json")) {
				fprintf(stderr,
					"stridewatch: --format: invalid value "
					"'%s'; history writes text or json\n",
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
		case 'h':
			history_usage(stdout);
			return 1;
		default:
			fputs("Run 'stridewatch history --help' for the "
			      "options.\n",
			      stderr);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "stridewatch: unexpected argument '%s'\n",
			argv[optind]);
		return -1;
	}
	return 0;
}

/* The score of the same host's previous row, or a negative number. */
static double previous_score(const struct assessment_summary *rows, size_t i)
{
	for (size_t j = i; j-- > 0;)
		if (str_eq(rows[j].host, rows[i].host))
			return rows[j].score.value;
	return -1;
}

static void history_text(const struct assessment_summary *rows, size_t n,
			 size_t first)
{
	printf("%-7s %-20s  %-16s %-10s %6s %-5s %7s  %-15s %s\n", "ID",
	       "ASSESSED AT", "HOST", "TRIGGER", "SCORE", "GRADE", "CHANGE",
	       "FAILING C/H/M/L", "CONTAINERS");
	for (size_t i = first; i < n; i++) {
		const struct assessment_summary *r = &rows[i];
		double before = previous_score(rows, i);
		char change[16], failing[32];

		if (before < 0)
			snprintf(change, sizeof(change), "%7s", "-");
		else
			snprintf(change, sizeof(change), "%+7.1f",
				 r->score.value - before);
		snprintf(failing, sizeof(failing), "%zu/%zu/%zu/%zu",
			 r->failing_by_severity[SEV_CRITICAL],
			 r->failing_by_severity[SEV_HIGH],
			 r->failing_by_severity[SEV_MEDIUM],
			 r->failing_by_severity[SEV_LOW]);
		printf("%-7lld %-20s  %-16s %-10s %6.1f %-5c %s  %-15s %zu\n",
		       (long long)r->id, r->generated_at, r->host, r->trigger,
		       r->score.value, r->score.grade, change, failing,
		       r->containers);
	}
}

static int history_json(const struct assessment_summary *rows, size_t n,
			size_t first)
{
	json_t *list = json_array();
	json_t *doc;
	int rc;

	for (size_t i = first; i < n; i++)
		json_array_append_new(list, api_summary_json(&rows[i]));
	doc = json_pack("{s:s, s:o}", "schema", "stridewatch.history/1",
			"assessments", list);
	rc = doc ? json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII)
		 : -1;
	fputc('\n', stdout);
	json_decref(doc);
	return rc;
}

int cmd_history(int argc, char **argv)
{
	struct history_options o = {.limit = HISTORY_DEFAULT_LIMIT};
	struct assessment_summary *rows = NULL;
	struct arena a = ARENA_INIT;
	struct buf err = BUF_INIT;
	struct store *s;
	size_t n = 0, first = 0;
	int rc = history_parse(argc, argv, &o), status = EXIT_DONE;

	if (rc)
		return rc > 0 ? EXIT_DONE : EXIT_USAGE;
	s = store_args_open(o.store, o.config);
	if (!s)
		return EXIT_USAGE;
	rc = store_list_assessments(s, o.host, 0, 0, &a, &rows, &n, &err);
	if (rc) {
		fprintf(stderr, "stridewatch: %s\n", buf_str(&err));
		status = EXIT_USAGE;
	} else {
		if (o.limit && n > o.limit)
			first = n - o.limit;
		if (o.json)
			rc = history_json(rows, n, first);
		else if (n)
			history_text(rows, n, first);
		else
			fprintf(
			    stderr, "stridewatch: no assessments stored%s%s\n",
			    o.host ? " for host " : "", o.host ? o.host : "");
	}
	store_close(s);
	arena_clear(&a);
	buf_clear(&err);
	return status;
}
