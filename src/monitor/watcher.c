#include "monitor/watcher.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collect/events.h"
#include "monitor/watcher_internal.h"
#include "util/error.h"
#include "util/log.h"

int64_t watcher_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void deadline_at(struct timespec *ts, int64_t at_ms)
{
	ts->tv_sec = (time_t)(at_ms / 1000);
	ts->tv_nsec = (long)(at_ms % 1000) * 1000000L;
}

/* Waits on the watcher's condition until `at_ms`; call with the lock. */
static void wait_until(struct watcher *w, int64_t at_ms)
{
	struct timespec deadline;

	deadline_at(&deadline, at_ms);
	pthread_cond_timedwait(&w->cond, &w->lock, &deadline);
}

/* Event stream thread. */

static void on_connected(void *data)
{
	struct watcher *w = data;

	pthread_mutex_lock(&w->lock);
	w->connected_gen++;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	w->backoff_ms = WATCHER_BACKOFF_MIN_MS;
	watch_state_stream(w->ctx->state, w->target->name, true);
	log_info("target %s: event stream connected to %s", w->target->name,
		 w->target->engine.url);
}

static bool on_event(void *data, json_t *event)
{
	struct watcher *w = data;
	json_int_t nano =
	    json_integer_value(json_object_get(event, "timeNano"));
	bool go_on;
	int rc;

	pthread_mutex_lock(&w->lock);
	rc = work_add_event(&w->pending, event);
	pthread_cond_broadcast(&w->cond);
	go_on = !w->stop;
	pthread_mutex_unlock(&w->lock);
	if (rc)
		log_error("target %s: out of memory queueing an engine event",
			  w->target->name);
	if (nano > w->last_event_ns)
		w->last_event_ns = nano;
	watch_state_count_events(w->ctx->state, w->target->name, 1);
	return go_on;
}

static bool on_tick(void *data)
{
	struct watcher *w = data;
	bool go_on;

	pthread_mutex_lock(&w->lock);
	go_on = !w->stop;
	pthread_mutex_unlock(&w->lock);
	return go_on;
}

/* Sleeps for the current backoff; returns false once stopping. */
static bool backoff_sleep(struct watcher *w)
{
	int64_t until = watcher_now_ms() + w->backoff_ms;
	bool go_on;

	pthread_mutex_lock(&w->lock);
	while (!w->stop && watcher_now_ms() < until)
		wait_until(w, until);
	go_on = !w->stop;
	pthread_mutex_unlock(&w->lock);
	w->backoff_ms = w->backoff_ms * 2 > WATCHER_BACKOFF_MAX_MS
			    ? WATCHER_BACKOFF_MAX_MS
			    : w->backoff_ms * 2;
	return go_on;
}

static void *streamer_main(void *data)
{
	struct watcher *w = data;
	const struct event_handler handler = {
	    .connected = on_connected,
	    .event = on_event,
	    .tick = on_tick,
	    .data = w,
	};
	const char *name = w->target->name;
	struct engine_options opts = w->target->engine;

	/* A starting engine may accept connections long before it responds,
	 * so a short /_ping timeout keeps the retries coming. */
	if (!opts.timeout_ms)
		opts.timeout_ms = WATCHER_PING_TIMEOUT_MS;
	w->backoff_ms = WATCHER_BACKOFF_MIN_MS;
	while (on_tick(w)) {
		struct buf err = BUF_INIT;
		struct engine *e = NULL;
		int rc = engine_open(&opts, &e, &err);

		if (!rc)
			rc = events_stream(
			    e, WORK_EVENT_FILTERS,
			    w->last_event_ns ? w->last_event_ns + 1 : 0,
			    &handler, &err);
		engine_free(e);
		watch_state_stream(w->ctx->state, name, false);
		if (!on_tick(w)) {
			buf_clear(&err);
			break;
		}
		log_warn("target %s: event stream: %s; reconnecting in %ld s",
			 name, rc ? buf_str(&err) : "stopped",
			 w->backoff_ms / 1000);
		buf_clear(&err);
		if (!backoff_sleep(w))
			break;
	}
	log_info("target %s: event stream stopped", name);
	return NULL;
}

/* Worker thread. */

/*
 * Takes the pending work, adding the full collections that are due.
 * Waits while there is nothing to do; returns false once stopping.
 */
