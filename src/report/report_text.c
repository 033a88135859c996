#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "assess/waiver.h"
#include "config.h"
#include "report/report.h"
#include "report/report_util.h"
#include "util/error.h"
#include "util/strutil.h"

/* Objects listed per failed rule before "and N more" (unless --verbose). */
#define OBJECTS_SHOWN 5
/* Bytes of one engine-supplied string shown before it is cut. */
#define NAME_MAX_SHOWN 200

struct text {
	FILE *out;
	const struct report_options *opts;
	struct buf esc;
};

enum colour { C_RESET, C_BOLD, C_RED, C_YELLOW, C_GREEN, C_DIM };

static void colour(struct text *tx, enum colour c)
{
	static const char *const codes[] = {"\033[0m",	"\033[1m",  "\033[31m",
					    "\033[33m", "\033[32m", "\033[2m"};

	if (tx->opts->color)
		fputs(codes[c], tx->out);
}

/* Prints text that an engine or a file controls, escaped for a terminal. */
static void put_escaped(struct text *tx, const char *s)
{
	buf_reset(&tx->esc);
	escape_terminal(&tx->esc, s, NAME_MAX_SHOWN);
	fputs(buf_str(&tx->esc), tx->out);
}

static enum colour grade_colour(char grade)
{
	if (grade <= 'B')
		return C_GREEN;
	if (grade <= 'C')
		return C_YELLOW;
	return C_RED;
}

/* Prints the score lines; `compliance` is shown too unless it is NULL. */
static void print_score_line(struct text *tx, const struct score *s,
			     const struct score *compliance)
{
	bool capped;
	char grade = score_grade(s, &capped);

	fprintf(tx->out, "  Score ");
	colour(tx, C_BOLD);
	colour(tx, grade_colour(grade));
	fprintf(tx->out, "%.1f", score_value(s));
	colour(tx, C_RESET);
	fprintf(tx->out, " / 100   Grade ");
	colour(tx, C_BOLD);
	colour(tx, grade_colour(grade));
	fputc(grade, tx->out);
	colour(tx, C_RESET);
	if (capped)
		fprintf(tx->out, " (capped at D: a critical finding is open)");
	fprintf(tx->out, "   Coverage %.1f %%", score_coverage(s));
	if (compliance) {
		bool compliance_capped;
		char compliance_grade =
		    score_grade(compliance, &compliance_capped);

		fprintf(tx->out, "   Compliance %.1f (%c%s, accepted risks "
				 "left out)",
			score_value(compliance), compliance_grade,
			compliance_capped ? ", capped" : "");
	}
	fputc('\n', tx->out);

	fprintf(tx->out, "  STRIDE");
	for (int c = 0; c < STRIDE_COUNT; c++) {
		bool counted;
		double v = score_stride_value(s, (enum stride)c, &counted);

		if (counted)
			fprintf(tx->out, "  %c %.1f", stride_letter((enum stride)c),
				v);
		else
			fprintf(tx->out, "  %c n/a", stride_letter((enum stride)c));
	}
	fputc('\n', tx->out);
}

/* Failed container results per container, counted in one pass. */
struct fail_counts {
	size_t failed;
	size_t critical;
};

static struct fail_counts *count_failures(const struct host_assessment *h)
{
	struct fail_counts *counts = calloc(h->n_containers + 1,
					    sizeof(*counts));

	if (!counts)
		return NULL;
	for (size_t i = 0; i < h->n_results; i++) {
		const struct result *r = &h->results[i];

		if (r->kind != OBJ_CONTAINER || r->status != ST_FAIL ||
		    r->object_index >= h->n_containers)
			continue;
		counts[r->object_index].failed++;
		if (r->rule->severity == SEV_CRITICAL)
			counts[r->object_index].critical++;
	}
	return counts;
}

