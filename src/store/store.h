/*
 * The history store: every assessment the watch service makes, with its
 * results and scores, the engine events that caused it, and the alert
 * state, so that `history`, `diff` and the HTTP API can show what happened
 * and a restarted service neither repeats nor forgets an alert.
 *
 * One stored assessment covers one host. It is written in one transaction
 * together with the events behind it and the alerts it opens or resolves, so
 * a crash leaves either all of it or none of it.
 *
 * A store is safe to use from several threads: writes are serialized, and
 * reads use their own connections, so they do not wait for writes.
 */
#ifndef SW_STORE_H
#define SW_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "assess/record.h"
#include "util/arena.h"
#include "util/buf.h"

/* Schema version this build writes; stores are migrated up to it. */
#define STORE_SCHEMA_VERSION 1

struct store;

/*
 * Opens or creates a store. `url` is a file path or "sqlite:PATH";
 * "postgres://..." is not supported yet and fails with SW_EINVAL. A store
 * with an older schema is migrated; a newer one fails with SW_EINVAL.
 * `read_only` opens an existing store for `history` and `diff` only.
 */
int store_open(const char *url, bool read_only, struct store **out,
	       struct buf *err);
/* Closes the store after the current write; accepts NULL. */
void store_close(struct store *s);

/* An engine event as the store keeps it. */
struct store_event {
	int64_t time_ns;    /* engine time, nanoseconds since the epoch */
	const char *type;   /* "container", "network", "daemon" */
	const char *action; /* "start", "exec_start", ... */
	const char *actor_id;
	const char *actor_name; /* "" when the event names none */
};

enum alert_kind { ALERT_OPENED, ALERT_RESOLVED };

/* An alert that a write opens or resolves. */
struct alert_change {
	enum alert_kind kind;
	const struct finding *finding; /* the finding, as last seen */
	const char *resolution; /* resolved: "fixed", "removed", "waived" */
	int64_t alert_id;	/* resolved: the alert; opened: set by write */
	const char *opened_at;	/* resolved: when it was opened */
};

/*
 * Builds the body of the notification for one alert change, called inside
 * the write once the IDs are known. Returns 0 or a negative error, which
 * rolls the write back.
 */
typedef int (*notification_build_fn)(void *data, const struct alert_change *c,
				     int64_t notification_id,
				     int64_t assessment_id, struct buf *out);

struct store_write {
	const char *host;
	const char
	    *trigger;	    /* "start", "interval", "event", "reconnect", ... */
	double duration_ms; /* collection and evaluation time */
	const struct host_record *record;
	const char *generated_at;
	const struct store_event *events; /* events behind this assessment */
	size_t n_events;
	struct alert_change *alerts;
	size_t n_alerts;
	notification_build_fn build;
	void *build_data;
	const char *const *sinks; /* each notification is queued for these */
	size_t n_sinks;
};

/*
 * Writes one assessment of one host, its events, the alert changes and
 * their notifications in one transaction. Returns 0 and the assessment ID
 * in `*id`; SW_EIO with a message in `err` when the database fails.
 */
int store_write_assessment(struct store *s, struct store_write *w, int64_t *id,
			   struct buf *err);

/* Records events that led to no assessment (the engine was unreachable). */
int store_write_events(struct store *s, const char *host,
		       const struct store_event *events, size_t n,
		       struct buf *err);

/* One stored assessment without its results, for `history` and the API. */
struct assessment_summary {
	int64_t id;
	const char *host;
	const char *generated_at;
	const char *trigger;
	double duration_ms;
	struct score_record score;
	size_t containers;
	size_t failing;		       /* fail and error results */
	size_t failing_by_severity[4]; /* indexed by enum severity */
	size_t events;		       /* events behind it */
};

/*
 * Lists assessments oldest first: of one host, or of all when `host` is
 * NULL, with IDs above `after_id`, at most `limit` (0 = no limit). The
 * rows live in `a`.
 */
int store_list_assessments(struct store *s, const char *host, int64_t after_id,
			   size_t limit, struct arena *a,
			   struct assessment_summary **out, size_t *n,
			   struct buf *err);

/* Reads one assessment in full; SW_ENOTFOUND when there is none. */
int store_read_assessment(struct store *s, int64_t id,
			  struct assessment_record **out, struct buf *err);

/* Returns the ID of the newest assessment of a host, or 0 when none. */
int store_latest_assessment(struct store *s, const char *host, int64_t *id,
			    struct buf *err);

/* Lists the host names that have assessments, sorted; rows live in `a`. */
int store_list_hosts(struct store *s, struct arena *a, const char ***out,
		     size_t *n, struct buf *err);

/* An alert that is open: its finding fails and no resolution was sent. */
struct open_alert {
	int64_t id;
	const char *rule;
	const char *object_kind;
	const char *object_id;
	const char *object_name;
	const char *opened_at;
	enum severity severity;
};

/* Lists a host's open alerts; the rows live in `a`. */
int store_list_open_alerts(struct store *s, const char *host, struct arena *a,
			   struct open_alert **out, size_t *n, struct buf *err);

/* A notification waiting to be delivered to one sink. */
struct delivery {
	int64_t notification_id;
	const char *body; /* JSON */
	int attempts;
};

/* Lists a sink's undelivered notifications, oldest first, at most `limit`. */
int store_list_pending_deliveries(struct store *s, const char *sink,
				  size_t limit, struct arena *a,
				  struct delivery **out, size_t *n,
				  struct buf *err);

/* Marks a delivery as done, or as given up after `attempts` attempts. */
int store_finish_delivery(struct store *s, int64_t notification_id,
			  const char *sink, bool delivered, int attempts,
			  struct buf *err);

/*
 * Deletes assessments and events older than `before` (seconds since the
 * epoch), keeping each host's newest assessment, and alerts resolved
 * before then whose notifications are all finished. Stores the number of
 * assessments deleted in `*deleted`.
 */
int store_prune(struct store *s, int64_t before, int64_t *deleted,
		struct buf *err);

/* Runs PRAGMA integrity_check; SW_EIO with its output in `err` if bad. */
int store_check(struct store *s, struct buf *err);

#endif
