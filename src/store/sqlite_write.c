#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/sqlite_store.h"
#include "util/error.h"

#define SCORE_INSERT                                                           \
	"INSERT INTO scores (assessment_id, position, scope, object_id,"       \
	" object_name, image, image_id, running, passed, counted, errors,"     \
	" applicable, critical_open, passed_s, counted_s, passed_t,"           \
	" counted_t, passed_r, counted_r, passed_i, counted_i, passed_d,"      \
	" counted_d, passed_e, counted_e) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"     \
	" ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

/* The state of one write transaction. */
struct write_ctx {
	sqlite3 *db;
	struct buf *err;
	struct store_write *w;
	int64_t host_id;
	int64_t assessment_id;
};

static int64_t unix_seconds(const char *rfc3339)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	end = rfc3339 ? strptime(rfc3339, "%Y-%m-%dT%H:%M:%S", &tm) : NULL;
	if (!end)
		return (int64_t)time(NULL);
	return (int64_t)timegm(&tm);
}

static void now_rfc3339(char *out, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int host_id_get(sqlite3 *db, const char *name, int64_t *id,
		       struct buf *err)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite_prepare(db,
				"INSERT INTO hosts (name) VALUES (?) "
				"ON CONFLICT (name) DO UPDATE SET name = name "
				"RETURNING id",
				&st, err);

	if (rc)
		return rc;
	sqlite_bind_str(st, 1, name);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
	} else {
		buf_printf(err, "writing host '%s' to the store failed: %s",
			   name, sqlite3_errmsg(db));
		rc = SW_EIO;
	}
	sqlite3_finalize(st);
	return rc;
}

static void failing_count(const struct host_record *h, int64_t *total,
			  int64_t by_severity[4])
{
	*total = 0;
	memset(by_severity, 0, 4 * sizeof(by_severity[0]));
	for (size_t i = 0; i < h->n_findings; i++) {
		if (!status_is_failing(h->findings[i].status))
			continue;
		(*total)++;
		by_severity[h->findings[i].severity]++;
	}
}

static int assessment_insert(struct write_ctx *c)
{
	const struct host_record *h = c->w->record;
	sqlite3_stmt *st = NULL;
	int64_t failing, by_severity[4];
	int rc = sqlite_prepare(
	    c->db,
	    "INSERT INTO assessments (host_id, generated_at, "
	    "generated_unix, trigger, duration_ms, scoring_model, endpoint,"
	    " engine_version, api_version, containers, failing, "
	    "failing_low, failing_medium, failing_high, failing_critical, "
	    "events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?)",
	    &st, c->err);

	if (rc)
		return rc;
	failing_count(h, &failing, by_severity);
	sqlite3_bind_int64(st, 1, c->host_id);
	sqlite_bind_str(st, 2, c->w->generated_at);
	sqlite3_bind_int64(st, 3, unix_seconds(c->w->generated_at));
	sqlite_bind_str(st, 4, c->w->trigger);
	sqlite3_bind_double(st, 5, c->w->duration_ms);
	sqlite3_bind_int(st, 6, SCORING_MODEL_VERSION);
	sqlite_bind_str(st, 7, h->endpoint);
	sqlite_bind_str(st, 8, h->engine_version);
	sqlite_bind_str(st, 9, h->api_version);
	sqlite3_bind_int64(st, 10, (int64_t)h->n_containers);
	sqlite3_bind_int64(st, 11, failing);
	for (int i = 0; i < 4; i++)
		sqlite3_bind_int64(st, 12 + i, by_severity[i]);
	sqlite3_bind_int64(st, 16, (int64_t)c->w->n_events);
	rc = sqlite_step_done(c->db, st, "an assessment", c->err);
	sqlite3_finalize(st);
	c->assessment_id = sqlite3_last_insert_rowid(c->db);
	return rc;
}