static bool work_take(struct watcher *w, struct work *out)
{
	bool go_on = true;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		if (w->stop) {
			go_on = false;
			break;
		}
		if (w->connected_gen != w->seen_gen) {
			/* start_wait() asked for the first one. */
			work_request_full(&w->pending, "reconnect");
			w->seen_gen = w->connected_gen;
		}
		if (watcher_now_ms() >= w->next_full_ms)
			work_request_full(&w->pending, "interval");
		if (!work_empty(&w->pending))
			break;
		wait_until(w, w->next_full_ms);
	}
	if (go_on) {
		*out = w->pending;
		if (work_init(&w->pending)) {
			/* Keep the work where it was and try again later. */
			w->pending = *out;
			go_on = work_init(out) == 0;
		}
	}
	pthread_mutex_unlock(&w->lock);
	return go_on;
}

/* Gives the event stream a moment to connect before the first collection,
 * so no change falls between the collection and the first event. */
static void start_wait(struct watcher *w)
{
	int64_t until = watcher_now_ms() + WATCHER_START_WAIT_MS;

	pthread_mutex_lock(&w->lock);
	while (!w->stop && !w->connected_gen && watcher_now_ms() < until)
		wait_until(w, until);
	w->seen_gen = w->connected_gen;
	work_request_full(&w->pending, w->ctx->first_trigger);
	w->next_full_ms = watcher_now_ms() + w->ctx->config->interval_ms;
	pthread_mutex_unlock(&w->lock);
}

/* Stores the events that arrived too late for an assessment. */
static void events_keep(struct watcher *w)
{
	struct buf err = BUF_INIT;

	pthread_mutex_lock(&w->lock);
	if (w->pending.n_events &&
	    store_write_events(w->ctx->store, w->target->name,
			       w->pending.events, w->pending.n_events, &err))
		log_error("target %s: storing %zu events failed: %s",
			  w->target->name, w->pending.n_events, buf_str(&err));
	w->pending.n_events = 0;
	pthread_mutex_unlock(&w->lock);
	buf_clear(&err);
}

static void *worker_main(void *data)
{
	struct watcher *w = data;
	struct work work;

	log_info("target %s: watching %s", w->target->name,
		 w->target->engine.url);
	start_wait(w);
	while (work_take(w, &work)) {
		if (work.full)
			w->next_full_ms =
			    watcher_now_ms() + w->ctx->config->interval_ms;
		watcher_cycle(w, &work);
		work_clear(&work);
	}
	events_keep(w);
	log_info("target %s: stopped watching", w->target->name);
	return NULL;
}

static void watcher_free(struct watcher *w)
{
	work_clear(&w->pending);
	target_cache_clear(&w->cache);
	engine_free(w->engine);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
	free(w);
}

int watcher_start(const struct watch_target *t, const struct watch_context *ctx,
		  struct watcher **out, struct buf *err)
{
	struct watcher *w = calloc(1, sizeof(*w));
	pthread_condattr_t attr;

	if (!w)
		return SW_ENOMEM;
	w->target = t;
	w->ctx = ctx;
	pthread_mutex_init(&w->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cond, &attr);
	pthread_condattr_destroy(&attr);
	target_cache_init(&w->cache);
	if (work_init(&w->pending) || !w->cache.execs_seen) {
		watcher_free(w);
		return SW_ENOMEM;
	}
	if (pthread_create(&w->streamer, NULL, streamer_main, w)) {
		buf_printf(err, "target %s: cannot start its event thread",
			   t->name);
		watcher_free(w);
		return SW_ENOMEM;
	}
	w->streamer_started = true;
	if (pthread_create(&w->worker, NULL, worker_main, w)) {
		buf_printf(err, "target %s: cannot start its worker thread",
			   t->name);
		pthread_mutex_lock(&w->lock);
		w->stop = true;
		pthread_mutex_unlock(&w->lock);
		pthread_join(w->streamer, NULL);
		watcher_free(w);
		return SW_ENOMEM;
	}
	*out = w;
	return 0;
}

void watcher_request_stop(struct watcher *w)
{
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

void watcher_stop(struct watcher *w)
{
	if (!w)
		return;
	watcher_request_stop(w);
	pthread_join(w->worker, NULL);
	pthread_join(w->streamer, NULL);
	watcher_free(w);
}
