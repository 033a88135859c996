/*
 * The JSON report, written as a stream: a host with 1,000 containers has
 * tens of thousands of results, and a tree of them would cost more memory
 * than the whole assessment.
 */
#include "assess/waiver.h"
#include "config.h"
#include "report/report.h"
#include "report/report_util.h"
#include "util/error.h"
#include "util/jsonw.h"

static void score_members(struct jsonw *w, const struct score *s)
{
	bool capped;
	char grade[2] = {score_grade(s, &capped), '\0'};

	jsonw_member_real(w, "value", score_value(s), 1);
	jsonw_member_string(w, "grade", grade);
	jsonw_member_bool(w, "capped", capped);
	if (capped)
		jsonw_member_string(w, "cap_reason",
				    "a critical finding is open");
	jsonw_member_real(w, "coverage", score_coverage(s), 1);
	jsonw_key(w, "stride");
	jsonw_object_begin(w);
	for (int c = 0; c < STRIDE_COUNT; c++) {
		bool counted;
		double v = score_stride_value(s, (enum stride)c, &counted);
		char key[2] = {stride_letter((enum stride)c), '\0'};

		jsonw_key(w, key);
		if (counted)
			jsonw_real(w, v, 1);
		else
			jsonw_null(w);
	}
	jsonw_object_end(w);
	jsonw_member_int(w, "passed_weight", (int64_t)s->passed);
	jsonw_member_int(w, "counted_weight", (int64_t)s->counted);
}

/* Writes "score": {...} with the compliance view nested inside. */
static void scores_member(struct jsonw *w, const struct score *s,
			  const struct score *compliance)
{
	jsonw_key(w, "score");
	jsonw_object_begin(w);
	score_members(w, s);
	jsonw_key(w, "compliance");
	jsonw_object_begin(w);
	score_members(w, compliance);
	jsonw_object_end(w);
	jsonw_object_end(w);
}

static void stride_member(struct jsonw *w, const struct rule *r)
{
	char first[2] = {stride_letter(r->stride), '\0'};
	char second[2] = {stride_letter(r->stride2), '\0'};

	jsonw_key(w, "stride");
	jsonw_array_begin(w);
	jsonw_string(w, first);
	if (r->stride2 != STRIDE_NONE)
		jsonw_string(w, second);
	jsonw_array_end(w);
}

static void waiver_member(struct jsonw *w, const struct result *res)
{
	const struct waiver *wv = res->waiver;

	if (res->status != ST_WAIVED || !wv)
		return;
	jsonw_key(w, "waiver");
	jsonw_object_begin(w);
	jsonw_member_string(w, "kind", waiver_kind_name(wv->kind));
	jsonw_member_string(w, "owner", wv->owner);
	jsonw_member_string(w, "reason", wv->reason);
	jsonw_member_string(w, "expires", wv->expires);
	jsonw_member_string(w, "evidence", wv->evidence);
	jsonw_member_string(w, "original_status",
			    status_name(res->waived_status));
	jsonw_object_end(w);
}

static void result_write(struct jsonw *w, const struct result *res)
{
	const struct rule *r = res->rule;

	jsonw_object_begin(w);
	jsonw_member_string(w, "rule", r->id);
	jsonw_member_string(w, "title", r->title);
	stride_member(w, r);
	jsonw_member_string(w, "severity", severity_name(r->severity));
	jsonw_member_string(w, "status", status_name(res->status));
	jsonw_key(w, "object");
	jsonw_object_begin(w);
	jsonw_member_string(w, "kind", res->kind_name);
	jsonw_member_string(w, "id", res->object_id);
	jsonw_member_string(w, "name", res->object_name);
	jsonw_object_end(w);
	jsonw_member_string(w, "evidence", res->evidence ? res->evidence : "");
	jsonw_member_string(w, "remediation", r->remediation);
	jsonw_member_real(w, "cost", res->cost, 2);
	if (res->loc.path) {
		jsonw_key(w, "location");
		jsonw_object_begin(w);
		jsonw_member_string(w, "path", res->loc.path);
		jsonw_member_int(w, "line", res->loc.line);
		if (res->loc.column)
			jsonw_member_int(w, "column", res->loc.column);
		jsonw_object_end(w);
	}
	waiver_member(w, res);
	if (res->note)
		jsonw_member_string(w, "note", res->note);
	jsonw_object_end(w);
}

