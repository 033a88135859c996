#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collect/collect.h"
#include "collect/host.h"
#include "model/snapshot.h"
#include "monitor/alert.h"
#include "monitor/refresh.h"
#include "monitor/watcher_internal.h"
#include "util/error.h"
#include "util/log.h"
#include "util/strutil.h"

/* The state of one assessment cycle. */
struct cycle {
	struct watcher *w;
	struct work *work;
	const char *trigger;
	int64_t started_ms;
	int64_t collected_ms; /* when collection or re-inspection ended */
	int64_t evaluated_ms;
	struct buf err;
};

static int engine_ready(struct cycle *c)
{
	struct watcher *w = c->w;

	if (w->engine)
		return 0;
	return engine_open(&w->target->engine, &w->engine, &c->err);
}

static void host_options_fill(const struct watch_target *t,
			      struct host_options *o)
{
	memset(o, 0, sizeof(*o));
	o->root = t->host_source == HOST_SOURCE_ROOT ? t->host_root : NULL;
	o->ssh_url = t->host_source == HOST_SOURCE_SSH ? t->host_ssh : NULL;
	o->trusted_users = t->trusted_users;
	o->config_file = t->daemon_config;
}

/* Reads host facts into the target; a failure is logged, not fatal. */
static void host_facts_read(struct cycle *c, json_t *target)
{
	const struct watch_target *t = c->w->target;
	struct host_options o;
	struct buf err = BUF_INIT;

	if (t->host_source == HOST_SOURCE_NONE)
		return;
	host_options_fill(t, &o);
	if (host_collect(&o, target, &err))
		log_warn("target %s: reading host facts failed, so host rules "
			 "are reported as manual: %s",
			 t->name, buf_str(&err));
	buf_clear(&err);
}

static int collect_full(struct cycle *c)
{
	const struct watch_target *t = c->w->target;
	struct collect_options co = {
	    .engine = t->engine, .name = t->name, .all = t->all};
	json_t *target = NULL;
	int rc = collect_target(&co, &target, &c->err);

	if (rc)
		return rc;
	host_facts_read(c, target);
	target_cache_replace(&c->w->cache, target);
	return 0;
}

/* Whether a container entry belongs in the snapshot of this target. */
static bool container_wanted(const struct watch_target *t, json_t *entry)
{
	json_t *state =
	    json_object_get(json_object_get(entry, "inspect"), "State");

	return t->all || json_is_true(json_object_get(state, "Running"));
}

static int image_ensure(struct cycle *c, json_t *entry)
{
	struct watcher *w = c->w;
	const char *id = json_string_value(
	    json_object_get(json_object_get(entry, "inspect"), "Image"));
	json_t *image = NULL;
	int rc;

	if (str_empty(id) || target_cache_has_image(&w->cache, id))
		return 0;
	rc = refresh_image(w->engine, id, &image, &c->err);
	if (rc == SW_ENOTFOUND) {
		buf_reset(&c->err);
		return 0; /* removed meanwhile; the container rules still run */
	}
	return rc ? rc : target_cache_put_image(&w->cache, image);
}

static int containers_refresh(struct cycle *c)
{
	struct watcher *w = c->w;
	const char *id;
	json_t *v;
	int rc = 0;

	json_object_foreach(c->work->removed, id, v)
	    target_cache_remove_container(&w->cache, id);
	json_object_foreach(c->work->containers, id, v)
	{
		json_t *entry = NULL;

		rc = refresh_container(w->engine, id, &entry, &c->err);
		if (rc == SW_ENOTFOUND) {
			buf_reset(&c->err);
			target_cache_remove_container(&w->cache, id);
			rc = 0;
			continue;
		}
		if (rc)
			break;
		if (!container_wanted(w->target, entry)) {
			json_decref(entry);
			target_cache_remove_container(&w->cache, id);
			continue;
		}
		rc = image_ensure(c, entry);
		if (!rc)
			rc = target_cache_put_container(&w->cache, entry);
		else
			json_decref(entry);
		if (rc)
			break;
	}
	return rc;
}

