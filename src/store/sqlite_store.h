/* Internals shared by the files of the SQLite back end. */
#ifndef SW_SQLITE_STORE_H
#define SW_SQLITE_STORE_H

#include <pthread.h>
#include <sqlite3.h>

#include "store/backend.h"

/* Idle read connections kept open for the HTTP API's threads. */
#define SQLITE_READERS_MAX 8

/* 5 s: how long a statement waits for another process's lock. */
#define SQLITE_BUSY_TIMEOUT_MS 5000

struct sqlite_store {
	struct store base;
	char *path;
	bool read_only;
	sqlite3 *writer; /* NULL for a read-only store */
	pthread_mutex_t write_lock;
	pthread_mutex_t pool_lock;
	sqlite3 *idle[SQLITE_READERS_MAX];
	size_t n_idle;
};

static inline struct sqlite_store *sqlite_store_of(struct store *s)
{
	return (struct sqlite_store *)s;
}

/* Takes a read connection from the pool, opening one when none is idle. */
int sqlite_reader_acquire(struct sqlite_store *s, sqlite3 **db,
			  struct buf *err);
void sqlite_reader_release(struct sqlite_store *s, sqlite3 *db);

/* Prepares a statement; SW_EIO with the SQLite message in `err`. */
int sqlite_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st,
		   struct buf *err);

/* Runs SQL without results; SW_EIO with `what` and the message in `err`. */
int sqlite_exec(sqlite3 *db, const char *sql, const char *what,
		struct buf *err);

/* Steps a statement that returns no rows, then resets it for reuse. */
int sqlite_step_done(sqlite3 *db, sqlite3_stmt *st, const char *what,
		     struct buf *err);

/* Returns column `i` as a string copied into `a` ("" for NULL). */
const char *sqlite_column_copy(sqlite3_stmt *st, int i, struct arena *a);

/* Binds a string without copying; NULL binds SQL NULL. */
void sqlite_bind_str(sqlite3_stmt *st, int i, const char *s);

int sqlite_write_assessment(struct store *base, struct store_write *w,
			    int64_t *id, struct buf *err);
int sqlite_write_events(struct store *base, const char *host,
			const struct store_event *events, size_t n,
			struct buf *err);
int sqlite_list_assessments(struct store *base, const char *host,
			    int64_t after_id, size_t limit, struct arena *a,
			    struct assessment_summary **out, size_t *n,
			    struct buf *err);
int sqlite_read_assessment(struct store *base, int64_t id,
			   struct assessment_record **out, struct buf *err);
int sqlite_latest_assessment(struct store *base, const char *host, int64_t *id,
			     struct buf *err);
int sqlite_list_hosts(struct store *base, struct arena *a, const char ***out,
		      size_t *n, struct buf *err);
int sqlite_list_open_alerts(struct store *base, const char *host,
			    struct arena *a, struct open_alert **out, size_t *n,
			    struct buf *err);
int sqlite_list_pending_deliveries(struct store *base, const char *sink,
				   size_t limit, struct arena *a,
				   struct delivery **out, size_t *n,
				   struct buf *err);
int sqlite_finish_delivery(struct store *base, int64_t notification_id,
			   const char *sink, bool delivered, int attempts,
			   struct buf *err);
int sqlite_prune(struct store *base, int64_t before, int64_t *deleted,
		 struct buf *err);

#endif