static void containers_member(struct jsonw *w, const struct host_assessment *h)
{
	jsonw_key(w, "containers");
	jsonw_array_begin(w);
	for (size_t i = 0; i < h->n_containers; i++) {
		const struct container_assessment *ca = &h->containers[i];
		const struct container *c = ca->container;

		jsonw_object_begin(w);
		jsonw_member_string(w, "id", c->id);
		jsonw_member_string(w, "name", c->name);
		jsonw_member_string(w, "image", c->image);
		jsonw_member_bool(w, "running", c->running);
		scores_member(w, &ca->score, &ca->compliance);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void fix_first_member(struct jsonw *w, const struct host_assessment *h)
{
	const struct rule_rollup *order[REPORT_FIX_FIRST_MAX];
	size_t n = report_fix_first(h, order, REPORT_FIX_FIRST_MAX);

	jsonw_key(w, "fix_first");
	jsonw_array_begin(w);
	for (size_t i = 0; i < n; i++) {
		jsonw_object_begin(w);
		jsonw_member_string(w, "rule", order[i]->rule->id);
		jsonw_member_string(w, "title", order[i]->rule->title);
		jsonw_member_string(w, "severity",
				    severity_name(order[i]->rule->severity));
		jsonw_member_int(w, "objects", (int64_t)order[i]->failing);
		jsonw_member_real(w, "gain", order[i]->cost, 2);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void host_write(struct jsonw *w, const struct host_assessment *h)
{
	const struct target *t = h->target;

	jsonw_object_begin(w);
	jsonw_member_string(w, "name", t->name);
	jsonw_member_string(w, "endpoint", t->endpoint);
	jsonw_key(w, "engine");
	jsonw_object_begin(w);
	jsonw_member_string(w, "version", t->daemon.version);
	jsonw_member_string(w, "api_version", t->daemon.api_version);
	jsonw_object_end(w);
	scores_member(w, &h->score, &h->compliance);
	containers_member(w, h);
	fix_first_member(w, h);
	jsonw_key(w, "notes");
	jsonw_array_begin(w);
	for (size_t i = 0; i < t->notes.n; i++)
		jsonw_string(w, t->notes.v[i]);
	for (size_t i = 0; i < h->notes.n; i++)
		jsonw_string(w, h->notes.v[i]);
	jsonw_array_end(w);
	jsonw_key(w, "results");
	jsonw_array_begin(w);
	for (size_t i = 0; i < h->n_results; i++)
		result_write(w, &h->results[i]);
	jsonw_array_end(w);
	jsonw_object_end(w);
}

/* One entry per waiver of the waivers file, used or not. */
static void waivers_member(struct jsonw *w, const struct assessment *a)
{
	jsonw_key(w, "waivers");
	jsonw_array_begin(w);
	for (size_t i = 0; i < a->n_waiver_uses; i++) {
		const struct waiver_use *u = &a->waiver_uses[i];
		const struct waiver *wv = u->waiver;

		jsonw_object_begin(w);
		jsonw_member_string(w, "rule", wv->rule->id);
		jsonw_member_string(w, "object", wv->object);
		jsonw_member_string(w, "host", wv->host);
		jsonw_member_string(w, "kind", waiver_kind_name(wv->kind));
		jsonw_member_string(w, "owner", wv->owner);
		jsonw_member_string(w, "reason", wv->reason);
		jsonw_member_string(w, "expires", wv->expires);
		jsonw_member_string(w, "evidence", wv->evidence);
		jsonw_key(w, "location");
		jsonw_object_begin(w);
		jsonw_member_string(w, "path", wv->loc.path);
		jsonw_member_int(w, "line", wv->loc.line);
		jsonw_object_end(w);
		jsonw_member_bool(w, "in_force", u->in_force);
		jsonw_member_int(w, "applied", (int64_t)u->applied);
		jsonw_member_int(w, "matched_after_expiry",
				 (int64_t)u->expired);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

int report_json(FILE *out, const struct assessment *a,
		const struct report_options *opts)
{
	struct jsonw w;

	(void)opts;
	jsonw_init(&w, out, true);
	jsonw_object_begin(&w);
	jsonw_member_string(&w, "schema", "stridewatch.report/1");
	jsonw_key(&w, "tool");
	jsonw_object_begin(&w);
	jsonw_member_string(&w, "name", "stridewatch");
	jsonw_member_string(&w, "version", STRIDEWATCH_VERSION);
	jsonw_object_end(&w);
	jsonw_key(&w, "benchmark");
	jsonw_object_begin(&w);
	jsonw_member_string(&w, "name", BENCHMARK_NAME);
	jsonw_member_string(&w, "version", BENCHMARK_VERSION);
	jsonw_object_end(&w);
	jsonw_member_int(&w, "scoring_model", SCORING_MODEL_VERSION);
	jsonw_member_string(&w, "generated_at", a->generated_at);
	jsonw_key(&w, "hosts");
	jsonw_array_begin(&w);
	for (size_t i = 0; i < a->n_hosts; i++)
		host_write(&w, &a->hosts[i]);
	jsonw_array_end(&w);
	jsonw_key(&w, "fleet");
	jsonw_object_begin(&w);
	scores_member(&w, &a->fleet, &a->fleet_compliance);
	jsonw_member_string(&w, "weakest_host", a->weakest_host);
	jsonw_object_end(&w);
	if (a->n_waiver_uses)
		waivers_member(&w, a);
	jsonw_object_end(&w);
	return ferror(out) ? SW_EIO : 0;
}