static int execs_refresh(struct cycle *c)
{
	struct watcher *w = c->w;
	const char *exec_id;
	json_t *container;

	json_object_foreach(c->work->execs, exec_id, container)
	{
		const char *id = json_string_value(container);
		json_t *exec = NULL;
		int rc;

		if (!target_cache_container(&w->cache, id))
			continue; /* not assessed, or removed meanwhile */
		rc = refresh_exec(w->engine, exec_id, &exec, &c->err);
		if (rc == SW_ENOTFOUND) {
			buf_reset(&c->err);
			continue;
		}
		if (!rc)
			rc = target_cache_add_exec(&w->cache, id, exec);
		if (rc)
			return rc;
	}
	return 0;
}

static int networks_refresh(struct cycle *c)
{
	struct watcher *w = c->w;
	const char *id;
	json_t *v;

	json_object_foreach(c->work->networks_removed, id, v)
	    target_cache_remove_network(&w->cache, id);
	json_object_foreach(c->work->networks, id, v)
	{
		json_t *doc = NULL;
		int rc = refresh_network(w->engine, id, &doc, &c->err);

		if (rc == SW_ENOTFOUND) {
			buf_reset(&c->err);
			target_cache_remove_network(&w->cache, id);
			continue;
		}
		if (!rc)
			rc = target_cache_put_network(&w->cache, doc);
		if (rc)
			return rc;
	}
	return 0;
}

static int daemon_refresh(struct cycle *c)
{
	struct watcher *w = c->w;
	json_t *version = NULL, *info = NULL;
	int rc;

	if (!c->work->daemon)
		return 0;
	rc = refresh_daemon(w->engine, &version, &info, &c->err);
	if (rc)
		return rc;
	target_cache_put_daemon(&w->cache, version, info);
	host_facts_read(c, w->cache.target);
	return 0;
}

/* Applies the objects events named to the cached snapshot. */
static int apply_events(struct cycle *c)
{
	int rc = engine_ready(c);

	if (!rc)
		rc = daemon_refresh(c);
	if (!rc)
		rc = containers_refresh(c);
	if (!rc)
		rc = execs_refresh(c);
	if (!rc)
		rc = networks_refresh(c);
	return rc;
}

/* Evaluates the cached snapshot; returns the record or NULL. */
static struct assessment_record *evaluate(struct cycle *c)
{
	const struct watch_context *ctx = c->w->ctx;
	json_t *doc = target_cache_document(&c->w->cache);
	struct model *model = NULL;
	struct assessment *a = NULL;
	struct assessment_record *r = NULL;
	int rc = doc ? snapshot_to_model(doc, &model, &c->err) : SW_ENOMEM;

	if (!rc)
		rc = assess_model(model, &ctx->config->selection, &a);
	if (!rc)
		rc = assessment_record_from_assessment(a, &r);
	if (rc && !c->err.len)
		buf_printf(&c->err, "evaluating the snapshot failed: %s",
			   sw_strerror(rc));
	assessment_free(a);
	model_free(model);
	json_decref(doc);
	return r;
}

static void alerts_log(const struct watch_target *t,
		       const struct alert_change *changes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct finding *f = changes[i].finding;

		if (changes[i].kind == ALERT_OPENED)
			log_warn("target %s: alert %lld opened: %s (%s) fails "
				 "on %s %s: %s",
				 t->name, (long long)changes[i].alert_id,
				 f->rule, severity_name(f->severity),
				 f->object_kind, f->object_name, f->evidence);
		else
			log_info("target %s: alert %lld resolved (%s): %s on "
				 "%s %s",
				 t->name, (long long)changes[i].alert_id,
				 changes[i].resolution, f->rule, f->object_kind,
				 f->object_name);
	}
}

