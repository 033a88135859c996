/* The watcher's state, shared by its thread code and its cycle code. */
#ifndef SW_WATCHER_INTERNAL_H
#define SW_WATCHER_INTERNAL_H

#include <pthread.h>
#include <stdint.h>

#include "collect/engine.h"
#include "monitor/target_cache.h"
#include "monitor/watcher.h"
#include "monitor/work.h"

struct watcher {
	const struct watch_target *target;
	const struct watch_context *ctx;
	pthread_t worker;
	pthread_t streamer;
	bool streamer_started;

	/* Under `lock`: what the stream thread hands to the worker. */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop;
	struct work pending;
	uint64_t connected_gen; /* incremented on every stream connection */

	/* The worker's own. */
	struct engine *engine; /* for re-inspection; NULL until needed */
	struct target_cache cache;
	uint64_t seen_gen;
	int64_t next_full_ms; /* monotonic */

	/* The stream thread's own. */
	int64_t last_event_ns;
	long backoff_ms;
};

/* Milliseconds of the monotonic clock. */
int64_t watcher_now_ms(void);

/*
 * Runs one assessment cycle for the work taken: collects or re-inspects,
 * evaluates, stores, alerts and publishes. Failures are logged and kept in
 * the shared state; the cycle never stops the watcher.
 */
void watcher_cycle(struct watcher *w, struct work *work);

#endif
