#include "store/store.h"

#include <string.h>

#include "store/backend.h"
#include "util/error.h"
#include "util/strutil.h"

int store_open(const char *url, bool read_only, struct store **out,
	       struct buf *err)
{
	if (str_empty(url)) {
		buf_puts(err, "the store location is empty; give a SQLite "
			      "file path such as /var/lib/stridewatch/"
			      "history.db");
		return SW_EINVAL;
	}
	if (str_starts_with(url, "postgres://") ||
	    str_starts_with(url, "postgresql://")) {
		buf_puts(err, "PostgreSQL stores are not supported yet; give "
			      "a SQLite file path");
		return SW_EINVAL;
	}
	if (str_starts_with(url, "sqlite:"))
		url += strlen("sqlite:");
	return sqlite_store_open(url, read_only, out, err);
}

void store_close(struct store *s)
{
	if (s)
		s->backend->close(s);
}

int store_write_assessment(struct store *s, struct store_write *w, int64_t *id,
			   struct buf *err)
{
	return s->backend->write_assessment(s, w, id, err);
}

int store_write_events(struct store *s, const char *host,
		       const struct store_event *events, size_t n,
		       struct buf *err)
{
	return s->backend->write_events(s, host, events, n, err);
}

int store_list_assessments(struct store *s, const char *host, int64_t after_id,
			   size_t limit, struct arena *a,
			   struct assessment_summary **out, size_t *n,
			   struct buf *err)
{
	return s->backend->list_assessments(s, host, after_id, limit, a, out, n,
					    err);
}

int store_read_assessment(struct store *s, int64_t id,
			  struct assessment_record **out, struct buf *err)
{
	return s->backend->read_assessment(s, id, out, err);
}

int store_latest_assessment(struct store *s, const char *host, int64_t *id,
			    struct buf *err)
{
	return s->backend->latest_assessment(s, host, id, err);
}

int store_list_hosts(struct store *s, struct arena *a, const char ***out,
		     size_t *n, struct buf *err)
{
	return s->backend->list_hosts(s, a, out, n, err);
}

int store_list_open_alerts(struct store *s, const char *host, struct arena *a,
			   struct open_alert **out, size_t *n, struct buf *err)
{
	return s->backend->list_open_alerts(s, host, a, out, n, err);
}

int store_list_pending_deliveries(struct store *s, const char *sink,
				  size_t limit, struct arena *a,
				  struct delivery **out, size_t *n,
				  struct buf *err)
{
	return s->backend->list_pending_deliveries(s, sink, limit, a, out, n,
						   err);
}

int store_finish_delivery(struct store *s, int64_t notification_id,
			  const char *sink, bool delivered, int attempts,
			  struct buf *err)
{
	return s->backend->finish_delivery(s, notification_id, sink, delivered,
					   attempts, err);
}

int store_prune(struct store *s, int64_t before, int64_t *deleted,
		struct buf *err)
{
	return s->backend->prune(s, before, deleted, err);
}

int store_check(struct store *s, struct buf *err)
{
	return s->backend->check(s, err);
}
