/*
 * The interface a store back end implements. store.c picks the back end
 * from the URL and forwards each public call to it.
 */
#ifndef SW_STORE_BACKEND_H
#define SW_STORE_BACKEND_H

#include "store/store.h"

struct store_backend {
	const char *name;
	void (*close)(struct store *s);
	int (*write_assessment)(struct store *s, struct store_write *w,
				int64_t *id, struct buf *err);
	int (*write_events)(struct store *s, const char *host,
			    const struct store_event *events, size_t n,
			    struct buf *err);
	int (*list_assessments)(struct store *s, const char *host,
				int64_t after_id, size_t limit, struct arena *a,
				struct assessment_summary **out, size_t *n,
				struct buf *err);
	int (*read_assessment)(struct store *s, int64_t id,
			       struct assessment_record **out, struct buf *err);
	int (*latest_assessment)(struct store *s, const char *host, int64_t *id,
				 struct buf *err);
	int (*list_hosts)(struct store *s, struct arena *a, const char ***out,
			  size_t *n, struct buf *err);
	int (*list_open_alerts)(struct store *s, const char *host,
				struct arena *a, struct open_alert **out,
				size_t *n, struct buf *err);
	int (*list_pending_deliveries)(struct store *s, const char *sink,
				       size_t limit, struct arena *a,
				       struct delivery **out, size_t *n,
				       struct buf *err);
	int (*finish_delivery)(struct store *s, int64_t notification_id,
			       const char *sink, bool delivered, int attempts,
			       struct buf *err);
	int (*prune)(struct store *s, int64_t before, int64_t *deleted,
		     struct buf *err);
	int (*check)(struct store *s, struct buf *err);
};

/* Every back end's store struct starts with this. */
struct store {
	const struct store_backend *backend;
};

/* Opens a SQLite store at a file path; see store_open(). */
int sqlite_store_open(const char *path, bool read_only, struct store **out,
		      struct buf *err);

#endif
