/*
 * stridewatch rules: lists the rule catalog, prints its STRIDE
 * distribution, or explains one rule.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/assess.h"
#include "cli/cli.h"
#include "rules/rule.h"
#include "rules/stride_stats.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/strutil.h"

#define RULES_SCHEMA "stridewatch.rules/1"

struct rules_cli {
	bool json;
	bool stats;
	struct selection selection;
	const char *id; /* the rule to explain, or NULL */
};

static const struct option rules_long_options[] = {
    {"format", required_argument, NULL, 'f'},
    {"stats", no_argument, NULL, 's'},
    {"checks", required_argument, NULL, 'c'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static void rules_usage(FILE *out)
{
	fputs("usage: stridewatch rules [--format text|json] [--stats] "
	      "[--checks IDS] [ID]\n\n"
	      "Lists the CIS Docker Benchmark " BENCHMARK_VERSION
	      " recommendations that stridewatch assesses,\n"
	      "with the STRIDE category and severity of each; with an ID, "
	      "explains that rule.\n\n"
	      "  -f, --format FORMAT   text (default) or json\n"
	      "      --stats           print how many rules, and how much "
	      "severity weight,\n"
	      "                        each primary STRIDE category has\n"
	      "      --checks IDS      only these comma-separated IDs or "
	      "sections (5.5,2)\n"
	      "  -h, --help            show this help\n\n"
	      "Exit codes: 0 done, 2 invalid usage or an unknown ID.\n",
	      out);
}

/* Appends the comma-separated IDs of `arg`, which stay in argv. */
static int ids_append(struct selection *sel, char *arg)
{
	for (char *save = NULL, *id = strtok_r(arg, ",", &save); id;
	     id = strtok_r(NULL, ",", &save)) {
		const char **grown = realloc(
		    sel->include, (sel->n_include + 1) * sizeof(*sel->include));

		if (!grown)
			return -1;
		sel->include = grown;
		sel->include[sel->n_include++] = id;
	}
	return 0;
}

/* Returns 0, 1 after --help, or -1 after an error message. */
static int rules_parse(int argc, char **argv, struct rules_cli *o)
{
	struct buf err = BUF_INIT;
	int c, index;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:h", rules_long_options,
				&index)) != -1) {
		switch (c) {
		case 'f':
			if (!str_eq(optarg, "text") &&
			    !str_eq(optarg, "json")) {
				log_error("invalid --format '%s': rules writes "
					  "text or json",
					  optarg);
				return -1;
			}
			o->json = str_eq(optarg, "json");
			break;
		case 's':
			o->stats = true;
			break;
		case 'c':
			if (ids_append(&o->selection, optarg)) {
				log_error("out of memory");
				return -1;
			}
			break;
		case 'h':
			rules_usage(stdout);
			return 1;
		default:
			fprintf(stderr,
				"Run 'stridewatch rules --help' for the "
				"options.\n");
			return -1;
		}
	}
	if (argc - optind > 1) {
		log_error("unexpected argument '%s'; rules explains one ID at "
			  "a time",
			  argv[optind + 1]);
		return -1;
	}
	o->id = optind < argc ? argv[optind] : NULL;
	if (o->id && (o->stats || o->selection.n_include)) {
		log_error("give either an ID to explain or --stats and "
			  "--checks, not both");
		return -1;
	}
	if (selection_validate(&o->selection, &err)) {
		log_error("%s", buf_str(&err));
		buf_clear(&err);
		return -1;
	}
	return 0;
}

/* "E" or "E/T": the primary category, then the secondary one if any. */
static void stride_format(const struct rule *r, char out[4])
{
	out[0] = stride_letter(r->stride);
	out[1] = '\0';
	if (r->stride2 < STRIDE_COUNT) {
		out[1] = '/';
		out[2] = stride_letter(r->stride2);
		out[3] = '\0';
	}
}

