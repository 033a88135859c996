#include "assess/record.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "assess/waiver.h"
#include "util/error.h"
#include "util/strutil.h"

/* 512 MiB: the largest JSON report read. */
#define REPORT_MAX_BYTES ((size_t)512 << 20)

bool status_is_failing(enum status s)
{
	return s == ST_FAIL || s == ST_ERROR;
}

/* Whether a record keeps a result of this status. */
static bool status_is_kept(enum status s)
{
	return s == ST_FAIL || s == ST_ERROR || s == ST_MANUAL ||
	       s == ST_WAIVED;
}

int status_parse(const char *name)
{
	for (int s = 0; s < ST_COUNT; s++)
		if (str_eq(name, status_name((enum status)s)))
			return s;
	return -1;
}

int stride_parse(const char *letter)
{
	for (int c = 0; c < STRIDE_COUNT; c++)
		if (letter && letter[0] == stride_letter((enum stride)c) &&
		    letter[1] == '\0')
			return c;
	return -1;
}

struct assessment_record *assessment_record_new(void)
{
	return calloc(1, sizeof(struct assessment_record));
}

void assessment_record_free(struct assessment_record *r)
{
	if (!r)
		return;
	arena_clear(&r->arena);
	free(r);
}

void score_record_from_score(struct score_record *out, const struct score *s)
{
	memset(out, 0, sizeof(*out));
	out->value = score_value(s);
	out->grade = score_grade(s, &out->capped);
	out->coverage = score_coverage(s);
	for (int c = 0; c < STRIDE_COUNT; c++)
		out->stride[c] = score_stride_value(s, (enum stride)c,
						    &out->stride_counted[c]);
	out->exact = true;
	out->weights = *s;
}

const struct host_record *
assessment_record_find_host(const struct assessment_record *r, const char *name)
{
	for (size_t i = 0; i < r->n_hosts; i++)
		if (str_eq(r->hosts[i].name, name))
			return &r->hosts[i];
	return NULL;
}

const struct container_record *
host_record_find_container(const struct host_record *h, const char *id)
{
	for (size_t i = 0; i < h->n_containers; i++)
		if (str_eq(h->containers[i].id, id))
			return &h->containers[i];
	return NULL;
}

/* Copies a string into the record; NULL becomes "". */
static const char *copy(struct arena *a, const char *s)
{
	return arena_strdup(a, s ? s : "");
}

/* Copies the waiver in force on a result; the list may be freed first. */
static int waiver_copy(struct arena *a, const struct result *res,
		       struct finding *f)
{
	const struct waiver *w = res->waiver;
	struct waiver_note *note;

	if (!w || res->status != ST_WAIVED)
		return 0;
	note = arena_calloc(a, 1, sizeof(*note));
	if (!note)
		return SW_ENOMEM;
	note->kind = copy(a, waiver_kind_name(w->kind));
	note->owner = copy(a, w->owner);
	note->reason = copy(a, w->reason);
	note->expires = copy(a, w->expires);
	f->waiver = note;
	return note->kind && note->owner && note->reason && note->expires
		   ? 0
		   : SW_ENOMEM;
}

static int findings_from_host(struct arena *a, struct host_record *out,
			      const struct host_assessment *h)
{
	size_t kept = 0;

	for (size_t i = 0; i < h->n_results; i++)
		kept += status_is_kept(h->results[i].status);
	out->findings = arena_calloc(a, kept + 1, sizeof(*out->findings));
	if (!out->findings)
		return SW_ENOMEM;
	for (size_t i = 0; i < h->n_results; i++) {
		const struct result *res = &h->results[i];
		struct finding *f = &out->findings[out->n_findings];

		if (!status_is_kept(res->status))
			continue;
		f->rule = res->rule->id;
		f->title = res->rule->title;
		f->severity = res->rule->severity;
		f->stride = res->rule->stride;
		f->stride2 = res->rule->stride2;
		f->status = res->status;
		f->object_kind = copy(a, res->kind_name);
		f->object_id = copy(a, res->object_id);
		f->object_name = copy(a, res->object_name);
		f->evidence = copy(a, res->evidence);
		f->cost = res->cost;
		if (!f->object_kind || !f->object_id || !f->object_name ||
		    !f->evidence || waiver_copy(a, res, f))
			return SW_ENOMEM;
		out->n_findings++;
	}
	return 0;
}

