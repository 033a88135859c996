#include "monitor/alert.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/strutil.h"

/* "RULE\x1fKIND\x1fID": what identifies one finding across assessments. */
static int finding_key(struct buf *key, const char *rule, const char *kind,
		       const char *id)
{
	buf_reset(key);
	return buf_printf(key, "%s\x1f%s\x1f%s", rule, kind, id);
}

/* Indexes the findings of a record by key: key -> index. */
static json_t *findings_index(const struct host_record *h, struct buf *key)
{
	json_t *index = json_object();

	for (size_t i = 0; i < h->n_findings && index; i++) {
		const struct finding *f = &h->findings[i];

		if (finding_key(key, f->rule, f->object_kind, f->object_id) ||
		    json_object_set_new(index, buf_str(key),
					json_integer((json_int_t)i))) {
			json_decref(index);
			return NULL;
		}
	}
	return index;
}

static bool image_in_use(const struct host_record *h, const char *id)
{
	for (size_t i = 0; i < h->n_containers; i++)
		if (str_eq(h->containers[i].image_id, id))
			return true;
	return false;
}

static const char *resolution(const struct host_record *h,
			      const struct open_alert *oa,
			      const struct finding *now)
{
	if (now && now->status == ST_WAIVED)
		return "waived";
	if (str_eq(oa->object_kind, "container") &&
	    !host_record_find_container(h, oa->object_id))
		return "removed";
	/* Images are assessed while a container uses them. */
	if (str_eq(oa->object_kind, "image") && !image_in_use(h, oa->object_id))
		return "removed";
	return "fixed";
}

/* A finding for a resolved alert, from what the store kept of it. */
static const struct finding *finding_of_alert(struct arena *a,
					      const struct open_alert *oa,
					      const struct finding *now)
{
	struct finding *f;
	const struct rule *r;

	if (now)
		return now;
	f = arena_calloc(a, 1, sizeof(*f));
	if (!f)
		return NULL;
	r = rule_find(oa->rule);
	f->rule = oa->rule;
	f->title = r ? r->title : NULL;
	f->severity = oa->severity;
	f->stride = r ? r->stride : STRIDE_NONE;
	f->stride2 = r ? r->stride2 : STRIDE_NONE;
	f->status = ST_PASS;
	f->object_kind = oa->object_kind;
	f->object_id = oa->object_id;
	f->object_name = oa->object_name;
	f->evidence = "";
	return f;
}

static bool alerts_on(const struct finding *f, enum severity min)
{
	return f->status == ST_FAIL && f->severity >= min;
}

/* Resolves the open alerts whose finding no longer fails. */
static int resolved_add(const struct open_alert *open, size_t n_open,
			const struct host_record *h, json_t *index,
			struct buf *key, struct arena *a,
			struct alert_change *changes, size_t *n)
{
	for (size_t i = 0; i < n_open; i++) {
		const struct open_alert *oa = &open[i];
		const struct finding *now = NULL;
		json_t *at;

		if (finding_key(key, oa->rule, oa->object_kind, oa->object_id))
			return SW_ENOMEM;
		at = json_object_get(index, buf_str(key));
		if (at)
			now = &h->findings[json_integer_value(at)];
		if (now && now->status != ST_WAIVED && now->status != ST_PASS)
			continue; /* fails, errors or needs a person: open */
		changes[*n].kind = ALERT_RESOLVED;
		changes[*n].alert_id = oa->id;
		changes[*n].opened_at = oa->opened_at;
		changes[*n].resolution = resolution(h, oa, now);
		changes[*n].finding = finding_of_alert(a, oa, now);
		if (!changes[*n].finding)
			return SW_ENOMEM;
		(*n)++;
	}
	return 0;
}

int alerts_compare(const struct open_alert *open, size_t n_open,
		   const struct host_record *h, enum severity min,
		   struct arena *a, struct alert_change **out, size_t *n)
{
	struct buf key = BUF_INIT;
	json_t *index = findings_index(h, &key);
	json_t *opened = json_object();
	struct alert_change *changes =
	    arena_calloc(a, h->n_findings + n_open + 1, sizeof(*changes));
	size_t count = 0;
	int rc = index && opened && changes ? 0 : SW_ENOMEM;

