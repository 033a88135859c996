#include <stdlib.h>
#include <string.h>

#include "store/sqlite_store.h"
#include "util/error.h"

/* The score columns in the order score_read() expects. */
#define SCORE_COLUMNS                                                          \
	"s.passed, s.counted, s.errors, s.applicable, s.critical_open, "       \
	"s.passed_s, s.counted_s, s.passed_t, s.counted_t, s.passed_r, "       \
	"s.counted_r, s.passed_i, s.counted_i, s.passed_d, s.counted_d, "      \
	"s.passed_e, s.counted_e"

static uint64_t column_u64(sqlite3_stmt *st, int i)
{
	sqlite3_int64 v = sqlite3_column_int64(st, i);

	return v > 0 ? (uint64_t)v : 0;
}

static void score_read(sqlite3_stmt *st, int first, struct score_record *out)
{
	struct score s;

	memset(&s, 0, sizeof(s));
	s.passed = column_u64(st, first);
	s.counted = column_u64(st, first + 1);
	s.errors = column_u64(st, first + 2);
	s.applicable = column_u64(st, first + 3);
	s.critical_open = sqlite3_column_int(st, first + 4) != 0;
	for (int i = 0; i < STRIDE_COUNT; i++) {
		s.stride_passed[i] = column_u64(st, first + 5 + 2 * i);
		s.stride_counted[i] = column_u64(st, first + 6 + 2 * i);
	}
	score_record_from_score(out, &s);
}

/* A query running on a pooled read connection. */
struct query {
	struct sqlite_store *s;
	sqlite3 *db;
	sqlite3_stmt *st;
	struct buf *err;
};

static int query_start(struct query *q, struct store *base, const char *sql,
		       struct buf *err)
{
	int rc;

	memset(q, 0, sizeof(*q));
	q->s = sqlite_store_of(base);
	q->err = err;
	rc = sqlite_reader_acquire(q->s, &q->db, err);
	if (!rc)
		rc = sqlite_prepare(q->db, sql, &q->st, err);
	return rc;
}

