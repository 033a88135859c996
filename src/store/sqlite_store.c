#include "store/sqlite_store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/schema.h"
#include "util/error.h"

int sqlite_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st,
		   struct buf *err)
{
	if (sqlite3_prepare_v2(db, sql, -1, st, NULL) == SQLITE_OK)
		return 0;
	buf_printf(err, "preparing a store query failed: %s",
		   sqlite3_errmsg(db));
	return SW_EIO;
}

int sqlite_exec(sqlite3 *db, const char *sql, const char *what, struct buf *err)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	buf_printf(err, "%s failed: %s", what, msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return SW_EIO;
}

int sqlite_step_done(sqlite3 *db, sqlite3_stmt *st, const char *what,
		     struct buf *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	buf_printf(err, "writing %s to the store failed: %s", what,
		   sqlite3_errmsg(db));
	return SW_EIO;
}

const char *sqlite_column_copy(sqlite3_stmt *st, int i, struct arena *a)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return arena_strdup(a, s ? (const char *)s : "");
}

void sqlite_bind_str(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Sets the options every connection needs. */
static int connection_setup(sqlite3 *db, bool writer, struct buf *err)
{
	int rc;

	sqlite3_busy_timeout(db, SQLITE_BUSY_TIMEOUT_MS);
	rc = sqlite_exec(db, "PRAGMA foreign_keys = ON;",
			 "enabling foreign keys", err);
	if (!rc && writer)
		rc = sqlite_exec(db, "PRAGMA journal_mode = WAL;",
				 "switching the store to WAL mode", err);
	/* In WAL mode NORMAL keeps the database consistent across a crash;
	 * only the last commits before a power loss can be lost. */
	if (!rc && writer)
		rc = sqlite_exec(db, "PRAGMA synchronous = NORMAL;",
				 "setting the store's synchronous mode", err);
	if (!rc && !writer)
		rc = sqlite_exec(db, "PRAGMA query_only = ON;",
				 "opening a read connection", err);
	return rc;
}

static int connection_open(const char *path, bool writer, sqlite3 **out,
			   struct buf *err)
{
	int flags = writer ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
			   : SQLITE_OPEN_READONLY;
	sqlite3 *db = NULL;
	int rc;

	flags |= SQLITE_OPEN_NOFOLLOW;
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
		buf_printf(err,
			   "cannot open the store '%s': %s; check that the "
			   "directory exists and is writable",
			   path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return SW_EIO;
	}
	rc = connection_setup(db, writer, err);
	if (rc) {
		sqlite3_close(db);
		return rc;
	}
	*out = db;
	return 0;
}

/*
 * Creates the file with mode 0600 before SQLite does, since results carry
 * evidence about the hosts. SQLite gives the -wal and -shm files the mode
 * of the database file.
 */
static int file_create_private(const char *path, struct buf *err)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0) {
		buf_printf(err,
			   "cannot create the store '%s': %s; check that the "
			   "directory exists and is writable",
			   path, strerror(errno));
		return SW_EIO;
	}
	close(fd);
	return 0;
}

/* A read-only store must already have the current schema. */
static int schema_check_current(sqlite3 *db, const char *path, struct buf *err)
{
	int version, rc = schema_version(db, &version, err);

	if (rc)
		return rc;
	if (version == STORE_SCHEMA_VERSION)
		return 0;
	if (version == 0)
		buf_printf(err,
			   "'%s' is not a stridewatch store; give the store "
			   "path of the watch configuration",
			   path);
	else
		buf_printf(err,
			   "the store '%s' has schema version %d and this "
			   "stridewatch reads version %d; run 'stridewatch "
			   "watch' once to migrate it, or upgrade stridewatch",
			   path, version, STORE_SCHEMA_VERSION);
	return SW_EINVAL;
}

static const struct store_backend sqlite_backend;

int sqlite_store_open(const char *path, bool read_only, struct store **out,
		      struct buf *err)
{
	struct sqlite_store *s = calloc(1, sizeof(*s));
	sqlite3 *probe = NULL;
	int rc = 0;

