/*
 * Alerts on drift: one alert when a failing finding appears, one when it
 * is resolved, and nothing for the re-assessments in between. The open
 * alerts live in the store, so a restarted service continues where it
 * stopped instead of alerting again.
 */
#ifndef SW_ALERT_H
#define SW_ALERT_H

#include "assess/record.h"
#include "monitor/watch_config.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"

/*
 * Compares a host's open alerts with its new record. A finding that fails
 * (status fail) at `min` severity or above and has no open alert opens
 * one; an open alert whose finding no longer fails is resolved as "fixed",
 * "waived", or "removed" when its object is gone. Errors ("could not
 * decide") neither open nor resolve an alert. The changes and the findings
 * made up for resolved alerts live in `a`.
 */
int alerts_compare(const struct open_alert *open, size_t n_open,
		   const struct host_record *h, enum severity min,
		   struct arena *a, struct alert_change **out, size_t *n);

/* What a notification body carries besides the alert change. */
struct alert_context {
	const struct watch_target *target;
	const struct host_record *record;
	const char *generated_at;
};

/*
 * Writes the JSON body of one notification (see docs/watch.md, "Alert
 * payload"). Matches notification_build_fn with `data` a struct
 * alert_context.
 */
int alert_body_build(void *data, const struct alert_change *c,
		     int64_t notification_id, int64_t assessment_id,
		     struct buf *out);

#endif