/* Width of the name column: the longest name, within reason. */
static int name_width(const struct host_assessment *h)
{
	size_t width = 9;

	for (size_t i = 0; i < h->n_containers; i++) {
		size_t n = strlen(h->containers[i].container->name);

		if (n > width)
			width = n;
	}
	return width > 32 ? 32 : (int)width;
}

/* Prints `s` escaped and padded (or cut) to `width` columns. */
static void put_column(struct text *tx, const char *s, int width)
{
	buf_reset(&tx->esc);
	escape_terminal(&tx->esc, s, (size_t)width);
	fprintf(tx->out, "%-*s", width, buf_str(&tx->esc));
}

static void print_containers(struct text *tx, const struct host_assessment *h)
{
	int width = name_width(h);
	bool any_capped = false;
	struct fail_counts *counts;

	if (!h->n_containers) {
		fprintf(tx->out, "\n  No containers assessed.\n");
		return;
	}
	counts = count_failures(h);
	if (!counts)
		return;
	fprintf(tx->out, "\n  ");
	colour(tx, C_BOLD);
	fprintf(tx->out, "%-*s  %-24s %-8s score grade failed", width,
		h->containers[0].container->origin == ORIGIN_COMPOSE
			? "Service"
			: "Container",
		"image", "state");
	colour(tx, C_RESET);
	fputc('\n', tx->out);
	for (size_t i = 0; i < h->n_containers; i++) {
		const struct container_assessment *ca = &h->containers[i];
		const struct container *c = ca->container;
		size_t failed = counts[i].failed;
		size_t critical = counts[i].critical;
		bool capped;
		char grade = score_grade(&ca->score, &capped);

		any_capped |= capped;
		fprintf(tx->out, "  ");
		put_column(tx, c->name, width);
		fprintf(tx->out, "  ");
		put_column(tx, c->image, 24);
		fprintf(tx->out, " %-8.8s %5.1f ", c->state,
			score_value(&ca->score));
		colour(tx, grade_colour(grade));
		fprintf(tx->out, "  %c%s", grade, capped ? "*" : " ");
		colour(tx, C_RESET);
		fprintf(tx->out, "   %zu", failed);
		if (critical)
			fprintf(tx->out, " (%zu critical)", critical);
		fputc('\n', tx->out);
	}
	free(counts);
	if (any_capped)
		fprintf(tx->out, "  (* grade capped at D by a critical "
				 "finding)\n");
}

static void print_fix_first(struct text *tx, const struct host_assessment *h)
{
	const struct rule_rollup *order[REPORT_FIX_FIRST_MAX];
	size_t n = report_fix_first(h, order, REPORT_FIX_FIRST_MAX);

	if (!n)
		return;
	fprintf(tx->out, "\n  ");
	colour(tx, C_BOLD);
	fprintf(tx->out, "Fix these first");
	colour(tx, C_RESET);
	fprintf(tx->out, " (points gained when fixed everywhere)\n");
	for (size_t i = 0; i < n; i++) {
		const struct rule *r = order[i]->rule;

		fprintf(tx->out, "    %2zu. +%5.2f  %-6s %s [%s]", i + 1,
			order[i]->cost, r->id, r->title,
			severity_name(r->severity));
		if (order[i]->failing > 1)
			fprintf(tx->out, ", on %zu objects", order[i]->failing);
		fputc('\n', tx->out);
	}
}

static const char *object_label(const struct result *r)
{
	return r->kind_name;
}