/* Stores the record with its alert changes and publishes it. */
static int record_store(struct cycle *c, struct assessment_record *r)
{
	const struct watch_context *ctx = c->w->ctx;
	const struct watch_target *t = c->w->target;
	struct host_record *h = &r->hosts[0];
	struct alert_context actx = {t, h, r->generated_at};
	struct arena a = ARENA_INIT;
	struct open_alert *open = NULL;
	struct alert_change *changes = NULL;
	size_t n_open = 0, n_changes = 0, opened = 0;
	double duration = (double)(watcher_now_ms() - c->started_ms);
	struct store_write sw = {
	    .host = t->name,
	    .trigger = c->trigger,
	    .duration_ms = duration,
	    .record = h,
	    .generated_at = r->generated_at,
	    .events = c->work->events,
	    .n_events = c->work->n_events,
	    .build = alert_body_build,
	    .build_data = &actx,
	    .sinks = ctx->sink_names,
	    .n_sinks = ctx->n_notifiers,
	};
	int64_t id = 0;
	int rc = store_list_open_alerts(ctx->store, t->name, &a, &open, &n_open,
					&c->err);

	if (!rc)
		rc = alerts_compare(open, n_open, h,
				    ctx->config->alert_min_severity, &a,
				    &changes, &n_changes);
	sw.alerts = changes;
	sw.n_alerts = n_changes;
	if (!rc)
		rc = store_write_assessment(ctx->store, &sw, &id, &c->err);
	if (!rc) {
		for (size_t i = 0; i < n_changes; i++)
			opened += changes[i].kind == ALERT_OPENED;
		alerts_log(t, changes, n_changes);
		log_info("target %s: assessment %lld (%s): score %.1f (%c), "
			 "%zu containers, %.0f ms",
			 t->name, (long long)id, c->trigger, h->score.value,
			 h->score.grade, h->n_containers, duration);
		watch_state_publish(ctx->state, t->name, r, id, duration,
				    n_open + 2 * opened - n_changes);
		r = NULL;
		for (size_t i = 0; n_changes && i < ctx->n_notifiers; i++)
			notifier_wake(ctx->notifiers[i]);
	}
	assessment_record_free(r);
	arena_clear(&a);
	return rc;
}

static void cycle_fail(struct cycle *c, const char *what)
{
	const struct watcher *w = c->w;
	struct buf err = BUF_INIT;

	log_error("target %s: %s failed: %s", w->target->name, what,
		  buf_str(&c->err));
	watch_state_failed(w->ctx->state, w->target->name, buf_str(&c->err));
	/* Events that led to no assessment are kept all the same. */
	if (c->work->n_events &&
	    store_write_events(w->ctx->store, w->target->name, c->work->events,
			       c->work->n_events, &err))
		log_error("target %s: storing %zu events failed: %s",
			  w->target->name, c->work->n_events, buf_str(&err));
	buf_clear(&err);
}

void watcher_cycle(struct watcher *w, struct work *work)
{
	struct cycle c = {.w = w, .work = work, .started_ms = watcher_now_ms()};
	struct assessment_record *r;
	int rc;

	buf_init(&c.err, 0);
	if (!work->full && !target_cache_ready(&w->cache))
		work_request_full(work, "recovery");
	c.trigger = work->full ? work->full_reason : "event";
	rc = work->full ? collect_full(&c) : apply_events(&c);
	if (rc && !work->full && rc != SW_ECONNECT) {
		/* An object could not be re-inspected: collect everything. */
		log_warn("target %s: re-inspection failed, collecting the "
			 "whole engine: %s",
			 w->target->name, buf_str(&c.err));
		buf_reset(&c.err);
		c.trigger = "recovery";
		rc = collect_full(&c);
	}
	if (rc) {
		engine_free(w->engine);
		w->engine = NULL;
		cycle_fail(&c, "collection");
		buf_clear(&c.err);
		return;
	}
	c.collected_ms = watcher_now_ms();
	r = evaluate(&c);
	c.evaluated_ms = watcher_now_ms();
	if (!r)
		cycle_fail(&c, "assessment");
	else if (record_store(&c, r))
		cycle_fail(&c, "storing the assessment");
	log_debug("target %s: cycle took %lld ms to collect, %lld ms to "
		  "evaluate, %lld ms to store",
		  w->target->name, (long long)(c.collected_ms - c.started_ms),
		  (long long)(c.evaluated_ms - c.collected_ms),
		  (long long)(watcher_now_ms() - c.evaluated_ms));
	if (work->last_time_ns && r) {
		struct timespec now;

		clock_gettime(CLOCK_REALTIME, &now);
		log_debug("target %s: stored %.0f ms after the engine's last "
			  "event",
			  w->target->name,
			  ((double)now.tv_sec * 1e9 + (double)now.tv_nsec -
			   (double)work->last_time_ns) /
			      1e6);
	}
	buf_clear(&c.err);
}
