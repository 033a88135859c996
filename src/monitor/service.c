#include "monitor/service.h"

#include <curl/curl.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assess/waiver.h"
#include "monitor/notifier.h"
#include "monitor/watch_config.h"
#include "monitor/watch_state.h"
#include "monitor/watcher.h"
#include "server/server.h"
#include "store/store.h"
#include "util/error.h"
#include "util/log.h"
#include "util/strutil.h"

struct service {
	const char *path;
	struct watch_config *config;
	struct store *store;
	struct watch_state state;
	struct api_server *server;
	struct waiver_list *waivers;

	struct notifier **notifiers;
	const char **sink_names;
	size_t n_notifiers;
	struct watcher **watchers;
	size_t n_watchers;
	struct watch_context ctx;
};

static void sinks_stop(struct service *s)
{
	for (size_t i = 0; i < s->n_notifiers; i++)
		notifier_stop(s->notifiers[i]);
	free(s->notifiers);
	free(s->sink_names);
	s->notifiers = NULL;
	s->sink_names = NULL;
	s->n_notifiers = 0;
}

static int sinks_start(struct service *s, struct buf *err)
{
	const struct watch_config *c = s->config;

	s->notifiers = calloc(c->n_sinks + 1, sizeof(*s->notifiers));
	s->sink_names = calloc(c->n_sinks + 1, sizeof(*s->sink_names));
	if (!s->notifiers || !s->sink_names)
		return SW_ENOMEM;
	for (size_t i = 0; i < c->n_sinks; i++) {
		int rc = notifier_start(s->store, &c->sinks[i],
					&s->notifiers[i], err);

		if (rc)
			return rc;
		s->sink_names[i] = c->sinks[i].name;
		s->n_notifiers++;
	}
	return 0;
}

static void watchers_stop(struct service *s)
{
	/* Ask all first, so they finish their current cycles in parallel. */
	for (size_t i = 0; i < s->n_watchers; i++)
		watcher_request_stop(s->watchers[i]);
	for (size_t i = 0; i < s->n_watchers; i++)
		watcher_stop(s->watchers[i]);
	free(s->watchers);
	s->watchers = NULL;
	s->n_watchers = 0;
}

static int watchers_start(struct service *s, const char *trigger,
			  struct buf *err)
{
	const struct watch_config *c = s->config;

	s->ctx = (struct watch_context){
	    .config = c,
	    .store = s->store,
	    .state = &s->state,
	    .notifiers = s->notifiers,
	    .n_notifiers = s->n_notifiers,
	    .sink_names = s->sink_names,
	    .first_trigger = trigger,
	};
	s->watchers = calloc(c->n_targets + 1, sizeof(*s->watchers));
	if (!s->watchers)
		return SW_ENOMEM;
	for (size_t i = 0; i < c->n_targets; i++) {
		int rc = watcher_start(&c->targets[i], &s->ctx, &s->watchers[i],
				       err);

		if (rc)
			return rc;
		s->n_watchers++;
	}
	return 0;
}

static int server_start(struct service *s, struct buf *err)
{
	const struct watch_config *c = s->config;
	struct server_config sc = {
	    .listen = c->listen,
	    .token = c->token,
	    .store = s->store,
	    .state = &s->state,
	};
	int rc;

	if (!c->http_enabled)
		return 0;
	rc = api_server_start(&sc, &s->server, err);
	if (!rc)
		log_info("HTTP API listening on %s (port %u)%s", c->listen,
			 api_server_port(s->server),
			 c->token ? ", bearer token required" : "");
	return rc;
}

/* Loads the waivers file and hands it to the configuration's selection. */
static int waivers_load_config(struct watch_config *c, struct waiver_list **out,
			       struct buf *err)
{
	int rc;

	*out = NULL;
	if (!c->waivers)
		return 0;
	rc = waiver_list_load(c->waivers, out, err);
	if (!rc)
		c->selection.waivers = *out;
	return rc;
}

static void prune(struct service *s)
{
	struct buf err = BUF_INIT;
	int64_t deleted = 0;

	if (!s->config->retention_s)
		return;
	if (store_prune(s->store, (int64_t)time(NULL) - s->config->retention_s,
			&deleted, &err))
		log_error("retention: pruning the store failed: %s",
			  buf_str(&err));
	else if (deleted)
		log_info("retention: deleted %lld assessments older than %lld "
			 "days",
			 (long long)deleted,
			 (long long)(s->config->retention_s / 86400));
	buf_clear(&err);
}

/* Starts what depends on the configuration; the store is already open. */
static int parts_start(struct service *s, bool with_server, const char *trigger,
		       struct buf *err)
{
	int rc = sinks_start(s, err);