static int host_from_assessment(struct arena *a, struct host_record *out,
				const struct host_assessment *h)
{
	const struct target *t = h->target;

	out->name = copy(a, t->name);
	out->endpoint = copy(a, t->endpoint);
	out->engine_version = copy(a, t->daemon.version);
	out->api_version = copy(a, t->daemon.api_version);
	if (!out->name || !out->endpoint || !out->engine_version ||
	    !out->api_version)
		return SW_ENOMEM;
	score_record_from_score(&out->score, &h->score);

	out->containers =
	    arena_calloc(a, h->n_containers + 1, sizeof(*out->containers));
	out->rules = arena_calloc(a, h->n_rollup + 1, sizeof(*out->rules));
	if (!out->containers || !out->rules)
		return SW_ENOMEM;
	for (size_t i = 0; i < h->n_containers; i++) {
		const struct container *c = h->containers[i].container;
		struct container_record *cr = &out->containers[i];

		cr->id = copy(a, c->id);
		cr->name = copy(a, c->name);
		cr->image = copy(a, c->image);
		cr->image_id = copy(a, c->image_id);
		if (!cr->id || !cr->name || !cr->image || !cr->image_id)
			return SW_ENOMEM;
		cr->running = c->running;
		score_record_from_score(&cr->score, &h->containers[i].score);
	}
	out->n_containers = h->n_containers;
	for (size_t i = 0; i < h->n_rollup; i++) {
		out->rules[i].rule = h->rollup[i].rule->id;
		out->rules[i].status = h->rollup[i].status;
		out->rules[i].failing = (uint32_t)h->rollup[i].failing;
		out->rules[i].cost = h->rollup[i].cost;
	}
	out->n_rules = h->n_rollup;
	return findings_from_host(a, out, h);
}

int assessment_record_from_assessment(const struct assessment *a,
				      struct assessment_record **out)
{
	struct assessment_record *r = assessment_record_new();
	int rc = 0;

	if (!r)
		return SW_ENOMEM;
	r->scoring_model = SCORING_MODEL_VERSION;
	r->generated_at = copy(&r->arena, a->generated_at);
	r->hosts = arena_calloc(&r->arena, a->n_hosts + 1, sizeof(*r->hosts));
	if (!r->generated_at || !r->hosts)
		rc = SW_ENOMEM;
	for (size_t i = 0; i < a->n_hosts && !rc; i++) {
		rc =
		    host_from_assessment(&r->arena, &r->hosts[i], &a->hosts[i]);
		r->n_hosts++;
	}
	if (rc) {
		assessment_record_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

/* Reading JSON reports. */

struct report_reader {
	struct arena *a;
	struct buf *err;
	const char *where; /* "hosts[0].results[3]" for messages */
	char where_buf[96];
};

static int report_invalid(struct report_reader *rd, const char *key,
			  const char *expected)
{
	buf_printf(rd->err,
		   "invalid JSON report: %s.%s is missing or is not %s; "
		   "write the report again with 'stridewatch scan --format "
		   "json'",
		   rd->where, key, expected);
	return SW_EINVAL;
}

static int read_string(struct report_reader *rd, json_t *obj, const char *key,
		       bool required, const char **out)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_string(v)) {
		if (required || (v && !json_is_null(v)))
			return report_invalid(rd, key, "a string");
		*out = "";
		return 0;
	}
	*out = arena_strdup(rd->a, json_string_value(v));
	return *out ? 0 : SW_ENOMEM;
}

static int read_number(struct report_reader *rd, json_t *obj, const char *key,
		       double *out)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_number(v))
		return report_invalid(rd, key, "a number");
	*out = json_number_value(v);
	return 0;
}

static int read_score(struct report_reader *rd, json_t *obj,
		      struct score_record *out)
{
	json_t *stride = json_object_get(obj, "stride");
	json_t *passed = json_object_get(obj, "passed_weight");
	json_t *counted = json_object_get(obj, "counted_weight");
	const char *grade;
	int rc;

	if (!json_is_object(obj))
		return report_invalid(rd, "score", "an object");
	rc = read_number(rd, obj, "value", &out->value);
	if (!rc)
		rc = read_number(rd, obj, "coverage", &out->coverage);
	if (!rc)
		rc = read_string(rd, obj, "grade", true, &grade);
	if (rc)
		return rc;
	if (strlen(grade) != 1 || grade[0] < 'A' || grade[0] > 'F')
		return report_invalid(rd, "score.grade", "a letter A to F");
	out->grade = grade[0];
	out->capped = json_is_true(json_object_get(obj, "capped"));
	for (int c = 0; c < STRIDE_COUNT; c++) {
		char key[2] = {stride_letter((enum stride)c), '\0'};
		json_t *v = json_object_get(stride, key);

		out->stride_counted[c] = json_is_number(v);
		out->stride[c] = json_is_number(v) ? json_number_value(v) : 0;
	}
	/* Reports that carry the weight sums allow exact accounting. */
	if (json_is_integer(passed) && json_is_integer(counted) &&
	    json_integer_value(passed) >= 0 &&
	    json_integer_value(counted) >= json_integer_value(passed)) {
		out->exact = true;
		out->weights.passed = (uint64_t)json_integer_value(passed);
		out->weights.counted = (uint64_t)json_integer_value(counted);
		/* The exact figure behind the rounded one. */
		out->value = score_value(&out->weights);
	}
	return 0;
}