static void score_bind(sqlite3_stmt *st, int first, const struct score *s)
{
	sqlite3_bind_int64(st, first, (int64_t)s->passed);
	sqlite3_bind_int64(st, first + 1, (int64_t)s->counted);
	sqlite3_bind_int64(st, first + 2, (int64_t)s->errors);
	sqlite3_bind_int64(st, first + 3, (int64_t)s->applicable);
	sqlite3_bind_int(st, first + 4, s->critical_open);
	for (int i = 0; i < STRIDE_COUNT; i++) {
		sqlite3_bind_int64(st, first + 5 + 2 * i,
				   (int64_t)s->stride_passed[i]);
		sqlite3_bind_int64(st, first + 6 + 2 * i,
				   (int64_t)s->stride_counted[i]);
	}
}

static int scores_insert(struct write_ctx *c)
{
	const struct host_record *h = c->w->record;
	sqlite3_stmt *st = NULL;
	int rc = sqlite_prepare(c->db, SCORE_INSERT, &st, c->err);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, c->assessment_id);
	sqlite3_bind_int(st, 2, 0);
	sqlite_bind_str(st, 3, "host");
	sqlite_bind_str(st, 4, h->name);
	sqlite_bind_str(st, 5, h->name);
	sqlite_bind_str(st, 6, "");
	sqlite_bind_str(st, 7, "");
	sqlite3_bind_int(st, 8, 1);
	score_bind(st, 9, &h->score.weights);
	rc = sqlite_step_done(c->db, st, "the host score", c->err);
	for (size_t i = 0; i < h->n_containers && !rc; i++) {
		const struct container_record *cr = &h->containers[i];

		sqlite3_bind_int64(st, 2, (int64_t)i + 1);
		sqlite_bind_str(st, 3, "container");
		sqlite_bind_str(st, 4, cr->id);
		sqlite_bind_str(st, 5, cr->name);
		sqlite_bind_str(st, 6, cr->image);
		sqlite_bind_str(st, 7, cr->image_id);
		sqlite3_bind_int(st, 8, cr->running);
		score_bind(st, 9, &cr->score.weights);
		rc = sqlite_step_done(c->db, st, "a container score", c->err);
	}
	sqlite3_finalize(st);
	return rc;
}

static int rule_states_insert(struct write_ctx *c)
{
	const struct host_record *h = c->w->record;
	sqlite3_stmt *st = NULL;
	int rc = sqlite_prepare(c->db,
				"INSERT INTO rule_states (assessment_id, "
				"position, rule, status, failing, cost) "
				"VALUES (?, ?, ?, ?, ?, ?)",
				&st, c->err);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, c->assessment_id);
	for (size_t i = 0; i < h->n_rules && !rc; i++) {
		const struct rule_state *rs = &h->rules[i];

		sqlite3_bind_int64(st, 2, (int64_t)i);
		sqlite_bind_str(st, 3, rs->rule);
		sqlite_bind_str(st, 4, status_name(rs->status));
		sqlite3_bind_int64(st, 5, rs->failing);
		sqlite3_bind_double(st, 6, rs->cost);
		rc = sqlite_step_done(c->db, st, "a rule state", c->err);
	}
	sqlite3_finalize(st);
	return rc;
}

static void stride_text(const struct finding *f, char out[3])
{
	out[0] = stride_letter(f->stride);
	out[1] = f->stride2 == STRIDE_NONE ? '\0' : stride_letter(f->stride2);
	out[2] = '\0';
}

