#include "store/schema.h"

#include <stdio.h>

#include "store/store.h"
#include "util/error.h"

/*
 * migrations[i] takes the schema from version i to i + 1. Add a new entry
 * for every change and never edit a released one: stores in the field
 * were created by it.
 */
static const char *const migrations[] = {
    /* 0 -> 1: the first schema. */
    "CREATE TABLE hosts ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE"
    ");"
    "CREATE TABLE assessments ("
    "  id INTEGER PRIMARY KEY,"
    "  host_id INTEGER NOT NULL REFERENCES hosts(id),"
    "  generated_at TEXT NOT NULL,"
    "  generated_unix INTEGER NOT NULL,"
    "  trigger TEXT NOT NULL,"
    "  duration_ms REAL NOT NULL,"
    "  scoring_model INTEGER NOT NULL,"
    "  endpoint TEXT NOT NULL,"
    "  engine_version TEXT NOT NULL,"
    "  api_version TEXT NOT NULL,"
    "  containers INTEGER NOT NULL,"
    "  failing INTEGER NOT NULL,"
    "  failing_low INTEGER NOT NULL,"
    "  failing_medium INTEGER NOT NULL,"
    "  failing_high INTEGER NOT NULL,"
    "  failing_critical INTEGER NOT NULL,"
    "  events INTEGER NOT NULL"
    ");"
    "CREATE INDEX assessments_host ON assessments(host_id, id);"
    "CREATE INDEX assessments_time ON assessments(generated_unix);"
    /* One row for the host (position 0) and one per container. */
    "CREATE TABLE scores ("
    "  assessment_id INTEGER NOT NULL"
    "    REFERENCES assessments(id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  scope TEXT NOT NULL CHECK (scope IN ('host', 'container')),"
    "  object_id TEXT NOT NULL,"
    "  object_name TEXT NOT NULL,"
    "  image TEXT NOT NULL,"
    "  image_id TEXT NOT NULL,"
    "  running INTEGER NOT NULL,"
    "  passed INTEGER NOT NULL,"
    "  counted INTEGER NOT NULL,"
    "  errors INTEGER NOT NULL,"
    "  applicable INTEGER NOT NULL,"
    "  critical_open INTEGER NOT NULL,"
    "  passed_s INTEGER NOT NULL, counted_s INTEGER NOT NULL,"
    "  passed_t INTEGER NOT NULL, counted_t INTEGER NOT NULL,"
    "  passed_r INTEGER NOT NULL, counted_r INTEGER NOT NULL,"
    "  passed_i INTEGER NOT NULL, counted_i INTEGER NOT NULL,"
    "  passed_d INTEGER NOT NULL, counted_d INTEGER NOT NULL,"
    "  passed_e INTEGER NOT NULL, counted_e INTEGER NOT NULL,"
    "  PRIMARY KEY (assessment_id, position)"
    ") WITHOUT ROWID;"
    /* The host-level status of every rule. */
    "CREATE TABLE rule_states ("
    "  assessment_id INTEGER NOT NULL"
    "    REFERENCES assessments(id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  rule TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  failing INTEGER NOT NULL,"
    "  cost REAL NOT NULL,"
    "  PRIMARY KEY (assessment_id, position)"
    ") WITHOUT ROWID;"
    /* Results that are findings or need attention; see record.h. */
    "CREATE TABLE results ("
    "  assessment_id INTEGER NOT NULL"
    "    REFERENCES assessments(id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  rule TEXT NOT NULL,"
    "  severity TEXT NOT NULL,"
    "  stride TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  object_kind TEXT NOT NULL,"
    "  object_id TEXT NOT NULL,"
    "  object_name TEXT NOT NULL,"
    "  evidence TEXT NOT NULL,"
    "  cost REAL NOT NULL,"
    "  waiver_kind TEXT,"
    "  waiver_owner TEXT,"
    "  waiver_reason TEXT,"
    "  waiver_expires TEXT,"
    "  PRIMARY KEY (assessment_id, position)"
    ") WITHOUT ROWID;"
    "CREATE TABLE events ("
    "  id INTEGER PRIMARY KEY,"
    "  host_id INTEGER NOT NULL REFERENCES hosts(id),"
    "  assessment_id INTEGER"
    "    REFERENCES assessments(id) ON DELETE SET NULL,"
    "  time_ns INTEGER NOT NULL,"
    "  type TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  actor_id TEXT NOT NULL,"
    "  actor_name TEXT NOT NULL"
    ");"
    "CREATE INDEX events_assessment ON events(assessment_id);"
    "CREATE INDEX events_time ON events(time_ns);"
    "CREATE TABLE alerts ("
    "  id INTEGER PRIMARY KEY,"
    "  host_id INTEGER NOT NULL REFERENCES hosts(id),"
    "  rule TEXT NOT NULL,"
    "  severity TEXT NOT NULL,"
    "  object_kind TEXT NOT NULL,"
    "  object_id TEXT NOT NULL,"
    "  object_name TEXT NOT NULL,"
    "  opened_at TEXT NOT NULL,"
    "  opened_assessment INTEGER NOT NULL,"
    "  resolved_at TEXT,"
    "  resolved_assessment INTEGER,"
    "  resolution TEXT"
    ");"
    "CREATE INDEX alerts_open ON alerts(host_id) WHERE resolved_at IS NULL;"
    "CREATE TABLE notifications ("
    "  id INTEGER PRIMARY KEY,"
    "  alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('opened', 'resolved')),"
    "  created_at TEXT NOT NULL,"
    "  body TEXT NOT NULL"
    ");"
    "CREATE INDEX notifications_alert ON notifications(alert_id);"
    /* One row per notification and alert sink: the outbox. */
    "CREATE TABLE deliveries ("
    "  notification_id INTEGER NOT NULL"
    "    REFERENCES notifications(id) ON DELETE CASCADE,"
    "  sink TEXT NOT NULL,"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  finished_at TEXT,"
    "  delivered INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (notification_id, sink)"
    ") WITHOUT ROWID;"
    "CREATE INDEX deliveries_pending ON deliveries(sink, notification_id)"
    "  WHERE finished_at IS NULL;",
};