static void table_print(const struct rule *all, size_t n,
			const struct selection *sel)
{
	size_t shown = 0;

	printf("%-7s %-6s %-8s %-5s %-3s %s\n", "ID", "STRIDE", "SEVERITY",
	       "LEVEL", "A/M", "TITLE");
	for (size_t i = 0; i < n; i++) {
		char stride[4];

		if (!selection_matches(sel, &all[i]))
			continue;
		stride_format(&all[i], stride);
		printf("%-7s %-6s %-8s %-5d %-3s %s\n", all[i].id, stride,
		       severity_name(all[i].severity), all[i].level,
		       all[i].automated ? "A" : "M", all[i].title);
		shown++;
	}
	printf("\n%zu rules of the %s %s; A automated, M manual in the "
	       "benchmark.\n",
	       shown, BENCHMARK_NAME, BENCHMARK_VERSION);
}

static struct stride_stats stats_compute(const struct rule *all, size_t n,
					 const struct selection *sel)
{
	struct stride_stats s = STRIDE_STATS_INIT;

	for (size_t i = 0; i < n; i++)
		if (selection_matches(sel, &all[i]))
			stride_stats_add(&s, &all[i]);
	return s;
}

static void stats_print(const struct stride_stats *s)
{
	printf("STRIDE distribution of %zu rules by primary category (%s %s, "
	       "scoring model %d)\n\n",
	       s->rules, BENCHMARK_NAME, BENCHMARK_VERSION,
	       SCORING_MODEL_VERSION);
	printf("%-26s %5s %6s %6s %6s\n", "CATEGORY", "RULES", "%", "WEIGHT",
	       "%");
	for (int c = 0; c < STRIDE_COUNT; c++)
		printf("%c %-24s %5zu %6.1f %6u %6.1f\n",
		       stride_letter((enum stride)c),
		       stride_name((enum stride)c), s->stride_rules[c],
		       stride_stats_percent((double)s->stride_rules[c],
					    (double)s->rules),
		       s->stride_weight[c],
		       stride_stats_percent((double)s->stride_weight[c],
					    (double)s->weight));
	printf("%-26s %5zu %6.1f %6u %6.1f\n\n", "total", s->rules,
	       s->rules ? 100.0 : 0.0, s->weight, s->weight ? 100.0 : 0.0);
	printf("T, D or E as primary category: %zu of %zu rules (%.1f %%), "
	       "%u of %u weight (%.1f %%)\n",
	       s->tde_rules, s->rules,
	       stride_stats_percent((double)s->tde_rules, (double)s->rules),
	       s->tde_weight, s->weight,
	       stride_stats_percent((double)s->tde_weight, (double)s->weight));
}

/* ["E"] or ["E", "T"]: the primary category first. */
static json_t *stride_json(const struct rule *r)
{
	char primary[2] = {stride_letter(r->stride), '\0'};
	char secondary[2] = {stride_letter(r->stride2), '\0'};

	if (r->stride2 < STRIDE_COUNT)
		return json_pack("[s, s]", primary, secondary);
	return json_pack("[s]", primary);
}

static json_t *rule_json(const struct rule *r)
{
	return json_pack("{s:s, s:s, s:o, s:s, s:I, s:i, s:b, s:s, s:s, s:s, "
			 "s:s}",
			 "id", r->id, "title", r->title, "stride",
			 stride_json(r), "severity", severity_name(r->severity),
			 "weight", (json_int_t)severity_weight(r->severity),
			 "level", r->level, "automated", r->automated,
			 "applies_to", object_kind_name(r->applies_to),
			 "remediation", r->remediation, "rationale",
			 r->rationale, "checks", r->checks);
}

static json_t *stats_json(const struct stride_stats *s)
{
	json_t *by = json_object();

	for (int c = 0; c < STRIDE_COUNT && by; c++) {
		char key[2] = {stride_letter((enum stride)c), '\0'};

		json_object_set_new(by, key,
				    json_pack("{s:I, s:I}", "rules",
					      (json_int_t)s->stride_rules[c],
					      "weight",
					      (json_int_t)s->stride_weight[c]));
	}
	return json_pack(
	    "{s:I, s:I, s:o, s:{s:I, s:I}}", "rules", (json_int_t)s->rules,
	    "weight", (json_int_t)s->weight, "by_primary", by, "tde", "rules",
	    (json_int_t)s->tde_rules, "weight", (json_int_t)s->tde_weight);
}

/*
 * Writes the catalog contract: one rule when `only` is given, else the
 * selected rules, or the distribution with --stats.
 */
