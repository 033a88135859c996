#include "monitor/notifier.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "util/error.h"
#include "util/log.h"

/* Deliveries read from the store per round. */
#define NOTIFIER_BATCH 64
/* How often an idle thread looks for deliveries it was not woken for. */
#define NOTIFIER_POLL_MS 30000
/* Maximum bytes kept of a webhook's response body. */
#define WEBHOOK_REPLY_MAX 512

struct notifier {
	struct store *store;
	const struct sink_config *cfg;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop;
	bool woken;
	int log_fd;
};

static void deadline_after(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* Waits up to `ms` or until woken; returns false once stopping. */
static bool notifier_wait(struct notifier *n, long ms)
{
	struct timespec deadline;
	bool go_on;

	deadline_after(&deadline, ms);
	pthread_mutex_lock(&n->lock);
	while (!n->stop && !n->woken &&
	       pthread_cond_timedwait(&n->cond, &n->lock, &deadline) !=
		   ETIMEDOUT)
		;
	n->woken = false;
	go_on = !n->stop;
	pthread_mutex_unlock(&n->lock);
	return go_on;
}

/* Sleeps for a backoff without taking wake-ups; false once stopping. */
static bool notifier_sleep(struct notifier *n, long ms)
{
	struct timespec deadline;
	bool go_on;

	deadline_after(&deadline, ms);
	pthread_mutex_lock(&n->lock);
	while (!n->stop && pthread_cond_timedwait(&n->cond, &n->lock,
						  &deadline) != ETIMEDOUT)
		;
	go_on = !n->stop;
	pthread_mutex_unlock(&n->lock);
	return go_on;
}

static size_t reply_keep(char *data, size_t size, size_t count, void *user)
{
	struct buf *reply = user;

	if (reply->len < WEBHOOK_REPLY_MAX)
		buf_append(reply, data,
			   size * count < WEBHOOK_REPLY_MAX - reply->len
			       ? size * count
			       : WEBHOOK_REPLY_MAX - reply->len);
	return size * count;
}

int webhook_post(const struct sink_config *cfg, const char *body, long *status,
		 struct buf *err)
{
	CURL *c = curl_easy_init();
	struct curl_slist *headers = NULL;
	struct buf auth = BUF_INIT, reply = BUF_INIT;
	char errbuf[CURL_ERROR_SIZE] = "";
	CURLcode res;

	*status = 0;
	if (!c)
		return SW_ENOMEM;
	headers = curl_slist_append(headers, "Content-Type: application/json");
	if (cfg->token) {
		buf_printf(&auth, "Authorization: Bearer %s", cfg->token);
		headers = curl_slist_append(headers, buf_str(&auth));
	}
	curl_easy_setopt(c, CURLOPT_URL, cfg->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, cfg->timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, cfg->timeout_ms);
	curl_easy_setopt(c, CURLOPT_USERAGENT,
			 "stridewatch/" STRIDEWATCH_VERSION);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, reply_keep);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	res = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	if (res != CURLE_OK)
		buf_printf(err, "POST to %s failed: %s", cfg->url,
			   errbuf[0] ? errbuf : curl_easy_strerror(res));
	else if (*status < 200 || *status > 299)
		buf_printf(err, "POST to %s returned HTTP %ld", cfg->url,
			   *status);
	curl_slist_free_all(headers);
	curl_easy_cleanup(c);
	buf_clear(&auth);
	buf_clear(&reply);
	if (res != CURLE_OK)
		return SW_ECONNECT; /* refused, unreachable or timed out */
	return *status >= 200 && *status <= 299 ? 0 : SW_EPROTO;
}

/* Whether a failed POST may succeed later. */
static bool webhook_retryable(int rc, long status)
{
	if (rc == SW_ECONNECT)
		return true;
	return status == 408 || status == 429 || status >= 500;
}

/* Delivers to a webhook with retries; returns whether it was accepted. */
static bool deliver_webhook(struct notifier *n, const struct delivery *d,
			    int *attempts)
{
	const struct sink_config *cfg = n->cfg;
	long delay = cfg->backoff_ms;

	for (;;) {
		struct buf err = BUF_INIT;
		long status;
		int rc = webhook_post(cfg, d->body, &status, &err);

		(*attempts)++;
		if (!rc) {
			buf_clear(&err);
			return true;
		}
		if (!webhook_retryable(rc, status) ||
		    *attempts > cfg->retries) {
			log_error("alert sink %s: giving up on notification "
				  "%lld after %d attempts: %s",
				  cfg->name, (long long)d->notification_id,
				  *attempts, buf_str(&err));
			buf_clear(&err);
			return false;
		}
		log_warn("alert sink %s: notification %lld: %s; retrying in "
			 "%ld ms (attempt %d of %d)",
			 cfg->name, (long long)d->notification_id,
			 buf_str(&err), delay, *attempts + 1, cfg->retries + 1);
		buf_clear(&err);
		if (!notifier_sleep(n, delay)) {
			*attempts = -1; /* stopping: leave it pending */
			return false;
		}
		delay = delay * 2 > NOTIFIER_BACKOFF_MAX_MS
			    ? NOTIFIER_BACKOFF_MAX_MS
			    : delay * 2;
	}
}