static int read_stride(struct report_reader *rd, json_t *arr, struct finding *f)
{
	int first = stride_parse(json_string_value(json_array_get(arr, 0)));
	int second = stride_parse(json_string_value(json_array_get(arr, 1)));

	if (first < 0)
		return report_invalid(rd, "stride",
				      "an array of STRIDE letters");
	f->stride = (enum stride)first;
	f->stride2 = second < 0 ? STRIDE_NONE : (enum stride)second;
	return 0;
}

static int read_waiver(struct report_reader *rd, json_t *obj, struct finding *f)
{
	struct waiver_note *w;
	int rc;

	if (!obj || json_is_null(obj))
		return 0;
	if (!json_is_object(obj))
		return report_invalid(rd, "waiver", "an object");
	w = arena_calloc(rd->a, 1, sizeof(*w));
	if (!w)
		return SW_ENOMEM;
	rc = read_string(rd, obj, "kind", true, &w->kind);
	if (!rc)
		rc = read_string(rd, obj, "owner", false, &w->owner);
	if (!rc)
		rc = read_string(rd, obj, "reason", false, &w->reason);
	if (!rc)
		rc = read_string(rd, obj, "expires", false, &w->expires);
	f->waiver = w;
	return rc;
}

static int read_result(struct report_reader *rd, json_t *res, struct finding *f)
{
	json_t *object = json_object_get(res, "object");
	const char *status, *severity;
	int s, sev, rc;

	if (!json_is_object(res))
		return report_invalid(rd, "", "an object");
	rc = read_string(rd, res, "status", true, &status);
	if (rc)
		return rc;
	s = status_parse(status);
	if (s < 0)
		return report_invalid(rd, "status", "a result status");
	f->status = (enum status)s;
	if (!status_is_kept(f->status))
		return 0;

	rc = read_string(rd, res, "rule", true, &f->rule);
	if (!rc)
		rc = read_string(rd, res, "title", false, &f->title);
	if (!rc)
		rc = read_string(rd, res, "severity", true, &severity);
	if (rc)
		return rc;
	sev = severity_parse(severity);
	if (sev < 0)
		return report_invalid(rd, "severity", "a severity name");
	f->severity = (enum severity)sev;
	rc = read_stride(rd, json_object_get(res, "stride"), f);
	if (!rc && !json_is_object(object))
		rc = report_invalid(rd, "object", "an object");
	if (!rc)
		rc = read_string(rd, object, "kind", true, &f->object_kind);
	if (!rc)
		rc = read_string(rd, object, "id", false, &f->object_id);
	if (!rc)
		rc = read_string(rd, object, "name", false, &f->object_name);
	if (!rc)
		rc = read_string(rd, res, "evidence", false, &f->evidence);
	if (!rc && json_is_number(json_object_get(res, "cost")))
		f->cost = json_number_value(json_object_get(res, "cost"));
	if (!rc)
		rc = read_waiver(rd, json_object_get(res, "waiver"), f);
	return rc;
}

static int read_containers(struct report_reader *rd, json_t *arr,
			   struct host_record *h, size_t host_index)
{
	size_t i, n = json_array_size(arr);
	json_t *c;
	int rc = 0;

	if (arr && !json_is_array(arr))
		return report_invalid(rd, "containers", "an array");
	h->containers = arena_calloc(rd->a, n + 1, sizeof(*h->containers));
	if (!h->containers)
		return SW_ENOMEM;
	json_array_foreach(arr, i, c)
	{
		struct container_record *cr = &h->containers[i];

		snprintf(rd->where_buf, sizeof(rd->where_buf),
			 "hosts[%zu].containers[%zu]", host_index, i);
		rd->where = rd->where_buf;
		if (!json_is_object(c))
			return report_invalid(rd, "", "an object");
		rc = read_string(rd, c, "id", true, &cr->id);
		if (!rc)
			rc = read_string(rd, c, "name", false, &cr->name);
		if (!rc)
			rc = read_string(rd, c, "image", false, &cr->image);
		if (!rc)
			rc = read_score(rd, json_object_get(c, "score"),
					&cr->score);
		if (rc)
			return rc;
		cr->running = json_is_true(json_object_get(c, "running"));
		cr->image_id = "";
		h->n_containers++;
	}
	return 0;
}

static int read_results(struct report_reader *rd, json_t *arr,
			struct host_record *h, size_t host_index)
{
	size_t i, n = json_array_size(arr);
	json_t *res;