static int json_print(const struct rules_cli *o, const struct rule *all,
		      size_t n, const struct rule *only)
{
	json_t *doc = json_pack("{s:s, s:{s:s, s:s}, s:i}", "schema",
				RULES_SCHEMA, "benchmark", "name",
				BENCHMARK_NAME, "version", BENCHMARK_VERSION,
				"scoring_model", SCORING_MODEL_VERSION);
	json_t *list = json_array();
	int rc = 0;

	for (size_t i = 0; i < n && doc && list; i++) {
		if (only ? &all[i] != only
			 : !selection_matches(&o->selection, &all[i]))
			continue;
		json_array_append_new(list, rule_json(&all[i]));
	}
	if (o->stats) {
		struct stride_stats s = stats_compute(all, n, &o->selection);

		json_object_set_new(doc, "stats", stats_json(&s));
		json_decref(list);
	} else {
		json_object_set_new(doc, "rules", list);
	}
	if (!doc || json_dumpf(doc, stdout, JSON_INDENT(2)) != 0)
		rc = -1;
	putchar('\n');
	json_decref(doc);
	return rc;
}

/* 78 columns: the width the explanation's paragraphs are wrapped to. */
#define EXPLAIN_WIDTH 78

/* Prints `text` indented by two spaces, wrapped at word boundaries. */
static void wrapped_print(const char *text)
{
	size_t column = 0;

	while (*text) {
		size_t len = strcspn(text, " ");

		if (column && column + 1 + len > EXPLAIN_WIDTH) {
			putchar('\n');
			column = 0;
		}
		printf(column ? " %.*s" : "  %.*s", (int)len, text);
		column += len + (column ? 1 : 2);
		text += len;
		text += strspn(text, " ");
	}
	putchar('\n');
}

static void paragraph_print(const char *heading, const char *text)
{
	printf("%s\n", heading);
	wrapped_print(text);
	putchar('\n');
}

static void explain_print(const struct rule *r, const struct rule *all,
			  size_t n)
{
	struct stride_stats s = stats_compute(all, n, &(struct selection){0});
	unsigned w = severity_weight(r->severity);
	struct buf why = BUF_INIT;

	printf("%s  %s\n", r->id, r->title);
	printf("%s %s, level %d, %s; assessed on each %s.\n\n", BENCHMARK_NAME,
	       BENCHMARK_VERSION, r->level,
	       r->automated ? "automated" : "manual",
	       object_kind_name(r->applies_to));
	paragraph_print("What it checks", r->checks);
	printf("Why it is %s (%c)", stride_name(r->stride),
	       stride_letter(r->stride));
	if (r->stride2 < STRIDE_COUNT)
		printf(", then %s (%c)", stride_name(r->stride2),
		       stride_letter(r->stride2));
	printf(", %s\n", severity_name(r->severity));
	buf_printf(&why,
		   "%s. Severity %s gives weight %u. On a host where all %zu "
		   "rules count (total weight %u), one failure costs 100 x %u "
		   "/ %u = %.2f points of the score.",
		   r->rationale, severity_name(r->severity), w, s.rules,
		   s.weight, w, s.weight,
		   stride_stats_percent((double)w, (double)s.weight));
	wrapped_print(buf_str(&why));
	putchar('\n');
	buf_clear(&why);
	paragraph_print("How to fix it", r->remediation);
}

int cmd_rules(int argc, char **argv)
{
	struct rules_cli o = {0};
	const struct rule *all, *one = NULL;
	size_t n;
	int rc;

	rc = rules_parse(argc, argv, &o);
	if (rc) {
		free(o.selection.include);
		return rc > 0 ? EXIT_DONE : EXIT_USAGE;
	}
	all = rules_all(&n);
	if (o.id) {
		one = rule_find(o.id);
		if (!one) {
			log_error("unknown rule '%s'; run 'stridewatch rules' "
				  "for the list of IDs",
				  o.id);
			return EXIT_USAGE;
		}
	}

	if (o.json)
		rc = json_print(&o, all, n, one);
	else if (one)
		explain_print(one, all, n);
	else if (o.stats) {
		struct stride_stats s = stats_compute(all, n, &o.selection);

		stats_print(&s);
	} else
		table_print(all, n, &o.selection);
	free(o.selection.include);
	if (rc || fflush(stdout) != 0) {
		log_error("writing to stdout failed");
		return EXIT_USAGE;
	}
	return EXIT_DONE;
}