/* Appends the body and a newline in one write, so lines never mix. */
static bool deliver_log(struct notifier *n, const struct delivery *d,
			int *attempts)
{
	struct buf line = BUF_INIT;
	size_t done = 0;
	bool ok = true;

	(*attempts)++;
	if (buf_puts(&line, d->body) || buf_putc(&line, '\n')) {
		log_error("alert sink %s: out of memory", n->cfg->name);
		buf_clear(&line);
		return false;
	}
	while (done < line.len) {
		ssize_t w = write(n->log_fd, line.data + done, line.len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			log_error("alert sink %s: writing '%s' failed: %s",
				  n->cfg->name, n->cfg->path, strerror(errno));
			ok = false;
			break;
		}
		done += (size_t)w;
	}
	buf_clear(&line);
	return ok;
}

/* Delivers one round of pending deliveries; returns how many. */
static size_t deliver_round(struct notifier *n)
{
	struct arena a = ARENA_INIT;
	struct delivery *rows = NULL;
	struct buf err = BUF_INIT;
	size_t count = 0, done = 0;
	int rc = store_list_pending_deliveries(
	    n->store, n->cfg->name, NOTIFIER_BATCH, &a, &rows, &count, &err);

	if (rc)
		log_error("alert sink %s: reading pending notifications "
			  "failed: %s",
			  n->cfg->name, buf_str(&err));
	for (size_t i = 0; !rc && i < count; i++) {
		int attempts = rows[i].attempts;
		bool ok = n->cfg->type == SINK_WEBHOOK
			      ? deliver_webhook(n, &rows[i], &attempts)
			      : deliver_log(n, &rows[i], &attempts);

		if (attempts < 0)
			break;
		buf_reset(&err);
		if (store_finish_delivery(n->store, rows[i].notification_id,
					  n->cfg->name, ok, attempts, &err))
			log_error("alert sink %s: %s", n->cfg->name,
				  buf_str(&err));
		else
			log_debug("alert sink %s: notification %lld %s",
				  n->cfg->name,
				  (long long)rows[i].notification_id,
				  ok ? "delivered" : "given up");
		done++;
	}
	buf_clear(&err);
	arena_clear(&a);
	return done;
}

static void *notifier_main(void *data)
{
	struct notifier *n = data;

	log_info("alert sink %s: started", n->cfg->name);
	for (;;) {
		if (deliver_round(n) == NOTIFIER_BATCH)
			continue;
		if (!notifier_wait(n, NOTIFIER_POLL_MS))
			break;
	}
	log_info("alert sink %s: stopped", n->cfg->name);
	return NULL;
}

int notifier_start(struct store *store, const struct sink_config *cfg,
		   struct notifier **out, struct buf *err)
{
	struct notifier *n = calloc(1, sizeof(*n));
	pthread_condattr_t attr;

	if (!n)
		return SW_ENOMEM;
	n->store = store;
	n->cfg = cfg;
	n->log_fd = -1;
	if (cfg->type == SINK_LOG) {
		n->log_fd = open(
		    cfg->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
		if (n->log_fd < 0) {
			buf_printf(err,
				   "alert sink %s: cannot open '%s': %s; "
				   "check that the directory exists and is "
				   "writable",
				   cfg->name, cfg->path, strerror(errno));
			free(n);
			return SW_EIO;
		}
	}
	pthread_mutex_init(&n->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&n->cond, &attr);
	pthread_condattr_destroy(&attr);
	if (pthread_create(&n->thread, NULL, notifier_main, n)) {
		buf_printf(err, "alert sink %s: cannot start its thread",
			   cfg->name);
		if (n->log_fd >= 0)
			close(n->log_fd);
		free(n);
		return SW_ENOMEM;
	}
	*out = n;
	return 0;
}

void notifier_wake(struct notifier *n)
{
	pthread_mutex_lock(&n->lock);
	n->woken = true;
	pthread_cond_signal(&n->cond);
	pthread_mutex_unlock(&n->lock);
}

void notifier_stop(struct notifier *n)
{
	if (!n)
		return;
	pthread_mutex_lock(&n->lock);
	n->stop = true;
	pthread_cond_signal(&n->cond);
	pthread_mutex_unlock(&n->lock);
	pthread_join(n->thread, NULL);
	pthread_mutex_destroy(&n->lock);
	pthread_cond_destroy(&n->cond);
	if (n->log_fd >= 0)
		close(n->log_fd);
	free(n);
}