	if (!rc && with_server)
		rc = server_start(s, err);
	if (!rc)
		rc = watchers_start(s, trigger, err);
	return rc;
}

static bool http_changed(const struct watch_config *a,
			 const struct watch_config *b)
{
	return a->http_enabled != b->http_enabled ||
	       !str_eq(a->listen, b->listen) ||
	       (a->token || b->token ? !str_eq(a->token, b->token) : false);
}

/* Applies a new configuration, keeping the running one if it is invalid. */
static void reload(struct service *s)
{
	struct watch_config *next = NULL;
	struct waiver_list *waivers = NULL;
	struct store *store = NULL;
	struct buf err = BUF_INIT;
	bool new_store, restart_server;

	log_info("reloading the configuration from %s", s->path);
	if (watch_config_load(s->path, &next, &err) ||
	    waivers_load_config(next, &waivers, &err)) {
		log_error("reloading the configuration failed, so the running "
			  "one stays: %s",
			  buf_str(&err));
		watch_config_free(next);
		buf_clear(&err);
		return;
	}
	new_store = !str_eq(next->store, s->config->store);
	if (new_store && store_open(next->store, false, &store, &err)) {
		log_error("reloading the configuration failed, so the running "
			  "one stays: store: %s",
			  buf_str(&err));
		watch_config_free(next);
		waiver_list_free(waivers);
		buf_clear(&err);
		return;
	}
	restart_server = new_store || http_changed(s->config, next);
	watchers_stop(s);
	sinks_stop(s);
	if (restart_server) {
		api_server_stop(s->server);
		s->server = NULL;
	}
	if (new_store) {
		store_close(s->store);
		s->store = store;
	}
	waiver_list_free(s->waivers);
	s->waivers = waivers;
	watch_config_free(s->config);
	s->config = next;
	log_set_level(next->log_level);
	if (watch_state_reconfigure(&s->state, next) ||
	    parts_start(s, restart_server, "reload", &err))
		log_error("restarting after the reload failed: %s",
			  buf_str(&err));
	else
		log_info("configuration reloaded: %zu targets, %zu alert "
			 "sinks",
			 next->n_targets, next->n_sinks);
	buf_clear(&err);
}

static void service_stop(struct service *s)
{
	watchers_stop(s);
	api_server_stop(s->server);
	s->server = NULL;
	sinks_stop(s);
	store_close(s->store);
	s->store = NULL;
	waiver_list_free(s->waivers);
	watch_state_clear(&s->state);
	watch_config_free(s->config);
}

/* Waits for signals and returns on SIGTERM or SIGINT. */
static void signal_loop(struct service *s, const sigset_t *set)
{
	time_t next_prune = time(NULL);

	for (;;) {
		struct timespec timeout = {1, 0};
		int sig;

		if (time(NULL) >= next_prune) {
			prune(s);
			next_prune = time(NULL) + SERVICE_PRUNE_INTERVAL_S;
		}
		timeout.tv_sec = next_prune - time(NULL);
		if (timeout.tv_sec < 1)
			timeout.tv_sec = 1;
		sig = sigtimedwait(set, NULL, &timeout);
		if (sig < 0)
			continue; /* EAGAIN: time to prune; EINTR */
		if (sig == SIGHUP) {
			reload(s);
			continue;
		}
		log_info("received %s; stopping after the current writes",
			 sig == SIGTERM ? "SIGTERM" : "SIGINT");
		return;
	}
}

static int service_start(struct service *s, struct buf *err)
{
	int rc = waivers_load_config(s->config, &s->waivers, err);

	if (!rc)
		rc = store_open(s->config->store, false, &s->store, err);
	if (rc)
		return rc;
	rc = watch_state_init(&s->state, s->config);
	if (!rc)
		rc = parts_start(s, true, "start", err);
	return rc;
}

int watch_service_run(const char *path)
{
	struct service s = {.path = path};
	struct buf err = BUF_INIT;
	sigset_t set;
	int rc;

	/* Every thread inherits the mask; only signal_loop() takes them. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	log_set_timestamps(1);

	rc = watch_config_load(path, &s.config, &err);
	if (rc) {
		log_error("%s", buf_str(&err));
		buf_clear(&err);
		return 2;
	}
	log_set_level(s.config->log_level);
	log_info("starting: %zu targets, store %s", s.config->n_targets,
		 s.config->store);
	rc = service_start(&s, &err);
	if (rc) {
		log_error("%s", buf_str(&err));
		service_stop(&s);
		buf_clear(&err);
		return 2;
	}
	signal_loop(&s, &set);
	service_stop(&s);
	log_info("stopped");
	buf_clear(&err);
	curl_global_cleanup();
	return 0;
}
