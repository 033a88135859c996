#include <jansson.h>
#include <math.h>

#include "assess/waiver.h"
#include "config.h"
#include "report/report.h"
#include "report/report_util.h"
#include "util/error.h"

static json_t *round_real(double v, double scale)
{
	return json_real(round(v * scale) / scale);
}

json_t *report_score_json(const struct score *s)
{
	json_t *stride = json_object();
	json_t *score;
	bool capped;
	char grade[2] = {score_grade(s, &capped), '\0'};

	for (int c = 0; c < STRIDE_COUNT; c++) {
		bool counted;
		double v = score_stride_value(s, (enum stride)c, &counted);
		char key[2] = {stride_letter((enum stride)c), '\0'};

		json_object_set_new(stride, key,
				    counted ? round_real(v, 10) : json_null());
	}
	score = json_pack("{s:o, s:s, s:b, s:o, s:o, s:I, s:I}", "value",
			  round_real(score_value(s), 10), "grade", grade,
			  "capped", capped, "coverage",
			  round_real(score_coverage(s), 10), "stride", stride,
			  "passed_weight", (json_int_t)s->passed,
			  "counted_weight", (json_int_t)s->counted);
	if (capped)
		json_object_set_new(score, "cap_reason",
				    json_string("a critical finding is open"));
	return score;
}

json_t *report_scores_json(const struct score *s,
			   const struct score *compliance)
{
	json_t *score = report_score_json(s);

	json_object_set_new(score, "compliance",
			    report_score_json(compliance));
	return score;
}

static json_t *stride_array(const struct rule *r)
{
	char first[2] = {stride_letter(r->stride), '\0'};
	char second[2] = {stride_letter(r->stride2), '\0'};
	json_t *arr = json_array();

	json_array_append_new(arr, json_string(first));
	if (r->stride2 != STRIDE_NONE)
		json_array_append_new(arr, json_string(second));
	return arr;
}

static json_t *result_json(const struct result *res)
{
	const struct rule *r = res->rule;
	json_t *obj = json_pack("{s:s, s:s?, s:s?}", "kind", res->kind_name,
				"id", res->object_id, "name",
				res->object_name);
	json_t *j = json_pack(
		"{s:s, s:s, s:o, s:s, s:s, s:o, s:s, s:s, s:o}", "rule", r->id,
		"title", r->title, "stride", stride_array(r), "severity",
		severity_name(r->severity), "status", status_name(res->status),
		"object", obj, "evidence", res->evidence ? res->evidence : "",
		"remediation", r->remediation, "cost",
		round_real(res->cost, 100));

	if (res->loc.path) {
		json_t *loc = json_pack("{s:s, s:i}", "path", res->loc.path,
					"line", (int)res->loc.line);

		if (res->loc.column)
			json_object_set_new(loc, "column",
					    json_integer(res->loc.column));
		json_object_set_new(j, "location", loc);
	}
	if (res->status == ST_WAIVED)
		json_object_set_new(j, "waiver", report_waiver_json(res));
	if (res->note)
		json_object_set_new(j, "note", json_string(res->note));
	return j;
}

static json_t *containers_json(const struct host_assessment *h)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < h->n_containers; i++) {
		const struct container_assessment *ca = &h->containers[i];
		const struct container *c = ca->container;

		json_array_append_new(
			arr, json_pack("{s:s, s:s, s:s, s:b, s:o}", "id", c->id,
				       "name", c->name, "image", c->image,
				       "running", c->running, "score",
				       report_scores_json(&ca->score,
							  &ca->compliance)));
	}
	return arr;
}

static json_t *fix_first_json(const struct host_assessment *h)
{
	const struct rule_rollup *order[REPORT_FIX_FIRST_MAX];
	size_t n = report_fix_first(h, order, REPORT_FIX_FIRST_MAX);
	json_t *arr = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(
			arr, json_pack("{s:s, s:s, s:s, s:I, s:o}", "rule",
				       order[i]->rule->id, "title",
				       order[i]->rule->title, "severity",
				       severity_name(order[i]->rule->severity),
				       "objects", (json_int_t)order[i]->failing,
				       "gain", round_real(order[i]->cost, 100)));
	return arr;
}

static json_t *host_json(const struct host_assessment *h)
{
	const struct target *t = h->target;
	json_t *results = json_array();
	json_t *notes = json_array();
	json_t *host;

	for (size_t i = 0; i < h->n_results; i++)
		json_array_append_new(results, result_json(&h->results[i]));
	for (size_t i = 0; i < t->notes.n; i++)
		json_array_append_new(notes, json_string(t->notes.v[i]));
	for (size_t i = 0; i < h->notes.n; i++)
		json_array_append_new(notes, json_string(h->notes.v[i]));
	host = json_pack("{s:s, s:s, s:{s:s, s:s}, s:o, s:o, s:o, s:o, s:o}",
			 "name", t->name, "endpoint", t->endpoint, "engine",
			 "version", t->daemon.version, "api_version",
			 t->daemon.api_version, "score",
			 report_scores_json(&h->score, &h->compliance),
			 "containers",
			 containers_json(h), "fix_first", fix_first_json(h),
			 "notes", notes, "results", results);
	return host;
}

/* One entry per waiver of the waivers file, used or not. */
static json_t *waivers_json(const struct assessment *a)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < a->n_waiver_uses; i++) {
		const struct waiver_use *u = &a->waiver_uses[i];
		const struct waiver *w = u->waiver;

		json_array_append_new(
		    arr,
		    json_pack("{s:s, s:s?, s:s?, s:s, s:s, s:s, s:s, s:s?, "
			      "s:{s:s, s:i}, s:b, s:I, s:I}",
			      "rule", w->rule->id, "object", w->object, "host",
			      w->host, "kind", waiver_kind_name(w->kind),
			      "owner", w->owner, "reason", w->reason,
			      "expires", w->expires, "evidence", w->evidence,
			      "location", "path", w->loc.path, "line",
			      (int)w->loc.line, "in_force", u->in_force,
			      "applied", (json_int_t)u->applied,
			      "matched_after_expiry", (json_int_t)u->expired));
	}
	return arr;
}

int report_json(FILE *out, const struct assessment *a,
		const struct report_options *opts)
{
	json_t *hosts = json_array();
	json_t *doc;
	int rc;

	(void)opts;
	for (size_t i = 0; i < a->n_hosts; i++)
		json_array_append_new(hosts, host_json(&a->hosts[i]));
	doc = json_pack("{s:s, s:{s:s, s:s}, s:{s:s, s:s}, s:i, s:s, s:o, "
			"s:{s:o, s:s?}}",
			"schema", "stridewatch.report/1", "tool", "name",
			"stridewatch", "version", STRIDEWATCH_VERSION,
			"benchmark", "name", BENCHMARK_NAME, "version",
			BENCHMARK_VERSION, "scoring_model",
			SCORING_MODEL_VERSION, "generated_at", a->generated_at,
			"hosts", hosts, "fleet", "score",
			report_scores_json(&a->fleet, &a->fleet_compliance),
			"weakest_host", a->weakest_host);
	if (!doc)
		return SW_ENOMEM;
	if (a->n_waiver_uses)
		json_object_set_new(doc, "waivers", waivers_json(a));
	/* JSON_ENSURE_ASCII escapes every non-ASCII and control character,
	 * so engine-supplied names cannot corrupt a consumer's terminal. */
	rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_ENSURE_ASCII |
					 JSON_REAL_PRECISION(10));
	fputc('\n', out);
	json_decref(doc);
	return rc ? SW_EIO : 0;
}
