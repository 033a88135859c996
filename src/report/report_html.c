#include "assess/waiver.h"
#include "config.h"
#include "report/report.h"
#include "report/report_util.h"
#include "util/error.h"
#include "util/strutil.h"

/* A self-contained page: inline CSS and SVG, no script, no remote asset. */

struct html {
	FILE *out;
	struct buf esc;
};

/* Prints text that an engine or a file controls, escaped for HTML. */
static void put_text(struct html *hx, const char *s)
{
	buf_reset(&hx->esc);
	escape_html(&hx->esc, s ? s : "");
	fputs(buf_str(&hx->esc), hx->out);
}

static const char *grade_class(char grade)
{
	return grade <= 'B' ? "good" : grade <= 'C' ? "fair" : "bad";
}

/* Draws one bar per STRIDE category, n/a as an empty outline. */
static void stride_chart(struct html *hx, const struct score *s)
{
	fputs("<svg class=\"chart\" viewBox=\"0 0 360 150\" role=\"img\" "
	      "aria-label=\"STRIDE category scores\">\n",
	      hx->out);
	for (int c = 0; c < STRIDE_COUNT; c++) {
		bool counted;
		double v = score_stride_value(s, (enum stride)c, &counted);
		int x = 10 + c * 58;
		int height = counted ? (int)(v + 0.5) : 0;

		fprintf(hx->out,
			"<rect x=\"%d\" y=\"10\" width=\"40\" height=\"100\" "
			"class=\"track\"/>",
			x);
		if (counted)
			fprintf(hx->out,
				"<rect x=\"%d\" y=\"%d\" width=\"40\" "
				"height=\"%d\" class=\"bar\"/>",
				x, 110 - height, height);
		fprintf(hx->out,
			"<text x=\"%d\" y=\"128\">%c</text>"
			"<text x=\"%d\" y=\"144\" class=\"small\">",
			x + 15, stride_letter((enum stride)c), x + 4);
		if (counted)
			fprintf(hx->out, "%.1f", v);
		else
			fputs("n/a", hx->out);
		fputs("</text>\n", hx->out);
	}
	fputs("</svg>\n", hx->out);
}

/* Shows a score, and `compliance` beside it unless that is NULL. */
static void score_block(struct html *hx, const struct score *s,
			const struct score *compliance)
{
	bool capped;
	char grade = score_grade(s, &capped);

	fprintf(hx->out,
		"<p class=\"score\"><span class=\"grade %s\">%c</span> "
		"<b>%.1f</b> / 100 &middot; coverage %.1f %%",
		grade_class(grade), grade, score_value(s), score_coverage(s));
	if (capped)
		fputs(" &middot; grade capped at D: a critical finding is "
		      "open",
		      hx->out);
	if (compliance) {
		bool compliance_capped;
		char compliance_grade =
		    score_grade(compliance, &compliance_capped);

		fprintf(hx->out,
			" &middot; compliance %.1f (%c%s, accepted risks left "
			"out)",
			score_value(compliance), compliance_grade,
			compliance_capped ? ", capped" : "");
	}
	fputs("</p>\n", hx->out);
	stride_chart(hx, s);
}

static void containers_table(struct html *hx, const struct host_assessment *h)
{
	if (!h->n_containers)
		return;
	fputs("<h3>Containers</h3>\n<table><tr><th>name</th><th>image</th>"
	      "<th>state</th><th>score</th><th>grade</th></tr>\n",
	      hx->out);
	for (size_t i = 0; i < h->n_containers; i++) {
		const struct container_assessment *ca = &h->containers[i];
		bool capped;
		char grade = score_grade(&ca->score, &capped);

		fputs("<tr><td>", hx->out);
		put_text(hx, ca->container->name);
		fputs("</td><td>", hx->out);
		put_text(hx, ca->container->image);
		fputs("</td><td>", hx->out);
		put_text(hx, ca->container->state);
		fprintf(hx->out,
			"</td><td>%.1f</td><td class=\"%s\">%c%s</td></tr>\n",
			score_value(&ca->score), grade_class(grade), grade,
			capped ? "*" : "");
	}
	fputs("</table>\n", hx->out);
}

static void fix_first_list(struct html *hx, const struct host_assessment *h)
{
	const struct rule_rollup *order[REPORT_FIX_FIRST_MAX];
	size_t n = report_fix_first(h, order, REPORT_FIX_FIRST_MAX);

	if (!n)
		return;
	fputs("<h3>Fix these first</h3>\n<ol>\n", hx->out);
	for (size_t i = 0; i < n; i++) {
		fprintf(hx->out, "<li><b>+%.2f</b> %s ", order[i]->cost,
			order[i]->rule->id);
		put_text(hx, order[i]->rule->title);
		fprintf(hx->out, " [%s]</li>\n",
			severity_name(order[i]->rule->severity));
	}
	fputs("</ol>\n", hx->out);
}

