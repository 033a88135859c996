#include "monitor/watch_state.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/error.h"
#include "util/strutil.h"

static void now_rfc3339(char out[32])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Drops a reference with the lock held. */
static void record_unref(struct shared_record *r)
{
	if (!r || --r->refs)
		return;
	assessment_record_free(r->record);
	free(r);
}

static void host_clear(struct host_status *h)
{
	for (size_t i = 0; i < h->n_labels; i++) {
		free((char *)h->labels[i].name);
		free((char *)h->labels[i].value);
	}
	free(h->labels);
	free(h->name);
	free(h->endpoint);
	free(h->last_error);
	record_unref(h->latest);
	memset(h, 0, sizeof(*h));
}

static int host_configure(struct host_status *h, const struct watch_target *t)
{
	for (size_t i = 0; i < h->n_labels; i++) {
		free((char *)h->labels[i].name);
		free((char *)h->labels[i].value);
	}
	free(h->labels);
	free(h->endpoint);
	h->n_labels = 0;
	h->labels = calloc(t->n_labels + 1, sizeof(*h->labels));
	h->endpoint = strdup(t->engine.url);
	if (!h->labels || !h->endpoint)
		return SW_ENOMEM;
	for (size_t i = 0; i < t->n_labels; i++) {
		h->labels[i].name = strdup(t->labels[i].name);
		h->labels[i].value = strdup(t->labels[i].value);
		h->n_labels++;
		if (!h->labels[i].name || !h->labels[i].value)
			return SW_ENOMEM;
	}
	h->criticality = t->criticality;
	return 0;
}

int watch_state_init(struct watch_state *s, const struct watch_config *c)
{
	memset(s, 0, sizeof(*s));
	pthread_mutex_init(&s->lock, NULL);
	now_rfc3339(s->started_at);
	return watch_state_reconfigure(s, c);
}

void watch_state_clear(struct watch_state *s)
{
	for (size_t i = 0; i < s->n_hosts; i++)
		host_clear(&s->hosts[i]);
	free(s->hosts);
	s->hosts = NULL;
	s->n_hosts = 0;
	pthread_mutex_destroy(&s->lock);
}

long watch_state_find(const struct watch_state *s, const char *name)
{
	for (size_t i = 0; i < s->n_hosts; i++)
		if (str_eq(s->hosts[i].name, name))
			return (long)i;
	return -1;
}

int watch_state_reconfigure(struct watch_state *s, const struct watch_config *c)
{
	struct host_status *hosts = calloc(c->n_targets + 1, sizeof(*hosts));
	int rc = hosts ? 0 : SW_ENOMEM;

	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < c->n_targets && !rc; i++) {
		const struct watch_target *t = &c->targets[i];
		long old = watch_state_find(s, t->name);

		if (old >= 0) {
			hosts[i] = s->hosts[old];
			memset(&s->hosts[old], 0, sizeof(s->hosts[old]));
		} else {
			hosts[i].name = strdup(t->name);
			if (!hosts[i].name)
				rc = SW_ENOMEM;
		}
		if (!rc)
			rc = host_configure(&hosts[i], t);
	}
	if (rc) {
		for (size_t i = 0; hosts && i < c->n_targets; i++)
			host_clear(&hosts[i]);
		free(hosts);
		pthread_mutex_unlock(&s->lock);
		return rc;
	}
	for (size_t i = 0; i < s->n_hosts; i++)
		host_clear(&s->hosts[i]);
	free(s->hosts);
	s->hosts = hosts;
	s->n_hosts = c->n_targets;
	pthread_mutex_unlock(&s->lock);
	return 0;
}

void watch_state_publish(struct watch_state *s, const char *host,
			 struct assessment_record *r, int64_t id,
			 double duration_ms, size_t open_alerts)
{
	struct shared_record *sr = calloc(1, sizeof(*sr));
	long i;

	pthread_mutex_lock(&s->lock);
	i = watch_state_find(s, host);
	if (i < 0 || !sr) {
		pthread_mutex_unlock(&s->lock);
		assessment_record_free(r);
		free(sr);
		return;
	}
	sr->record = r;
	sr->refs = 1;
	record_unref(s->hosts[i].latest);
	s->hosts[i].latest = sr;
	s->hosts[i].assessment_id = id;
	now_rfc3339(s->hosts[i].assessed_at);
	s->hosts[i].duration_ms = duration_ms;
	s->hosts[i].duration_total_s += duration_ms / 1000.0;
	s->hosts[i].reachable = true;
	s->hosts[i].open_alerts = open_alerts;
	s->hosts[i].assessments++;
	free(s->hosts[i].last_error);
	s->hosts[i].last_error = NULL;
	pthread_mutex_unlock(&s->lock);
}

void watch_state_failed(struct watch_state *s, const char *host,
			const char *error)
{
	long i;

	pthread_mutex_lock(&s->lock);
	i = watch_state_find(s, host);
	if (i >= 0) {
		free(s->hosts[i].last_error);
		s->hosts[i].last_error = strdup(error ? error : "");
		s->hosts[i].reachable = false;
		s->hosts[i].failures++;
	}
	pthread_mutex_unlock(&s->lock);
}

void watch_state_stream(struct watch_state *s, const char *host, bool connected)
{
	long i;

	pthread_mutex_lock(&s->lock);
	i = watch_state_find(s, host);
	if (i >= 0) {
		if (connected && s->hosts[i].stream_connected == false &&
		    s->hosts[i].assessments)
			s->hosts[i].reconnects++;
		s->hosts[i].stream_connected = connected;
	}
	pthread_mutex_unlock(&s->lock);
}

void watch_state_count_events(struct watch_state *s, const char *host,
			      uint64_t n)
{
	long i;

	pthread_mutex_lock(&s->lock);
	i = watch_state_find(s, host);
	if (i >= 0)
		s->hosts[i].events += n;
	pthread_mutex_unlock(&s->lock);
}

struct shared_record *shared_record_get(struct shared_record *r)
{
	if (r)
		r->refs++;
	return r;
}

void shared_record_put(struct watch_state *s, struct shared_record *r)
{
	pthread_mutex_lock(&s->lock);
	record_unref(r);
	pthread_mutex_unlock(&s->lock);
}
