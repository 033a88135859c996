#include "server/api_json.h"

#include <math.h>
#include <string.h>

#include "util/strutil.h"

static json_t *rounded(double v, double scale)
{
	return json_real(round(v * scale) / scale);
}

json_t *api_score_json(const struct score_record *s)
{
	json_t *stride = json_object();
	char grade[2] = {s->grade, '\0'};
	json_t *doc;

	for (int c = 0; c < STRIDE_COUNT; c++) {
		char key[2] = {stride_letter((enum stride)c), '\0'};

		json_object_set_new(stride, key,
				    s->stride_counted[c]
					? rounded(s->stride[c], 10)
					: json_null());
	}
	doc = json_pack("{s:o, s:s, s:b, s:o, s:o}", "value",
			rounded(s->value, 10), "grade", grade, "capped",
			s->capped, "coverage", rounded(s->coverage, 10),
			"stride", stride);
	if (doc && s->exact) {
		json_object_set_new(
		    doc, "passed_weight",
		    json_integer((json_int_t)s->weights.passed));
		json_object_set_new(
		    doc, "counted_weight",
		    json_integer((json_int_t)s->weights.counted));
	}
	return doc;
}

static json_t *stride_json(enum stride first, enum stride second)
{
	json_t *arr = json_array();
	char a[2] = {stride_letter(first), '\0'};
	char b[2] = {stride_letter(second), '\0'};

	if (first != STRIDE_NONE)
		json_array_append_new(arr, json_string(a));
	if (second != STRIDE_NONE)
		json_array_append_new(arr, json_string(b));
	return arr;
}

json_t *api_finding_json(const struct finding *f, const char *host)
{
	const struct rule *r = rule_find(f->rule);
	json_t *doc = json_pack(
	    "{s:s, s:s, s:s?, s:o, s:s, s:s, s:{s:s, s:s, s:s}, s:s, s:s?, "
	    "s:o}",
	    "host", host, "rule", f->rule, "title",
	    f->title ? f->title : (r ? r->title : NULL), "stride",
	    stride_json(f->stride, f->stride2), "severity",
	    severity_name(f->severity), "status", status_name(f->status),
	    "object", "kind", f->object_kind, "id", f->object_id, "name",
	    f->object_name, "evidence", f->evidence, "remediation",
	    r ? r->remediation : NULL, "cost", rounded(f->cost, 100));

	if (doc && f->waiver)
		json_object_set_new(doc, "waiver",
				    json_pack("{s:s, s:s, s:s, s:s}", "kind",
					      f->waiver->kind, "owner",
					      f->waiver->owner, "reason",
					      f->waiver->reason, "expires",
					      f->waiver->expires));
	return doc;
}

static json_t *failing_json(const struct host_record *h)
{
	size_t counts[4] = {0};
	json_t *doc = json_object();

	for (size_t i = 0; i < h->n_findings; i++)
		if (status_is_failing(h->findings[i].status))
			counts[h->findings[i].severity]++;
	for (int s = 0; s < 4; s++)
		json_object_set_new(doc, severity_name((enum severity)s),
				    json_integer((json_int_t)counts[s]));
	return doc;
}

json_t *api_host_summary(const struct host_status *h)
{
	json_t *labels = json_object();
	json_t *doc;

	for (size_t i = 0; i < h->n_labels; i++)
		json_object_set_new(labels, h->labels[i].name,
				    json_string(h->labels[i].value));
	doc = json_pack("{s:s, s:s, s:o, s:i, s:b, s:b, s:I, s:I, s:I, "
			"s:I}",
			"name", h->name, "endpoint", h->endpoint, "labels",
			labels, "criticality", h->criticality, "reachable",
			h->reachable, "event_stream", h->stream_connected,
			"assessments", (json_int_t)h->assessments, "events",
			(json_int_t)h->events, "open_alerts",
			(json_int_t)h->open_alerts, "reconnects",
			(json_int_t)h->reconnects);
	if (!doc)
		return NULL;
	json_object_set_new(doc, "last_error",
			    h->last_error ? json_string(h->last_error)
					  : json_null());
	if (!h->latest) {
		json_object_set_new(doc, "assessment", json_null());
		return doc;
	}
	json_object_set_new(
	    doc, "assessment",
	    json_pack(
		"{s:I, s:s, s:o, s:o, s:o, s:I}", "id",
		(json_int_t)h->assessment_id, "assessed_at", h->assessed_at,
		"duration_ms", rounded(h->duration_ms, 10), "score",
		api_score_json(&h->latest->record->hosts[0].score), "failing",
		failing_json(&h->latest->record->hosts[0]), "containers",
		(json_int_t)h->latest->record->hosts[0].n_containers));
	return doc;
}