static int results_insert(struct write_ctx *c)
{
	const struct host_record *h = c->w->record;
	sqlite3_stmt *st = NULL;
	int rc = sqlite_prepare(
	    c->db,
	    "INSERT INTO results (assessment_id, position, rule, severity,"
	    " stride, status, object_kind, object_id, object_name, "
	    "evidence, cost, waiver_kind, waiver_owner, waiver_reason, "
	    "waiver_expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?)",
	    &st, c->err);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, c->assessment_id);
	for (size_t i = 0; i < h->n_findings && !rc; i++) {
		const struct finding *f = &h->findings[i];
		const struct waiver_note *wn = f->waiver;
		char stride[3];

		stride_text(f, stride);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		sqlite_bind_str(st, 3, f->rule);
		sqlite_bind_str(st, 4, severity_name(f->severity));
		sqlite_bind_str(st, 5, stride);
		sqlite_bind_str(st, 6, status_name(f->status));
		sqlite_bind_str(st, 7, f->object_kind);
		sqlite_bind_str(st, 8, f->object_id);
		sqlite_bind_str(st, 9, f->object_name);
		sqlite_bind_str(st, 10, f->evidence);
		sqlite3_bind_double(st, 11, f->cost);
		sqlite_bind_str(st, 12, wn ? wn->kind : NULL);
		sqlite_bind_str(st, 13, wn ? wn->owner : NULL);
		sqlite_bind_str(st, 14, wn ? wn->reason : NULL);
		sqlite_bind_str(st, 15, wn ? wn->expires : NULL);
		rc = sqlite_step_done(c->db, st, "a result", c->err);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Inserts events; `assessment_id` 0 stores them without an assessment. */
static int events_insert(sqlite3 *db, int64_t host_id, int64_t assessment_id,
			 const struct store_event *events, size_t n,
			 struct buf *err)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite_prepare(db,
				"INSERT INTO events (host_id, assessment_id, "
				"time_ns, type, action, actor_id, actor_name) "
				"VALUES (?, ?, ?, ?, ?, ?, ?)",
				&st, err);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, host_id);
	if (assessment_id)
		sqlite3_bind_int64(st, 2, assessment_id);
	for (size_t i = 0; i < n && !rc; i++) {
		sqlite3_bind_int64(st, 3, events[i].time_ns);
		sqlite_bind_str(st, 4, events[i].type);
		sqlite_bind_str(st, 5, events[i].action);
		sqlite_bind_str(st, 6, events[i].actor_id);
		sqlite_bind_str(st, 7, events[i].actor_name);
		rc = sqlite_step_done(db, st, "an event", err);
	}
	sqlite3_finalize(st);
	return rc;
}

static int alert_open(struct write_ctx *c, struct alert_change *ch,
		      const char *now)
{
	const struct finding *f = ch->finding;
	sqlite3_stmt *st = NULL;
	int rc = sqlite_prepare(c->db,
				"INSERT INTO alerts (host_id, rule, severity, "
				"object_kind, object_id, object_name, "
				"opened_at, opened_assessment) VALUES (?, ?, "
				"?, ?, ?, ?, ?, ?)",
				&st, c->err);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, c->host_id);
	sqlite_bind_str(st, 2, f->rule);
	sqlite_bind_str(st, 3, severity_name(f->severity));
	sqlite_bind_str(st, 4, f->object_kind);
	sqlite_bind_str(st, 5, f->object_id);
	sqlite_bind_str(st, 6, f->object_name);
	sqlite_bind_str(st, 7, now);
	sqlite3_bind_int64(st, 8, c->assessment_id);
	rc = sqlite_step_done(c->db, st, "an alert", c->err);
	sqlite3_finalize(st);
	ch->alert_id = sqlite3_last_insert_rowid(c->db);
	ch->opened_at = NULL;
	return rc;
}

static int alert_resolve(struct write_ctx *c, const struct alert_change *ch,
			 const char *now)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite_prepare(c->db,
				"UPDATE alerts SET resolved_at = ?, "
				"resolved_assessment = ?, resolution = ? "
				"WHERE id = ? AND resolved_at IS NULL",
				&st, c->err);

	if (rc)
		return rc;
	sqlite_bind_str(st, 1, now);
	sqlite3_bind_int64(st, 2, c->assessment_id);
	sqlite_bind_str(st, 3, ch->resolution);
	sqlite3_bind_int64(st, 4, ch->alert_id);
	rc = sqlite_step_done(c->db, st, "an alert resolution", c->err);
	sqlite3_finalize(st);
	return rc;
}

