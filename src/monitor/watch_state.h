/*
 * The current state of every watched host, shared by the watchers that
 * update it and the HTTP API that reads it. Readers take a reference to a
 * host's latest record, so a watcher can publish a new one while a request
 * still renders the old one. Memory stays at one or two records per host.
 */
#ifndef SW_WATCH_STATE_H
#define SW_WATCH_STATE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "assess/record.h"
#include "monitor/watch_config.h"

/* A record with a reference count; freed when the last reference goes. */
struct shared_record {
	struct assessment_record *record;
	unsigned refs; /* under the state's lock */
};

struct host_status {
	char *name;
	struct watch_label *labels; /* copies, owned by the state */
	size_t n_labels;
	int criticality;
	char *endpoint;

	struct shared_record *latest; /* NULL before the first assessment */
	int64_t assessment_id;
	char assessed_at[32];
	double duration_ms;
	bool reachable;
	bool stream_connected;
	char *last_error; /* NULL when the last attempt succeeded */
	size_t open_alerts;

	uint64_t assessments;	 /* stored since the service started */
	uint64_t failures;	 /* collections that failed */
	uint64_t events;	 /* engine events received */
	uint64_t reconnects;	 /* event stream reconnections */
	double duration_total_s; /* sum of assessment durations */
};

struct watch_state {
	pthread_mutex_t lock;
	struct host_status *hosts;
	size_t n_hosts;
	char started_at[32];
};

int watch_state_init(struct watch_state *s, const struct watch_config *c);
void watch_state_clear(struct watch_state *s);

/*
 * Replaces the host list with the targets of a new configuration, keeping
 * the state of hosts whose names stay.
 */
int watch_state_reconfigure(struct watch_state *s,
			    const struct watch_config *c);

/* Returns the host's index, or -1; call with the lock held. */
long watch_state_find(const struct watch_state *s, const char *name);

/*
 * Publishes a host's new latest record (taking ownership) with its store
 * ID and duration, and marks the engine reachable.
 */
void watch_state_publish(struct watch_state *s, const char *host,
			 struct assessment_record *r, int64_t id,
			 double duration_ms, size_t open_alerts);

/* Records a failed collection; `error` is copied. */
void watch_state_failed(struct watch_state *s, const char *host,
			const char *error);

void watch_state_stream(struct watch_state *s, const char *host,
			bool connected);
void watch_state_count_events(struct watch_state *s, const char *host,
			      uint64_t n);

/* Takes a reference to a shared record; call with the lock held. */
struct shared_record *shared_record_get(struct shared_record *r);
/* Drops a reference; takes the state's lock itself. */
void shared_record_put(struct watch_state *s, struct shared_record *r);

#endif