	if (!s || !(s->path = strdup(path))) {
		free(s);
		return SW_ENOMEM;
	}
	s->base.backend = &sqlite_backend;
	s->read_only = read_only;
	pthread_mutex_init(&s->write_lock, NULL);
	pthread_mutex_init(&s->pool_lock, NULL);
	if (read_only && access(path, F_OK) != 0) {
		buf_printf(err,
			   "no history store at '%s': %s; give the store of the "
			   "watch configuration with --store PATH or --config "
			   "FILE",
			   path, strerror(errno));
		rc = SW_EIO;
	} else if (read_only) {
		rc = connection_open(path, false, &probe, err);
		if (!rc)
			rc = schema_check_current(probe, path, err);
		if (!rc)
			sqlite_reader_release(s, probe);
		else
			sqlite3_close(probe);
	} else {
		rc = file_create_private(path, err);
		if (!rc)
			rc = connection_open(path, true, &s->writer, err);
		if (!rc)
			rc = schema_migrate(s->writer, err);
	}
	if (rc) {
		s->base.backend->close(&s->base);
		return rc;
	}
	*out = &s->base;
	return 0;
}

static void sqlite_close(struct store *base)
{
	struct sqlite_store *s = sqlite_store_of(base);

	/* Taking the lock waits for a write in progress to commit. */
	pthread_mutex_lock(&s->write_lock);
	if (s->writer)
		sqlite3_close(s->writer);
	s->writer = NULL;
	pthread_mutex_unlock(&s->write_lock);
	for (size_t i = 0; i < s->n_idle; i++)
		sqlite3_close(s->idle[i]);
	pthread_mutex_destroy(&s->write_lock);
	pthread_mutex_destroy(&s->pool_lock);
	free(s->path);
	free(s);
}

int sqlite_reader_acquire(struct sqlite_store *s, sqlite3 **db, struct buf *err)
{
	pthread_mutex_lock(&s->pool_lock);
	if (s->n_idle) {
		*db = s->idle[--s->n_idle];
		pthread_mutex_unlock(&s->pool_lock);
		return 0;
	}
	pthread_mutex_unlock(&s->pool_lock);
	return connection_open(s->path, false, db, err);
}

void sqlite_reader_release(struct sqlite_store *s, sqlite3 *db)
{
	pthread_mutex_lock(&s->pool_lock);
	if (s->n_idle < SQLITE_READERS_MAX) {
		s->idle[s->n_idle++] = db;
		db = NULL;
	}
	pthread_mutex_unlock(&s->pool_lock);
	sqlite3_close(db);
}

static int sqlite_check(struct store *base, struct buf *err)
{
	struct sqlite_store *s = sqlite_store_of(base);
	sqlite3_stmt *st = NULL;
	sqlite3 *db;
	int rc = sqlite_reader_acquire(s, &db, err);
	bool ok = true;

	if (rc)
		return rc;
	rc = sqlite_prepare(db, "PRAGMA integrity_check", &st, err);
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);

		if (line && strcmp(line, "ok") == 0)
			continue;
		ok = false;
		buf_printf(err, "%s%s", err->len ? "; " : "",
			   line ? line : "?");
	}
	sqlite3_finalize(st);
	sqlite_reader_release(s, db);
	if (!rc && !ok)
		rc = SW_EIO;
	return rc;
}

static const struct store_backend sqlite_backend = {
    .name = "sqlite",
    .close = sqlite_close,
    .write_assessment = sqlite_write_assessment,
    .write_events = sqlite_write_events,
    .list_assessments = sqlite_list_assessments,
    .read_assessment = sqlite_read_assessment,
    .latest_assessment = sqlite_latest_assessment,
    .list_hosts = sqlite_list_hosts,
    .list_open_alerts = sqlite_list_open_alerts,
    .list_pending_deliveries = sqlite_list_pending_deliveries,
    .finish_delivery = sqlite_finish_delivery,
    .prune = sqlite_prune,
    .check = sqlite_check,
};