static int deliveries_insert(struct write_ctx *c, int64_t notification_id)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite_prepare(c->db,
				"INSERT INTO deliveries (notification_id, "
				"sink) VALUES (?, ?)",
				&st, c->err);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, notification_id);
	for (size_t i = 0; i < c->w->n_sinks && !rc; i++) {
		sqlite_bind_str(st, 2, c->w->sinks[i]);
		rc = sqlite_step_done(c->db, st, "a delivery", c->err);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Inserts a notification, then fills in its body once its ID is known. */
static int notification_insert(struct write_ctx *c,
			       const struct alert_change *ch, const char *now)
{
	struct buf body = BUF_INIT;
	sqlite3_stmt *st = NULL;
	int64_t id;
	int rc = sqlite_prepare(c->db,
				"INSERT INTO notifications (alert_id, kind, "
				"created_at, body) VALUES (?, ?, ?, '')",
				&st, c->err);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, ch->alert_id);
	sqlite_bind_str(st, 2,
			ch->kind == ALERT_OPENED ? "opened" : "resolved");
	sqlite_bind_str(st, 3, now);
	rc = sqlite_step_done(c->db, st, "a notification", c->err);
	sqlite3_finalize(st);
	st = NULL;
	id = sqlite3_last_insert_rowid(c->db);
	if (!rc && c->w->build)
		rc = c->w->build(c->w->build_data, ch, id, c->assessment_id,
				 &body);
	if (!rc)
		rc = sqlite_prepare(c->db,
				    "UPDATE notifications SET body = ? WHERE "
				    "id = ?",
				    &st, c->err);
	if (!rc) {
		sqlite_bind_str(st, 1, buf_str(&body));
		sqlite3_bind_int64(st, 2, id);
		rc = sqlite_step_done(c->db, st, "a notification", c->err);
	}
	sqlite3_finalize(st);
	buf_clear(&body);
	if (!rc)
		rc = deliveries_insert(c, id);
	return rc;
}

static int alerts_apply(struct write_ctx *c)
{
	char now[32];
	int rc = 0;

	now_rfc3339(now, sizeof(now));
	for (size_t i = 0; i < c->w->n_alerts && !rc; i++) {
		struct alert_change *ch = &c->w->alerts[i];

		if (ch->kind == ALERT_OPENED)
			rc = alert_open(c, ch, now);
		else
			rc = alert_resolve(c, ch, now);
		if (!rc)
			rc = notification_insert(c, ch, now);
	}
	return rc;
}

static int write_steps(struct write_ctx *c)
{
	int rc = host_id_get(c->db, c->w->host, &c->host_id, c->err);

	if (!rc)
		rc = assessment_insert(c);
	if (!rc)
		rc = scores_insert(c);
	if (!rc)
		rc = rule_states_insert(c);
	if (!rc)
		rc = results_insert(c);
	if (!rc)
		rc = events_insert(c->db, c->host_id, c->assessment_id,
				   c->w->events, c->w->n_events, c->err);
	if (!rc)
		rc = alerts_apply(c);
	return rc;
}

static int writer_check(struct sqlite_store *s, struct buf *err)
{
	if (s->writer)
		return 0;
	buf_puts(err, "the store was opened read-only");
	return SW_EPERM;
}

int sqlite_write_assessment(struct store *base, struct store_write *w,
			    int64_t *id, struct buf *err)
{
	struct sqlite_store *s = sqlite_store_of(base);
	struct write_ctx c = {.err = err, .w = w};
	int rc;

	pthread_mutex_lock(&s->write_lock);
	rc = writer_check(s, err);
	c.db = s->writer;
	if (!rc)
		rc = sqlite_exec(c.db, "BEGIN IMMEDIATE;",
				 "starting a store transaction", err);
	if (rc)
		goto out;
	rc = write_steps(&c);
	if (!rc)
		rc = sqlite_exec(c.db, "COMMIT;", "committing an assessment",
				 err);
	if (rc)
		sqlite3_exec(c.db, "ROLLBACK;", NULL, NULL, NULL);
	else
		*id = c.assessment_id;
out:
	pthread_mutex_unlock(&s->write_lock);
	return rc;
}

int sqlite_write_events(struct store *base, const char *host,
			const struct store_event *events, size_t n,
			struct buf *err)
{
	struct sqlite_store *s = sqlite_store_of(base);
	int64_t host_id;
	int rc;