static json_t *containers_json(const struct host_record *h)
{
	json_t *list = json_array();

	for (size_t i = 0; i < h->n_containers; i++) {
		const struct container_record *c = &h->containers[i];

		json_array_append_new(
		    list,
		    json_pack("{s:s, s:s, s:s, s:b, s:o}", "id", c->id, "name",
			      c->name, "image", c->image, "running", c->running,
			      "score", api_score_json(&c->score)));
	}
	return list;
}

static json_t *findings_json(const struct host_record *h)
{
	json_t *list = json_array();

	for (size_t i = 0; i < h->n_findings; i++)
		json_array_append_new(
		    list, api_finding_json(&h->findings[i], h->name));
	return list;
}

void api_host_detail(json_t *doc, const struct host_record *h)
{
	json_object_set_new(doc, "engine",
			    json_pack("{s:s, s:s}", "version",
				      h->engine_version, "api_version",
				      h->api_version));
	json_object_set_new(doc, "containers", containers_json(h));
	json_object_set_new(doc, "findings", findings_json(h));
}

json_t *api_summary_json(const struct assessment_summary *s)
{
	json_t *failing = json_object();

	for (int i = 0; i < 4; i++)
		json_object_set_new(
		    failing, severity_name((enum severity)i),
		    json_integer((json_int_t)s->failing_by_severity[i]));
	return json_pack(
	    "{s:I, s:s, s:s, s:o, s:o, s:I, s:o, s:I}", "id", (json_int_t)s->id,
	    "generated_at", s->generated_at, "trigger", s->trigger,
	    "duration_ms", rounded(s->duration_ms, 10), "score",
	    api_score_json(&s->score), "containers", (json_int_t)s->containers,
	    "failing", failing, "events", (json_int_t)s->events);
}

json_t *api_record_json(const struct assessment_record *r)
{
	const struct host_record *h = &r->hosts[0];
	json_t *doc =
	    json_pack("{s:I, s:s, s:i, s:s, s:s, s:o}", "id", (json_int_t)r->id,
		      "generated_at", r->generated_at, "scoring_model",
		      r->scoring_model, "host", h->name, "endpoint",
		      h->endpoint, "score", api_score_json(&h->score));

	if (doc)
		api_host_detail(doc, h);
	return doc;
}

/* Splits "a,b,c" and calls `set` on each item; false for a bad one. */
static bool list_apply(const char *list, bool (*set)(void *, const char *),
		       void *data)
{
	char item[32];

	while (list && *list) {
		size_t len = strcspn(list, ",");

		if (len == 0 || len >= sizeof(item))
			return false;
		memcpy(item, list, len);
		item[len] = '\0';
		if (!set(data, item))
			return false;
		list += len;
		if (*list == ',')
			list++;
	}
	return true;
}

static bool status_set(void *data, const char *name)
{
	struct finding_filter *f = data;
	int s = status_parse(name);

	if (s < 0)
		return false;
	f->status[s] = true;
	return true;
}

static bool severity_set(void *data, const char *name)
{
	struct finding_filter *f = data;
	int s = severity_parse(name);

	if (s < 0)
		return false;
	f->severity[s] = true;
	f->any_severity = true;
	return true;
}

static bool stride_set(void *data, const char *name)
{
	struct finding_filter *f = data;
	int s = stride_parse(name);

	if (s < 0)
		return false;
	f->stride[s] = true;
	f->any_stride = true;
	return true;
}

const char *finding_filter_parse(struct finding_filter *f, const char *host,
				 const char *status, const char *severity,
				 const char *stride)
{
	memset(f, 0, sizeof(*f));
	f->host = host;
	if (!status) {
		f->status[ST_FAIL] = true;
		f->status[ST_ERROR] = true;
	} else if (!list_apply(status, status_set, f)) {
		return "invalid 'status': expected fail, error, manual or "
		       "waived, comma-separated";
	}
	if (!list_apply(severity, severity_set, f))
		return "invalid 'severity': expected low, medium, high or "
		       "critical, comma-separated";
	if (!list_apply(stride, stride_set, f))
		return "invalid 'stride': expected letters S, T, R, I, D or "
		       "E, comma-separated";
	return NULL;
}

static bool filter_passes(const struct finding_filter *filter,
			  const struct finding *f)
{
	bool stride = !filter->any_stride ||
		      (f->stride < STRIDE_COUNT && filter->stride[f->stride]) ||
		      (f->stride2 < STRIDE_COUNT && filter->stride[f->stride2]);

	return filter->status[f->status] &&
	       (!filter->any_severity || filter->severity[f->severity]) &&
	       stride;
}

void api_findings_append(json_t *list, const struct host_record *h,
			 const struct finding_filter *f)
{
	for (size_t i = 0; i < h->n_findings; i++)
		if (filter_passes(f, &h->findings[i]))
			json_array_append_new(
			    list, api_finding_json(&h->findings[i], h->name));
}