	if (!json_is_array(arr))
		return report_invalid(rd, "results", "an array");
	h->findings = arena_calloc(rd->a, n + 1, sizeof(*h->findings));
	if (!h->findings)
		return SW_ENOMEM;
	json_array_foreach(arr, i, res)
	{
		struct finding *f = &h->findings[h->n_findings];
		int rc;

		snprintf(rd->where_buf, sizeof(rd->where_buf),
			 "hosts[%zu].results[%zu]", host_index, i);
		rd->where = rd->where_buf;
		rc = read_result(rd, res, f);
		if (rc)
			return rc;
		if (status_is_kept(f->status))
			h->n_findings++;
		else
			memset(f, 0, sizeof(*f));
	}
	return 0;
}

static int read_host(struct report_reader *rd, json_t *obj,
		     struct host_record *h, size_t index)
{
	json_t *engine = json_object_get(obj, "engine");
	int rc;

	snprintf(rd->where_buf, sizeof(rd->where_buf), "hosts[%zu]", index);
	rd->where = rd->where_buf;
	if (!json_is_object(obj))
		return report_invalid(rd, "", "an object");
	rc = read_string(rd, obj, "name", true, &h->name);
	if (!rc)
		rc = read_string(rd, obj, "endpoint", false, &h->endpoint);
	if (!rc)
		rc = read_string(rd, engine, "version", false,
				 &h->engine_version);
	if (!rc)
		rc = read_string(rd, engine, "api_version", false,
				 &h->api_version);
	if (!rc)
		rc = read_score(rd, json_object_get(obj, "score"), &h->score);
	if (!rc)
		rc = read_containers(rd, json_object_get(obj, "containers"), h,
				     index);
	if (!rc) {
		snprintf(rd->where_buf, sizeof(rd->where_buf), "hosts[%zu]",
			 index);
		rd->where = rd->where_buf;
		rc =
		    read_results(rd, json_object_get(obj, "results"), h, index);
	}
	return rc;
}

int assessment_record_from_report(json_t *report,
				  struct assessment_record **out,
				  struct buf *err)
{
	struct assessment_record *r = assessment_record_new();
	struct report_reader rd = {.err = err, .where = "report"};
	json_t *hosts = json_object_get(report, "hosts");
	json_t *schema = json_object_get(report, "schema");
	json_t *host;
	size_t i;
	int rc = 0;

	if (!r)
		return SW_ENOMEM;
	rd.a = &r->arena;
	if (!json_is_string(schema) ||
	    !str_eq(json_string_value(schema), "stridewatch.report/1")) {
		buf_puts(err, "not a stridewatch JSON report: expected "
			      "\"schema\": \"stridewatch.report/1\"; write it "
			      "with 'stridewatch scan --format json'");
		rc = SW_EINVAL;
		goto out;
	}
	rc = read_string(&rd, report, "generated_at", false, &r->generated_at);
	if (!rc && !json_is_array(hosts))
		rc = report_invalid(&rd, "hosts", "an array");
	if (rc)
		goto out;
	r->scoring_model =
	    (int)json_integer_value(json_object_get(report, "scoring_model"));
	r->hosts = arena_calloc(&r->arena, json_array_size(hosts) + 1,
				sizeof(*r->hosts));
	if (!r->hosts) {
		rc = SW_ENOMEM;
		goto out;
	}
	json_array_foreach(hosts, i, host)
	{
		rc = read_host(&rd, host, &r->hosts[i], i);
		if (rc)
			break;
		r->n_hosts++;
	}
out:
	if (rc) {
		assessment_record_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

int assessment_record_read_report(const char *path,
				  struct assessment_record **out,
				  struct buf *err)
{
	json_error_t jerr;
	json_t *doc;
	FILE *f = fopen(path, "re");
	struct buf inner = BUF_INIT;
	struct stat st;
	int rc;

	if (!f) {
		buf_printf(err, "cannot open report '%s': %s", path,
			   strerror(errno));
		return SW_EIO;
	}
	if (fstat(fileno(f), &st) == 0 &&
	    (uint64_t)st.st_size > REPORT_MAX_BYTES) {
		buf_printf(err,
			   "report '%s' is larger than the maximum of %zu "
			   "MiB; split the scan into smaller reports",
			   path, REPORT_MAX_BYTES >> 20);
		fclose(f);
		return SW_ELIMIT;
	}
	doc = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
	fclose(f);
	if (!doc) {
		buf_printf(err,
			   "invalid JSON report '%s': line %d, column %d: %s",
			   path, jerr.line, jerr.column, jerr.text);
		return SW_EINVAL;
	}
	rc = assessment_record_from_report(doc, out, &inner);
	json_decref(doc);
	if (rc)
		buf_printf(err, "%s: %s", path, buf_str(&inner));
	buf_clear(&inner);
	return rc;
}