	pthread_mutex_lock(&s->write_lock);
	rc = writer_check(s, err);
	if (!rc)
		rc = sqlite_exec(s->writer, "BEGIN IMMEDIATE;",
				 "starting a store transaction", err);
	if (rc)
		goto out;
	rc = host_id_get(s->writer, host, &host_id, err);
	if (!rc)
		rc = events_insert(s->writer, host_id, 0, events, n, err);
	if (!rc)
		rc =
		    sqlite_exec(s->writer, "COMMIT;", "committing events", err);
	if (rc)
		sqlite3_exec(s->writer, "ROLLBACK;", NULL, NULL, NULL);
out:
	pthread_mutex_unlock(&s->write_lock);
	return rc;
}

int sqlite_finish_delivery(struct store *base, int64_t notification_id,
			   const char *sink, bool delivered, int attempts,
			   struct buf *err)
{
	struct sqlite_store *s = sqlite_store_of(base);
	sqlite3_stmt *st = NULL;
	char now[32];
	int rc;

	now_rfc3339(now, sizeof(now));
	pthread_mutex_lock(&s->write_lock);
	rc = writer_check(s, err);
	if (!rc)
		rc = sqlite_prepare(s->writer,
				    "UPDATE deliveries SET finished_at = ?, "
				    "delivered = ?, attempts = ? WHERE "
				    "notification_id = ? AND sink = ?",
				    &st, err);
	if (!rc) {
		sqlite_bind_str(st, 1, now);
		sqlite3_bind_int(st, 2, delivered);
		sqlite3_bind_int(st, 3, attempts);
		sqlite3_bind_int64(st, 4, notification_id);
		sqlite_bind_str(st, 5, sink);
		rc = sqlite_step_done(s->writer, st, "a delivery state", err);
	}
	sqlite3_finalize(st);
	pthread_mutex_unlock(&s->write_lock);
	return rc;
}

static int prune_steps(sqlite3 *db, int64_t before, int64_t *deleted,
		       struct buf *err)
{
	sqlite3_stmt *st = NULL;
	char cutoff[32];
	struct tm tm;
	time_t t = (time_t)before;
	int rc;

	gmtime_r(&t, &tm);
	strftime(cutoff, sizeof(cutoff), "%Y-%m-%dT%H:%M:%SZ", &tm);
	rc = sqlite_prepare(db,
			    "DELETE FROM assessments WHERE generated_unix < ?1"
			    " AND id NOT IN (SELECT max(id) FROM assessments"
			    " GROUP BY host_id)",
			    &st, err);
	if (!rc) {
		sqlite3_bind_int64(st, 1, before);
		rc = sqlite_step_done(db, st, "the retention cut", err);
		*deleted = sqlite3_changes64(db);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (!rc)
		rc = sqlite_prepare(db, "DELETE FROM events WHERE time_ns < ?1",
				    &st, err);
	if (!rc) {
		sqlite3_bind_int64(st, 1, before * 1000000000);
		rc = sqlite_step_done(db, st, "the retention cut", err);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (!rc)
		rc = sqlite_prepare(db,
				    "DELETE FROM alerts WHERE resolved_at < ?1"
				    " AND id NOT IN (SELECT n.alert_id FROM "
				    "notifications n JOIN deliveries d ON "
				    "d.notification_id = n.id WHERE "
				    "d.finished_at IS NULL)",
				    &st, err);
	if (!rc) {
		sqlite_bind_str(st, 1, cutoff);
		rc = sqlite_step_done(db, st, "the retention cut", err);
	}
	sqlite3_finalize(st);
	return rc;
}

int sqlite_prune(struct store *base, int64_t before, int64_t *deleted,
		 struct buf *err)
{
	struct sqlite_store *s = sqlite_store_of(base);
	int rc;

	pthread_mutex_lock(&s->write_lock);
	rc = writer_check(s, err);
	if (!rc)
		rc = sqlite_exec(s->writer, "BEGIN IMMEDIATE;",
				 "starting a store transaction", err);
	if (rc)
		goto out;
	rc = prune_steps(s->writer, before, deleted, err);
	if (!rc)
		rc = sqlite_exec(s->writer, "COMMIT;", "committing the prune",
				 err);
	if (rc)
		sqlite3_exec(s->writer, "ROLLBACK;", NULL, NULL, NULL);
out:
	pthread_mutex_unlock(&s->write_lock);
	return rc;
}