static void findings_table(struct html *hx, const struct host_assessment *h)
{
	fputs("<h3>Failed recommendations</h3>\n<table><tr><th>rule</th>"
	      "<th>STRIDE</th><th>severity</th><th>object</th>"
	      "<th>evidence</th><th>fix</th><th>cost</th></tr>\n",
	      hx->out);
	for (size_t i = 0; i < h->n_results; i++) {
		const struct result *r = &h->results[i];

		if (r->status != ST_FAIL && r->status != ST_ERROR)
			continue;
		fprintf(hx->out, "<tr><td>%s ", r->rule->id);
		put_text(hx, r->rule->title);
		fprintf(hx->out, "</td><td>%c</td><td>%s</td><td>%s ",
			stride_letter(r->rule->stride),
			severity_name(r->rule->severity), r->kind_name);
		put_text(hx, r->object_name);
		if (r->loc.path) {
			fputs(" (", hx->out);
			put_text(hx, r->loc.path);
			fprintf(hx->out, ":%u)", r->loc.line);
		}
		fputs("</td><td>", hx->out);
		put_text(hx, r->evidence);
		if (r->note) {
			fputs("<br><i>", hx->out);
			put_text(hx, r->note);
			fputs("</i>", hx->out);
		}
		fputs("</td><td>", hx->out);
		put_text(hx, r->rule->remediation);
		fprintf(hx->out, "</td><td>%.2f</td></tr>\n", r->cost);
	}
	fputs("</table>\n", hx->out);
}

static void waived_table(struct html *hx, const struct host_assessment *h)
{
	if (!report_waived_count(h))
		return;
	fputs("<h3>Waived findings</h3>\n<table><tr><th>rule</th>"
	      "<th>object</th><th>kind</th><th>owner</th><th>reason</th>"
	      "<th>evidence</th><th>expires</th><th>was</th><th>cost</th>"
	      "</tr>\n",
	      hx->out);
	for (size_t i = 0; i < h->n_results; i++) {
		const struct result *r = &h->results[i];
		const struct waiver *w = r->waiver;

		if (r->status != ST_WAIVED || !w)
			continue;
		fprintf(hx->out, "<tr><td>%s ", r->rule->id);
		put_text(hx, r->rule->title);
		fprintf(hx->out, "</td><td>%s ", r->kind_name);
		put_text(hx, r->object_name);
		fprintf(hx->out, "</td><td>%s</td><td>",
			waiver_kind_name(w->kind));
		put_text(hx, w->owner);
		fputs("</td><td>", hx->out);
		put_text(hx, w->reason);
		fputs("</td><td>", hx->out);
		put_text(hx, w->evidence);
		fprintf(hx->out,
			"</td><td>%s</td><td>%s</td><td>%.2f</td></tr>\n",
			w->expires, status_name(r->waived_status), r->cost);
	}
	fputs("</table>\n", hx->out);
}

static void notes_list(struct html *hx, const struct host_assessment *h)
{
	const struct strlist *lists[] = {&h->target->notes, &h->notes};

	if (!h->target->notes.n && !h->notes.n)
		return;
	fputs("<h3>Notes</h3>\n<ul>\n", hx->out);
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < lists[k]->n; i++) {
			fputs("<li>", hx->out);
			put_text(hx, lists[k]->v[i]);
			fputs("</li>\n", hx->out);
		}
	fputs("</ul>\n", hx->out);
}

static const char page_head[] =
	"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
	"'none'; style-src 'unsafe-inline'\">\n"
	"<title>stridewatch report</title>\n<style>\n"
	"body{font:14px/1.4 sans-serif;margin:2em;color:#222}\n"
	"table{border-collapse:collapse;margin:.5em 0}\n"
	"td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;"
	"vertical-align:top}\n"
	".grade{font-size:1.6em;font-weight:bold;padding:0 .3em}\n"
	".good{color:#17702b}.fair{color:#9a6a00}.bad{color:#b00020}\n"
	".chart{width:360px;height:150px}.track{fill:#eee}"
	".bar{fill:#3b6ea8}.small{font-size:11px}\n"
	"</style></head><body>\n";

int report_html(FILE *out, const struct assessment *a,
		const struct report_options *opts)
{
	struct html hx = {.out = out};
	bool waived = false;

	(void)opts;
	buf_init(&hx.esc, 1 << 20);
	fputs(page_head, out);
	fprintf(out,
		"<h1>stridewatch report</h1>\n<p>%s %s, scoring model %d, "
		"stridewatch %s, generated %s</p>\n",
		BENCHMARK_NAME, BENCHMARK_VERSION, SCORING_MODEL_VERSION,
		STRIDEWATCH_VERSION, a->generated_at);
	for (size_t i = 0; i < a->n_hosts; i++)
		waived |= report_waived_count(&a->hosts[i]) > 0;
	if (a->n_hosts > 1) {
		fputs("<h2>Fleet</h2>\n", out);
		score_block(&hx, &a->fleet,
			    waived ? &a->fleet_compliance : NULL);
	}
	for (size_t i = 0; i < a->n_hosts; i++) {
		const struct host_assessment *h = &a->hosts[i];

		fputs("<h2>Host ", out);
		put_text(&hx, h->target->name);
		fputs("</h2>\n<p>", out);
		put_text(&hx, h->target->endpoint);
		fputs("</p>\n", out);
		score_block(&hx, &h->score,
			    report_waived_count(h) ? &h->compliance : NULL);
		notes_list(&hx, h);
		containers_table(&hx, h);
		fix_first_list(&hx, h);
		findings_table(&hx, h);
		waived_table(&hx, h);
	}
	fputs("</body></html>\n", out);
	buf_clear(&hx.esc);
	return ferror(out) ? SW_EIO : 0;
}