/* Steps to the next row; returns 1 for a row, 0 at the end, or an error. */
static int query_next(struct query *q)
{
	int rc = sqlite3_step(q->st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	buf_printf(q->err, "reading the store failed: %s",
		   sqlite3_errmsg(q->db));
	return SW_EIO;
}

static void query_end(struct query *q)
{
	sqlite3_finalize(q->st);
	if (q->db)
		sqlite_reader_release(q->s, q->db);
}

/* Grows an array kept in an arena by doubling; old copies stay behind. */
static void *array_grow(struct arena *a, void *v, size_t n, size_t *cap,
			size_t size)
{
	void *p;

	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 16;
	p = arena_calloc(a, *cap, size);
	if (p && n)
		memcpy(p, v, n * size);
	return p;
}

static int summary_read(sqlite3_stmt *st, struct arena *a,
			struct assessment_summary *out)
{
	out->id = sqlite3_column_int64(st, 0);
	out->host = sqlite_column_copy(st, 1, a);
	out->generated_at = sqlite_column_copy(st, 2, a);
	out->trigger = sqlite_column_copy(st, 3, a);
	out->duration_ms = sqlite3_column_double(st, 4);
	out->containers = (size_t)column_u64(st, 5);
	out->failing = (size_t)column_u64(st, 6);
	for (int i = 0; i < 4; i++)
		out->failing_by_severity[i] = (size_t)column_u64(st, 7 + i);
	out->events = (size_t)column_u64(st, 11);
	score_read(st, 12, &out->score);
	if (!out->host || !out->generated_at || !out->trigger)
		return SW_ENOMEM;
	return 0;
}

#define SUMMARY_SELECT                                                         \
	"SELECT a.id, h.name, a.generated_at, a.trigger, a.duration_ms, "      \
	"a.containers, a.failing, a.failing_low, a.failing_medium, "           \
	"a.failing_high, a.failing_critical, a.events, " SCORE_COLUMNS         \
	" FROM assessments a JOIN hosts h ON h.id = a.host_id JOIN scores s"   \
	" ON s.assessment_id = a.id AND s.position = 0 "

int sqlite_list_assessments(struct store *base, const char *host,
			    int64_t after_id, size_t limit, struct arena *a,
			    struct assessment_summary **out, size_t *n,
			    struct buf *err)
{
	struct assessment_summary *rows = NULL;
	size_t count = 0, cap = 0;
	struct query q;
	int rc = query_start(&q, base,
			     SUMMARY_SELECT "WHERE (?1 IS NULL OR h.name = ?1)"
					    " AND a.id > ?2 ORDER BY a.id "
					    "LIMIT ?3",
			     err);

	if (!rc) {
		sqlite_bind_str(q.st, 1, host);
		sqlite3_bind_int64(q.st, 2, after_id);
		sqlite3_bind_int64(q.st, 3, limit ? (int64_t)limit : -1);
	}
	while (!rc && (rc = query_next(&q)) == 1) {
		rows = array_grow(a, rows, count, &cap, sizeof(*rows));
		rc = rows ? summary_read(q.st, a, &rows[count]) : SW_ENOMEM;
		count++;
	}
	query_end(&q);
	if (rc)
		return rc;
	*out = rows;
	*n = count;
	return 0;
}

static int host_row_read(struct query *q, int64_t id,
			 struct assessment_record *r)
{
	struct arena *a = &r->arena;
	struct host_record *h = &r->hosts[0];
	int rc;

	sqlite3_bind_int64(q->st, 1, id);
	rc = query_next(q);
	if (rc == 0) {
		buf_printf(q->err,
			   "assessment %lld is not in the store; list the "
			   "stored ones with 'stridewatch history'",
			   (long long)id);
		return SW_ENOTFOUND;
	}
	if (rc < 0)
		return rc;
	r->id = id;
	h->name = sqlite_column_copy(q->st, 0, a);
	r->generated_at = sqlite_column_copy(q->st, 1, a);
	r->scoring_model = sqlite3_column_int(q->st, 2);
	h->endpoint = sqlite_column_copy(q->st, 3, a);
	h->engine_version = sqlite_column_copy(q->st, 4, a);
	h->api_version = sqlite_column_copy(q->st, 5, a);
	if (!h->name || !r->generated_at || !h->endpoint ||
	    !h->engine_version || !h->api_version)
		return SW_ENOMEM;
	return 0;
}

static int containers_read(struct query *q, struct assessment_record *r)
{
	struct host_record *h = &r->hosts[0];
	size_t cap = 0;
	int rc;

	while ((rc = query_next(q)) == 1) {
		struct container_record *cr;

		if (sqlite3_column_int(q->st, 0) == 0) {
			score_read(q->st, 6, &h->score);
			continue;
		}
		h->containers =
		    array_grow(&r->arena, h->containers, h->n_containers, &cap,
			       sizeof(*h->containers));
		if (!h->containers)
			return SW_ENOMEM;
		cr = &h->containers[h->n_containers++];
		cr->id = sqlite_column_copy(q->st, 1, &r->arena);
		cr->name = sqlite_column_copy(q->st, 2, &r->arena);
		cr->image = sqlite_column_copy(q->st, 3, &r->arena);
		cr->image_id = sqlite_column_copy(q->st, 4, &r->arena);
		cr->running = sqlite3_column_int(q->st, 5) != 0;
		score_read(q->st, 6, &cr->score);
		if (!cr->id || !cr->name || !cr->image || !cr->image_id)
			return SW_ENOMEM;
	}
	return rc;
}

static int rule_states_read(struct query *q, struct assessment_record *r)
{
	struct host_record *h = &r->hosts[0];
	size_t cap = 0;
	int rc;

	while ((rc = query_next(q)) == 1) {
		struct rule_state *rs;
		const struct rule *rule =
		    rule_find((const char *)sqlite3_column_text(q->st, 0));
		int status =
		    status_parse((const char *)sqlite3_column_text(q->st, 1));

		h->rules = array_grow(&r->arena, h->rules, h->n_rules, &cap,
				      sizeof(*h->rules));
		if (!h->rules)
			return SW_ENOMEM;
		rs = &h->rules[h->n_rules++];
		rs->rule =
		    rule ? rule->id : sqlite_column_copy(q->st, 0, &r->arena);
		rs->status = status < 0 ? ST_ERROR : (enum status)status;
		rs->failing = (uint32_t)column_u64(q->st, 2);
		rs->cost = sqlite3_column_double(q->st, 3);
	}
	return rc;
}

static int waiver_read(sqlite3_stmt *st, int first, struct arena *a,
		       struct finding *f)
{
	struct waiver_note *w;

	if (sqlite3_column_type(st, first) == SQLITE_NULL)
		return 0;
	w = arena_calloc(a, 1, sizeof(*w));
	if (!w)
		return SW_ENOMEM;
	w->kind = sqlite_column_copy(st, first, a);
	w->owner = sqlite_column_copy(st, first + 1, a);
	w->reason = sqlite_column_copy(st, first + 2, a);
	w->expires = sqlite_column_copy(st, first + 3, a);
	f->waiver = w;
	return w->kind && w->owner && w->reason && w->expires ? 0 : SW_ENOMEM;
}

static int finding_read(sqlite3_stmt *st, struct arena *a, struct finding *f)
{
	const char *id = (const char *)sqlite3_column_text(st, 0);
	const char *stride = (const char *)sqlite3_column_text(st, 2);
	const struct rule *rule = rule_find(id);
	int sev = severity_parse((const char *)sqlite3_column_text(st, 1));
	int status = status_parse((const char *)sqlite3_column_text(st, 3));
	char first[2] = {stride ? stride[0] : '\0', '\0'};
	char second[2] = {stride && stride[0] ? stride[1] : '\0', '\0'};
	int s1 = stride_parse(first), s2 = stride_parse(second);

	f->rule = rule ? rule->id : sqlite_column_copy(st, 0, a);
	f->title = rule ? rule->title : NULL;
	f->severity = sev < 0 ? SEV_LOW : (enum severity)sev;
	f->stride = s1 < 0 ? STRIDE_NONE : (enum stride)s1;
	f->stride2 = s2 < 0 ? STRIDE_NONE : (enum stride)s2;
	f->status = status < 0 ? ST_ERROR : (enum status)status;
	f->object_kind = sqlite_column_copy(st, 4, a);
	f->object_id = sqlite_column_copy(st, 5, a);
	f->object_name = sqlite_column_copy(st, 6, a);
	f->evidence = sqlite_column_copy(st, 7, a);
	f->cost = sqlite3_column_double(st, 8);
	if (!f->rule || !f->object_kind || !f->object_id || !f->object_name ||
	    !f->evidence)
		return SW_ENOMEM;
	return waiver_read(st, 9, a, f);
}

static int findings_read(struct query *q, struct assessment_record *r)
{
	struct host_record *h = &r->hosts[0];
	size_t cap = 0;
	int rc;

	while ((rc = query_next(q)) == 1) {
		h->findings = array_grow(&r->arena, h->findings, h->n_findings,
					 &cap, sizeof(*h->findings));
		if (!h->findings)
			return SW_ENOMEM;
		rc = finding_read(q->st, &r->arena,
				  &h->findings[h->n_findings++]);
		if (rc)
			return rc;
	}
	return rc;
}

/* Runs the next part of an assessment read on the same connection. */
static int part_read(struct query *q, const char *sql, int64_t id,
		     struct assessment_record *r,
		     int (*read)(struct query *q, struct assessment_record *r))
{
	int rc;

	sqlite3_finalize(q->st);
	q->st = NULL;
	rc = sqlite_prepare(q->db, sql, &q->st, q->err);
	if (rc)
		return rc;
	sqlite3_bind_int64(q->st, 1, id);
	return read(q, r);
}

static int assessment_read(struct query *q, int64_t id,
			   struct assessment_record *r)
{
	int rc = host_row_read(q, id, r);

	if (!rc)
		rc = part_read(q,
			       "SELECT s.position, s.object_id, s.object_name,"
			       " s.image, s.image_id, s.running, " SCORE_COLUMNS
			       " FROM scores s WHERE s.assessment_id = ? "
			       "ORDER BY s.position",
			       id, r, containers_read);
	if (!rc)
		rc = part_read(q,
			       "SELECT rule, status, failing, cost FROM "
			       "rule_states WHERE assessment_id = ? ORDER BY "
			       "position",
			       id, r, rule_states_read);
	if (!rc)
		rc = part_read(q,
			       "SELECT rule, severity, stride, status, "
			       "object_kind, object_id, object_name, evidence,"
			       " cost, waiver_kind, waiver_owner, "
			       "waiver_reason, waiver_expires FROM results "
			       "WHERE assessment_id = ? ORDER BY position",
			       id, r, findings_read);
	return rc;
}

int sqlite_read_assessment(struct store *base, int64_t id,
			   struct assessment_record **out, struct buf *err)
{
	struct assessment_record *r = assessment_record_new();
	struct query q = {0};
	int rc;

	if (!r)
		return SW_ENOMEM;
	r->hosts = arena_calloc(&r->arena, 1, sizeof(*r->hosts));
	r->n_hosts = 1;
	rc = r->hosts ? 0 : SW_ENOMEM;
	if (!rc)
		rc = query_start(&q, base,
				 "SELECT h.name, a.generated_at, "
				 "a.scoring_model, a.endpoint, "
				 "a.engine_version, a.api_version FROM "
				 "assessments a JOIN hosts h ON h.id = "
				 "a.host_id WHERE a.id = ?",
				 err);
	if (!rc)
		rc = assessment_read(&q, id, r);
	query_end(&q);
	if (rc) {
		assessment_record_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

int sqlite_latest_assessment(struct store *base, const char *host, int64_t *id,
			     struct buf *err)
{
	struct query q;
	int rc = query_start(&q, base,
			     "SELECT max(a.id) FROM assessments a JOIN hosts h"
			     " ON h.id = a.host_id WHERE h.name = ?",
			     err);

	if (!rc) {
		sqlite_bind_str(q.st, 1, host);
		rc = query_next(&q);
	}
	if (rc == 1) {
		*id = sqlite3_column_int64(q.st, 0);
		rc = 0;
	} else if (rc == 0) {
		*id = 0;
	}
	query_end(&q);
	return rc;
}

int sqlite_list_hosts(struct store *base, struct arena *a, const char ***out,
		      size_t *n, struct buf *err)
{
	const char **names = NULL;
	size_t count = 0, cap = 0;
	struct query q;
	int rc = query_start(&q, base,
			     "SELECT name FROM hosts h WHERE EXISTS (SELECT 1 "
			     "FROM assessments a WHERE a.host_id = h.id) "
			     "ORDER BY name",
			     err);

	while (!rc && (rc = query_next(&q)) == 1) {
		names = array_grow(a, names, count, &cap, sizeof(*names));
		if (!names) {
			rc = SW_ENOMEM;
			break;
		}
		names[count] = sqlite_column_copy(q.st, 0, a);
		rc = names[count++] ? 0 : SW_ENOMEM;
	}
	query_end(&q);
	if (rc)
		return rc;
	*out = names;
	*n = count;
	return 0;
}

int sqlite_list_open_alerts(struct store *base, const char *host,
			    struct arena *a, struct open_alert **out, size_t *n,
			    struct buf *err)
{
	struct open_alert *rows = NULL;
	size_t count = 0, cap = 0;
	struct query q;
	int rc = query_start(&q, base,
			     "SELECT al.id, al.rule, al.object_kind, "
			     "al.object_id, al.object_name, al.opened_at, "
			     "al.severity FROM alerts al JOIN hosts h ON h.id"
			     " = al.host_id WHERE h.name = ? AND "
			     "al.resolved_at IS NULL ORDER BY al.id",
			     err);

	if (!rc)
		sqlite_bind_str(q.st, 1, host);
	while (!rc && (rc = query_next(&q)) == 1) {
		struct open_alert *oa;
		int sev;

		rows = array_grow(a, rows, count, &cap, sizeof(*rows));
		if (!rows) {
			rc = SW_ENOMEM;
			break;
		}
		oa = &rows[count++];
		oa->id = sqlite3_column_int64(q.st, 0);
		oa->rule = sqlite_column_copy(q.st, 1, a);
		oa->object_kind = sqlite_column_copy(q.st, 2, a);
		oa->object_id = sqlite_column_copy(q.st, 3, a);
		oa->object_name = sqlite_column_copy(q.st, 4, a);
		oa->opened_at = sqlite_column_copy(q.st, 5, a);
		sev =
		    severity_parse((const char *)sqlite3_column_text(q.st, 6));
		oa->severity = sev < 0 ? SEV_LOW : (enum severity)sev;
		rc = oa->rule && oa->object_kind && oa->object_id &&
			     oa->object_name && oa->opened_at
			 ? 0
			 : SW_ENOMEM;
	}
	query_end(&q);
	if (rc)
		return rc;
	*out = rows;
	*n = count;
	return 0;
}

int sqlite_list_pending_deliveries(struct store *base, const char *sink,
				   size_t limit, struct arena *a,
				   struct delivery **out, size_t *n,
				   struct buf *err)
{
	struct delivery *rows = NULL;
	size_t count = 0, cap = 0;
	struct query q;
	int rc = query_start(&q, base,
			     "SELECT n.id, n.body, d.attempts FROM deliveries "
			     "d JOIN notifications n ON n.id = "
			     "d.notification_id WHERE d.sink = ? AND "
			     "d.finished_at IS NULL ORDER BY n.id LIMIT ?",
			     err);

	if (!rc) {
		sqlite_bind_str(q.st, 1, sink);
		sqlite3_bind_int64(q.st, 2, limit ? (int64_t)limit : -1);
	}
	while (!rc && (rc = query_next(&q)) == 1) {
		rows = array_grow(a, rows, count, &cap, sizeof(*rows));
		if (!rows) {
			rc = SW_ENOMEM;
			break;
		}
		rows[count].notification_id = sqlite3_column_int64(q.st, 0);
		rows[count].body = sqlite_column_copy(q.st, 1, a);
		rows[count].attempts = sqlite3_column_int(q.st, 2);
		rc = rows[count++].body ? 0 : SW_ENOMEM;
	}
	query_end(&q);
	if (rc)
		return rc;
	*out = rows;
	*n = count;
	return 0;
}