	for (size_t i = 0; i < n_open && !rc; i++) {
		rc = finding_key(&key, open[i].rule, open[i].object_kind,
				 open[i].object_id);
		if (!rc)
			rc = json_object_set_new(opened, buf_str(&key),
						 json_true());
	}
	for (size_t i = 0; i < h->n_findings && !rc; i++) {
		const struct finding *f = &h->findings[i];

		if (!alerts_on(f, min))
			continue;
		rc = finding_key(&key, f->rule, f->object_kind, f->object_id);
		if (rc || json_object_get(opened, buf_str(&key)))
			continue;
		changes[count].kind = ALERT_OPENED;
		changes[count].finding = f;
		count++;
	}
	if (!rc)
		rc = resolved_add(open, n_open, h, index, &key, a, changes,
				  &count);
	json_decref(index);
	json_decref(opened);
	buf_clear(&key);
	if (rc)
		return rc;
	*out = changes;
	*n = count;
	return 0;
}

static json_t *stride_json(const struct finding *f)
{
	json_t *arr = json_array();
	char first[2] = {stride_letter(f->stride), '\0'};
	char second[2] = {stride_letter(f->stride2), '\0'};

	if (f->stride != STRIDE_NONE)
		json_array_append_new(arr, json_string(first));
	if (f->stride2 != STRIDE_NONE)
		json_array_append_new(arr, json_string(second));
	return arr;
}

static json_t *labels_json(const struct watch_target *t)
{
	json_t *labels = json_object();

	for (size_t i = 0; t && i < t->n_labels; i++)
		json_object_set_new(labels, t->labels[i].name,
				    json_string(t->labels[i].value));
	return labels;
}

int alert_body_build(void *data, const struct alert_change *c,
		     int64_t notification_id, int64_t assessment_id,
		     struct buf *out)
{
	const struct alert_context *ctx = data;
	const struct finding *f = c->finding;
	const struct rule *r = rule_find(f->rule);
	const struct score_record *s = &ctx->record->score;
	char grade[2] = {s->grade, '\0'};
	json_t *body;
	char *text;
	int rc;

	body = json_pack(
	    "{s:s, s:I, s:I, s:s, s:s, s:o, s:i, s:s, s:s?, s:s, s:o, "
	    "s:{s:s, s:s, s:s}, s:s, s:s?, s:I, s:s, s:{s:f, s:s}}",
	    "schema", "stridewatch.alert/1", "id", (json_int_t)notification_id,
	    "alert_id", (json_int_t)c->alert_id, "event",
	    c->kind == ALERT_OPENED ? "opened" : "resolved", "host",
	    ctx->record->name, "labels", labels_json(ctx->target),
	    "criticality", ctx->target ? ctx->target->criticality : 0, "rule",
	    f->rule, "title", f->title ? f->title : (r ? r->title : NULL),
	    "severity", severity_name(f->severity), "stride", stride_json(f),
	    "object", "kind", f->object_kind, "id", f->object_id, "name",
	    f->object_name, "evidence", f->evidence, "remediation",
	    r ? r->remediation : NULL, "assessment_id",
	    (json_int_t)assessment_id, "assessed_at", ctx->generated_at,
	    "score", "value", round(s->value * 10) / 10, "grade", grade);
	if (!body)
		return SW_ENOMEM;
	if (c->kind == ALERT_RESOLVED) {
		json_object_set_new(body, "resolution",
				    json_string(c->resolution));
		json_object_set_new(
		    body, "opened_at",
		    json_string(c->opened_at ? c->opened_at : ""));
	}
	text = json_dumps(body, JSON_COMPACT | JSON_ENSURE_ASCII |
				    JSON_REAL_PRECISION(10));
	json_decref(body);
	if (!text)
		return SW_ENOMEM;
	rc = buf_puts(out, text);
	free(text);
	return rc;
}