/* Prints one failed rule with the objects it fails on. */
static void print_failed_rule(struct text *tx, const struct host_assessment *h,
			      size_t first, size_t end)
{
	const struct rule *r = h->results[first].rule;
	size_t shown = 0, hidden = 0;

	fprintf(tx->out, "    ");
	colour(tx, C_RED);
	fprintf(tx->out, "FAIL");
	colour(tx, C_RESET);
	fprintf(tx->out, " %s %s [%s]\n", r->id, r->title,
		severity_name(r->severity));
	for (size_t i = first; i < end; i++) {
		const struct result *res = &h->results[i];

		if (res->status != ST_FAIL && res->status != ST_ERROR)
			continue;
		if (shown == OBJECTS_SHOWN && !tx->opts->verbose) {
			hidden++;
			continue;
		}
		shown++;
		fprintf(tx->out, "         %s%s ",
			res->status == ST_ERROR ? "error on " : "",
			object_label(res));
		put_escaped(tx, res->object_name);
		if (res->loc.path) {
			fprintf(tx->out, " at ");
			put_escaped(tx, res->loc.path);
			fprintf(tx->out, ":%u", res->loc.line);
		}
		fprintf(tx->out, ": ");
		put_escaped(tx, res->evidence);
		if (res->note) {
			fprintf(tx->out, "; ");
			put_escaped(tx, res->note);
		}
		fputc('\n', tx->out);
	}
	if (hidden)
		fprintf(tx->out, "         and %zu more (--verbose lists all)\n",
			hidden);
	colour(tx, C_DIM);
	fprintf(tx->out, "         fix: %s\n", r->remediation);
	colour(tx, C_RESET);
}

static bool rule_failed(const struct host_assessment *h, size_t k)
{
	return h->rollup[k].status == ST_FAIL || h->rollup[k].status == ST_ERROR;
}

static void print_failed(struct text *tx, const struct host_assessment *h)
{
	for (int c = 0; c < STRIDE_COUNT; c++) {
		bool any = false;
		size_t i = 0;

		for (size_t k = 0; k < h->n_rollup; k++) {
			size_t first;

			if ((int)h->rollup[k].rule->stride != c)
				continue;
			while (i < h->n_results &&
			       h->results[i].rule != h->rollup[k].rule)
				i++;
			first = i;
			while (i < h->n_results &&
			       h->results[i].rule == h->rollup[k].rule)
				i++;
			if (!rule_failed(h, k))
				continue;
			if (!any) {
				bool counted;
				double v = score_stride_value(
					&h->score, (enum stride)c, &counted);

				fprintf(tx->out, "\n  ");
				colour(tx, C_BOLD);
				fprintf(tx->out, "%s (%c)",
					stride_name((enum stride)c),
					stride_letter((enum stride)c));
				colour(tx, C_RESET);
				fprintf(tx->out, "  score %.1f\n", v);
				any = true;
			}
			print_failed_rule(tx, h, first, i);
		}
	}
}

/* Prints the waived findings, one line each with owner and expiry. */
static void print_waived(struct text *tx, const struct host_assessment *h)
{
	size_t n = report_waived_count(h);

	if (!n)
		return;
	fprintf(tx->out, "\n  ");
	colour(tx, C_BOLD);
	fprintf(tx->out, "Waived");
	colour(tx, C_RESET);
	fprintf(tx->out, " (%zu finding%s; accepted risks still cost their "
			 "points)\n",
		n, n == 1 ? "" : "s");
	for (size_t i = 0; i < h->n_results; i++) {
		const struct result *res = &h->results[i];
		const struct waiver *w = res->waiver;

		if (res->status != ST_WAIVED || !w)
			continue;
		fprintf(tx->out, "    %-9s %-6s %s ", waiver_kind_name(w->kind),
			res->rule->id, res->kind_name);
		put_escaped(tx, res->object_name);
		fprintf(tx->out, ", owner ");
		put_escaped(tx, w->owner);
		fprintf(tx->out, ", expires %s", w->expires);
		if (res->cost > 0)
			fprintf(tx->out, ", costs %.2f", res->cost);
		fprintf(tx->out, ": ");
		put_escaped(tx, w->reason);
		fputc('\n', tx->out);
	}
}

