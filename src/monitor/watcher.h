/*
 * One watched target: a stream thread follows the engine's events and a
 * worker thread assesses. The worker collects everything on start, after
 * every reconnection of the event stream and once per interval. Between
 * those it re-inspects only the objects that events name. Each cycle
 * evaluates the cached snapshot, stores the assessment and raises or
 * resolves alerts.
 */
#ifndef SW_WATCHER_H
#define SW_WATCHER_H

#include "monitor/notifier.h"
#include "monitor/watch_config.h"
#include "monitor/watch_state.h"
#include "store/store.h"

/* The parts of a service that its watchers share; owned by the service. */
struct watch_context {
	const struct watch_config *config;
	struct store *store;
	struct watch_state *state;
	struct notifier **notifiers;
	size_t n_notifiers;
	const char *const *sink_names;
	const char *first_trigger; /* "start", or "reload" after SIGHUP */
};

/* How long the first full assessment waits for the event stream. */
#define WATCHER_START_WAIT_MS 5000
/*
 * Reconnection delays of the event stream: 1 s, doubling up to 5 s, so an
 * engine that comes back is followed again within seconds. Objects that
 * appear and vanish in between are never seen.
 */
#define WATCHER_BACKOFF_MIN_MS 1000
#define WATCHER_BACKOFF_MAX_MS 5000
/* The request timeout of the event stream's /_ping; the stream itself has
 * none. */
#define WATCHER_PING_TIMEOUT_MS 5000

struct watcher;

/* Starts both threads of a target; `t` and `ctx` must outlive it. */
int watcher_start(const struct watch_target *t, const struct watch_context *ctx,
		  struct watcher **out, struct buf *err);

/* Asks the watcher to stop without waiting for it. */
void watcher_request_stop(struct watcher *w);

/*
 * Stops the watcher once its current assessment is stored, and frees it.
 * Accepts NULL.
 */
void watcher_stop(struct watcher *w);

#endif
