/* Text and JSON output of a diff. */
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "assess/diff.h"
#include "util/error.h"
#include "util/strutil.h"

/* Maximum bytes of an object name and of evidence per line of text. */
#define TEXT_NAME_MAX	  40
#define TEXT_EVIDENCE_MAX 100

struct text_out {
	FILE *f;
	bool color;
	struct buf line;
};

static const char *paint(const struct text_out *t, const char *code)
{
	return t->color ? code : "";
}

/* Hundredths as "+5.26", the sign always shown, right-aligned. */
static void points(char out[24], int64_t h, int width)
{
	char digits[24];

	if (h == 0)
		snprintf(digits, sizeof(digits), "0.00");
	else
		snprintf(digits, sizeof(digits), "%c%lld.%02lld",
			 h < 0 ? '-' : '+', llabs(h) / 100, llabs(h) % 100);
	snprintf(out, 24, "%*s", width, digits);
}

/* Hundredths as "40.81". */
static void score_text(char out[24], int64_t h)
{
	snprintf(out, 24, "%lld.%02lld", (long long)(h / 100),
		 (long long)(h % 100));
}

static const struct finding *shown(const struct change *c)
{
	return c->b ? c->b : c->a;
}

static void change_line(struct text_out *t, const struct change *c)
{
	const struct finding *f = shown(c);
	char p[24];

	points(p, c->points, 7);
	buf_reset(&t->line);
	buf_printf(&t->line, "  %s%s%s  %-6s %-8s %s ",
		   paint(t, c->points > 0   ? "\033[32m"
			    : c->points < 0 ? "\033[31m"
					    : ""),
		   p, paint(t, "\033[0m"), f->rule, severity_name(f->severity),
		   f->object_kind);
	escape_terminal(&t->line, f->object_name, TEXT_NAME_MAX);
	if (c->kind == CHANGE_WAIVER_STARTED && c->b && c->b->waiver) {
		buf_printf(&t->line,
			   ": %s by %s until %s: ", c->b->waiver->kind,
			   c->b->waiver->owner, c->b->waiver->expires);
		escape_terminal(&t->line, c->b->waiver->reason,
				TEXT_EVIDENCE_MAX);
	} else if (c->kind == CHANGE_WAIVER_ENDED && c->a && c->a->waiver) {
		buf_printf(&t->line, ": %s waiver of %s %s %s",
			   c->a->waiver->kind, c->a->waiver->owner,
			   c->expired ? "expired on"
				      : "no longer applies; it ran "
					"until",
			   c->a->waiver->expires);
	} else if (f->evidence && *f->evidence) {
		buf_puts(&t->line, ": ");
		escape_terminal(&t->line, f->evidence, TEXT_EVIDENCE_MAX);
	}
	fprintf(t->f, "%s\n", buf_str(&t->line));
}

static void host_text(struct text_out *t, const struct host_diff *hd)
{
	const struct score_record *a = &hd->a->score, *b = &hd->b->score;
	char p[24], sa[24], sb[24];
	size_t i = 0;

	points(p, hd->delta, 0);
	score_text(sa, hd->score_a);
	score_text(sb, hd->score_b);
	fprintf(t->f, "%shost %s%s\n", paint(t, "\033[1m"), hd->host,
		paint(t, "\033[0m"));
	fprintf(t->f, "  score %s (%c) -> %s (%c): %s points\n", sa, a->grade,
		sb, b->grade, p);
	if (a->exact && b->exact && a->weights.counted != b->weights.counted)
		fprintf(t->f,
			"  counted weight %llu -> %llu, so the cost of every "
			"finding changes\n",
			(unsigned long long)a->weights.counted,
			(unsigned long long)b->weights.counted);
	for (int k = 0; k < CHANGE_COUNT; k++) {
		if (!hd->group_count[k])
			continue;
		points(p, hd->group_points[k], 0);
		fprintf(t->f, "\n  %s (%zu): %s\n",
			change_kind_name((enum change_kind)k),
			hd->group_count[k], p);
		for (; i < hd->n_changes && (int)hd->changes[i].kind == k; i++)
			change_line(t, &hd->changes[i]);
	}
	fprintf(t->f, "\n  accounted:");
	for (int k = 0; k < CHANGE_COUNT; k++) {
		if (!hd->group_count[k])
			continue;
		points(p, hd->group_points[k], 0);
		fprintf(t->f, " %s %s", p,
			change_kind_name((enum change_kind)k));
	}
	if (hd->residual) {
		points(p, hd->residual, 0);
		fprintf(t->f,
			" %s rounding (the costs do not add up to the "
			"score)",
			p);
	}
	if (!hd->n_changes && !hd->residual)
		fprintf(t->f, " nothing changed");
	points(p, hd->delta, 0);
	fprintf(t->f, " = %s points\n\n", p);
}