_Static_assert(sizeof(migrations) / sizeof(migrations[0]) ==
		   STORE_SCHEMA_VERSION,
	       "one migration per schema version");

int schema_version(sqlite3 *db, int *version, struct buf *err)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);

	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		*version = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		return 0;
	}
	buf_printf(err, "reading the schema version failed: %s",
		   sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return SW_EIO;
}

/*
 * Applies the migration from `from` unless another process did it first:
 * the version is read again inside the write transaction.
 */
static int migrate_one(sqlite3 *db, int from, struct buf *err)
{
	char *msg = NULL;
	char pragma[48];
	int version = -1;
	int rc;

	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d;", from + 1);
	rc = sqlite3_exec(db, "BEGIN IMMEDIATE;", NULL, NULL, &msg);
	if (rc == SQLITE_OK && schema_version(db, &version, err) != 0)
		rc = SQLITE_ERROR;
	if (rc == SQLITE_OK && version == from)
		rc = sqlite3_exec(db, migrations[from], NULL, NULL, &msg);
	if (rc == SQLITE_OK && version == from)
		rc = sqlite3_exec(db, pragma, NULL, NULL, &msg);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "COMMIT;", NULL, NULL, &msg);
	if (rc == SQLITE_OK)
		return 0;
	buf_printf(err, "migrating the store from schema %d to %d failed: %s",
		   from, from + 1, msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	sqlite3_exec(db, "ROLLBACK;", NULL, NULL, NULL);
	return SW_EIO;
}

int schema_migrate(sqlite3 *db, struct buf *err)
{
	int version, rc = schema_version(db, &version, err);

	if (rc)
		return rc;
	if (version > STORE_SCHEMA_VERSION) {
		buf_printf(err,
			   "the store has schema version %d, but this "
			   "stridewatch knows versions up to %d; upgrade "
			   "stridewatch",
			   version, STORE_SCHEMA_VERSION);
		return SW_EINVAL;
	}
	while (!rc && version < STORE_SCHEMA_VERSION) {
		rc = migrate_one(db, version, err);
		if (!rc)
			rc = schema_version(db, &version, err);
	}
	return rc;
}
