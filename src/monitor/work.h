/*
 * Engine events and the work they cause. Events received while the
 * watcher is busy are merged into one work set, so a burst of events costs
 * one round of re-inspection and one assessment.
 */
#ifndef SW_WORK_H
#define SW_WORK_H

#include <jansson.h>
#include <stdbool.h>

#include "store/store.h"
#include "util/arena.h"

/*
 * The events the watcher subscribes to, as the filters parameter of GET
 * /events. "die" is included beside the events that change a container's
 * configuration so that a stopped container is not reported as running.
 */
#define WORK_EVENT_FILTERS                                                     \
	"{\"type\":[\"container\",\"network\",\"daemon\"],"                    \
	"\"event\":[\"create\",\"start\",\"update\",\"rename\",\"destroy\","   \
	"\"die\",\"exec_create\",\"exec_start\",\"connect\","                  \
	"\"disconnect\",\"reload\"]}"

/* Events kept per work set for the store; later ones are counted only. */
#define WORK_EVENTS_MAX 4096

struct work {
	json_t *containers;	  /* ID -> true: inspect again */
	json_t *removed;	  /* ID -> true: destroyed */
	json_t *execs;		  /* exec ID -> container ID */
	json_t *networks;	  /* ID -> true: inspect again */
	json_t *networks_removed; /* ID -> true */
	bool daemon;		  /* /version, /info and host facts */
	bool full;		  /* collect everything */
	const char *full_reason;  /* "start", "reconnect", "interval", ... */

	struct arena arena; /* the events' strings */
	struct store_event *events;
	size_t n_events;
	size_t n_dropped; /* events beyond WORK_EVENTS_MAX */
	int64_t last_time_ns;
};

int work_init(struct work *w);
void work_clear(struct work *w);
bool work_empty(const struct work *w);

/*
 * Adds one event document of GET /events. Unknown or malformed events are
 * ignored, because the engine may send more than was asked for. Returns 0
 * or SW_ENOMEM.
 */
int work_add_event(struct work *w, json_t *event);

/* Asks for a full collection, keeping the first reason given. */
void work_request_full(struct work *w, const char *reason);

#endif