int diff_write_text(FILE *out, const struct diff *d, const char *label_a,
		    const char *label_b, bool color)
{
	struct text_out t = {.f = out, .color = color};

	buf_init(&t.line, 0);
	fprintf(out, "diff %s (%s) -> %s (%s)\n\n", label_a, d->a->generated_at,
		label_b, d->b->generated_at);
	for (size_t i = 0; i < d->n_hosts; i++)
		host_text(&t, &d->hosts[i]);
	for (size_t i = 0; i < d->n_only_a; i++)
		fprintf(out, "host %s: only in %s\n", d->only_a[i], label_a);
	for (size_t i = 0; i < d->n_only_b; i++)
		fprintf(out, "host %s: only in %s\n", d->only_b[i], label_b);
	buf_clear(&t.line);
	return ferror(out) ? SW_EIO : 0;
}

static json_t *rounded(double v)
{
	return json_real(round(v * 10000) / 10000);
}

static json_t *from_hundredths(int64_t h)
{
	return json_real((double)h / 100.0);
}

static json_t *finding_brief(const struct finding *f)
{
	json_t *doc;

	if (!f)
		return json_null();
	doc =
	    json_pack("{s:s, s:s, s:s, s:o}", "status", status_name(f->status),
		      "evidence", f->evidence, "severity",
		      severity_name(f->severity), "cost", rounded(f->cost));
	if (doc && f->waiver)
		json_object_set_new(doc, "waiver",
				    json_pack("{s:s, s:s, s:s, s:s}", "kind",
					      f->waiver->kind, "owner",
					      f->waiver->owner, "reason",
					      f->waiver->reason, "expires",
					      f->waiver->expires));
	return doc;
}

static json_t *change_json(const struct change *c)
{
	const struct finding *f = shown(c);
	json_t *doc =
	    json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:o, s:o, s:o}", "change",
		      change_kind_name(c->kind), "rule", f->rule, "object",
		      "kind", f->object_kind, "id", f->object_id, "name",
		      f->object_name, "points", from_hundredths(c->points), "a",
		      finding_brief(c->a), "b", finding_brief(c->b));

	if (doc && c->kind == CHANGE_WAIVER_ENDED)
		json_object_set_new(doc, "expired", json_boolean(c->expired));
	return doc;
}

static json_t *host_json(const struct host_diff *hd)
{
	json_t *groups = json_object(), *changes = json_array();

	for (int k = 0; k < CHANGE_COUNT; k++)
		if (hd->group_count[k])
			json_object_set_new(
			    groups, change_kind_name((enum change_kind)k),
			    from_hundredths(hd->group_points[k]));
	for (size_t i = 0; i < hd->n_changes; i++)
		json_array_append_new(changes, change_json(&hd->changes[i]));
	return json_pack(
	    "{s:s, s:{s:o, s:s#}, s:{s:o, s:s#}, s:o, s:o, "
	    "s:o, s:o}",
	    "host", hd->host, "a", "score", from_hundredths(hd->score_a),
	    "grade", &hd->a->score.grade, (size_t)1, "b", "score",
	    from_hundredths(hd->score_b), "grade", &hd->b->score.grade,
	    (size_t)1, "points", from_hundredths(hd->delta), "rounding",
	    from_hundredths(hd->residual), "groups", groups, "changes",
	    changes);
}

int diff_write_json(FILE *out, const struct diff *d, const char *label_a,
		    const char *label_b)
{
	json_t *hosts = json_array(), *only_a = json_array(),
	       *only_b = json_array();
	json_t *doc;
	int rc;

	for (size_t i = 0; i < d->n_hosts; i++)
		json_array_append_new(hosts, host_json(&d->hosts[i]));
	for (size_t i = 0; i < d->n_only_a; i++)
		json_array_append_new(only_a, json_string(d->only_a[i]));
	for (size_t i = 0; i < d->n_only_b; i++)
		json_array_append_new(only_b, json_string(d->only_b[i]));
	doc = json_pack("{s:s, s:{s:s, s:s}, s:{s:s, s:s}, s:o, s:o, s:o}",
			"schema", "stridewatch.diff/1", "a", "label", label_a,
			"generated_at", d->a->generated_at, "b", "label",
			label_b, "generated_at", d->b->generated_at, "hosts",
			hosts, "only_in_a", only_a, "only_in_b", only_b);
	if (!doc)
		return SW_ENOMEM;
	rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	fputc('\n', out);
	json_decref(doc);
	return rc || ferror(out) ? SW_EIO : 0;
}
