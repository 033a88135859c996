/*
 * Alert sinks: one thread per sink delivers the notifications queued for
 * it in the store, oldest first. A webhook gets an HTTP POST of the JSON
 * body, retried with exponential backoff on connection errors, timeouts,
 * 408, 429 and 5xx responses. A log sink appends the body as one JSON line.
 * A delivery is marked finished in the store only once it succeeded or
 * was given up, so a restarted service resends what was pending. Each
 * body carries its notification "id" for receivers that deduplicate.
 */
#ifndef SW_NOTIFIER_H
#define SW_NOTIFIER_H

#include "monitor/watch_config.h"
#include "store/store.h"

/* The maximum wait between two webhook attempts. */
#define NOTIFIER_BACKOFF_MAX_MS 60000

struct notifier;

/*
 * Starts the delivery thread of one sink. `cfg` must outlive the notifier.
 * Returns 0, or SW_EIO with a message in `err` when a log file cannot be
 * opened.
 */
int notifier_start(struct store *store, const struct sink_config *cfg,
		   struct notifier **out, struct buf *err);

/* Wakes the thread after a write queued new notifications. */
void notifier_wake(struct notifier *n);

/*
 * Stops the thread after its current attempt and frees the notifier;
 * pending deliveries stay in the store. Accepts NULL.
 */
void notifier_stop(struct notifier *n);

/* Sends one body to a webhook once; returns 0 or why it failed. */
int webhook_post(const struct sink_config *cfg, const char *body, long *status,
		 struct buf *err);

#endif