static void print_other(struct text *tx, const struct host_assessment *h)
{
	size_t counts[ST_COUNT] = {0};

	for (size_t k = 0; k < h->n_rollup; k++)
		counts[h->rollup[k].status]++;
	fprintf(tx->out, "\n  Recommendations: %zu passed, %zu failed, "
			 "%zu errors, %zu manual, %zu not applicable, "
			 "%zu skipped",
		counts[ST_PASS], counts[ST_FAIL], counts[ST_ERROR],
		counts[ST_MANUAL], counts[ST_NOT_APPLICABLE],
		counts[ST_SKIPPED]);
	if (counts[ST_WAIVED])
		fprintf(tx->out, ", %zu waived", counts[ST_WAIVED]);
	fputc('\n', tx->out);
	if (!tx->opts->verbose)
		return;
	for (size_t k = 0; k < h->n_rollup; k++) {
		const struct rule_rollup *ru = &h->rollup[k];
		const char *evidence = "";

		if (ru->status == ST_FAIL || ru->status == ST_ERROR)
			continue;
		for (size_t i = 0; i < h->n_results; i++)
			if (h->results[i].rule == ru->rule &&
			    h->results[i].status == ru->status) {
				evidence = h->results[i].evidence;
				break;
			}
		fprintf(tx->out, "    %-14s %-6s %s: ", status_name(ru->status),
			ru->rule->id, ru->rule->title);
		put_escaped(tx, evidence);
		fputc('\n', tx->out);
	}
}

static void print_host(struct text *tx, const struct host_assessment *h)
{
	const struct target *t = h->target;
	bool file = strcmp(t->transport.kind, "file") == 0;

	fprintf(tx->out, "\n");
	colour(tx, C_BOLD);
	fprintf(tx->out, "%s ", file ? "File" : "Host");
	put_escaped(tx, t->name);
	colour(tx, C_RESET);
	if (!file || strcmp(t->name, t->endpoint) != 0) {
		fprintf(tx->out, " (");
		put_escaped(tx, t->endpoint);
		fprintf(tx->out, ")");
	}
	if (*t->daemon.version) {
		fprintf(tx->out, ", Docker ");
		put_escaped(tx, t->daemon.version);
		fprintf(tx->out, ", API ");
		put_escaped(tx, t->daemon.api_version);
	}
	fputc('\n', tx->out);
	print_score_line(tx, &h->score,
			 report_waived_count(h) ? &h->compliance : NULL);
	for (size_t i = 0; i < t->notes.n; i++) {
		fprintf(tx->out, "  note: ");
		put_escaped(tx, t->notes.v[i]);
		fputc('\n', tx->out);
	}
	for (size_t i = 0; i < h->notes.n; i++) {
		fprintf(tx->out, "  note: ");
		put_escaped(tx, h->notes.v[i]);
		fputc('\n', tx->out);
	}
	if (tx->opts->quiet)
		return;
	print_containers(tx, h);
	print_fix_first(tx, h);
	print_failed(tx, h);
	print_waived(tx, h);
	print_other(tx, h);
}

int report_text(FILE *out, const struct assessment *a,
		const struct report_options *opts)
{
	struct text tx = {.out = out, .opts = opts};
	bool waived = false;

	buf_init(&tx.esc, 4096);
	fprintf(out, "stridewatch %s, %s %s, scoring model %d\n",
		STRIDEWATCH_VERSION, BENCHMARK_NAME, BENCHMARK_VERSION,
		SCORING_MODEL_VERSION);
	for (size_t i = 0; i < a->n_hosts; i++) {
		print_host(&tx, &a->hosts[i]);
		waived |= report_waived_count(&a->hosts[i]) > 0;
	}
	if (a->n_hosts > 1) {
		fprintf(out, "\n");
		colour(&tx, C_BOLD);
		fprintf(out, "Fleet of %zu hosts", a->n_hosts);
		colour(&tx, C_RESET);
		fprintf(out, " (weights pooled), weakest host ");
		put_escaped(&tx, a->weakest_host);
		fputc('\n', out);
		print_score_line(&tx, &a->fleet,
				 waived ? &a->fleet_compliance : NULL);
	}
	buf_clear(&tx.esc);
	return 0;
}
