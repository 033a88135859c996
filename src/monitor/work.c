#include "monitor/work.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/strutil.h"

/* Maximum bytes kept of an action or ID; engines send short ones. */
#define EVENT_FIELD_MAX 256

int work_init(struct work *w)
{
	memset(w, 0, sizeof(*w));
	w->containers = json_object();
	w->removed = json_object();
	w->execs = json_object();
	w->networks = json_object();
	w->networks_removed = json_object();
	if (!w->containers || !w->removed || !w->execs || !w->networks ||
	    !w->networks_removed) {
		work_clear(w);
		return SW_ENOMEM;
	}
	return 0;
}

void work_clear(struct work *w)
{
	json_decref(w->containers);
	json_decref(w->removed);
	json_decref(w->execs);
	json_decref(w->networks);
	json_decref(w->networks_removed);
	free(w->events);
	arena_clear(&w->arena);
	memset(w, 0, sizeof(*w));
}

bool work_empty(const struct work *w)
{
	return !w->full && !w->daemon && !json_object_size(w->containers) &&
	       !json_object_size(w->removed) && !json_object_size(w->execs) &&
	       !json_object_size(w->networks) &&
	       !json_object_size(w->networks_removed) && !w->n_events &&
	       !w->n_dropped;
}

void work_request_full(struct work *w, const char *reason)
{
	if (!w->full)
		w->full_reason = reason;
	w->full = true;
}

static int event_keep(struct work *w, const char *type, const char *action,
		      const char *id, const char *name, int64_t time_ns)
{
	struct store_event *ev;

	if (w->n_events == WORK_EVENTS_MAX) {
		w->n_dropped++;
		return 0;
	}
	if (w->n_events % 64 == 0) {
		void *p =
		    realloc(w->events, (w->n_events + 64) * sizeof(*w->events));

		if (!p)
			return SW_ENOMEM;
		w->events = p;
	}
	ev = &w->events[w->n_events];
	ev->time_ns = time_ns;
	ev->type =
	    arena_strndup(&w->arena, type, strnlen(type, EVENT_FIELD_MAX));
	ev->action =
	    arena_strndup(&w->arena, action, strnlen(action, EVENT_FIELD_MAX));
	ev->actor_id =
	    arena_strndup(&w->arena, id, strnlen(id, EVENT_FIELD_MAX));
	ev->actor_name =
	    arena_strndup(&w->arena, name, strnlen(name, EVENT_FIELD_MAX));
	if (!ev->type || !ev->action || !ev->actor_id || !ev->actor_name)
		return SW_ENOMEM;
	w->n_events++;
	return 0;
}

static const char *json_str(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? s : "";
}

static int set_add(json_t *set, const char *key, json_t *value)
{
	if (!*key) {
		json_decref(value);
		return 0;
	}
	return json_object_set_new(set, key, value) ? SW_ENOMEM : 0;
}

/* Files a container event; "exec_start: sh -c id" counts as exec_start. */
static int container_event(struct work *w, const char *verb, size_t len,
			   const char *id, json_t *attrs)
{
	const char *exec = json_str(attrs, "execID");

	if (len == 7 && strncmp(verb, "destroy", len) == 0) {
		json_object_del(w->containers, id);
		return set_add(w->removed, id, json_true());
	}
	if ((len == 11 && strncmp(verb, "exec_create", len) == 0) ||
	    (len == 10 && strncmp(verb, "exec_start", len) == 0)) {
		if (*exec)
			return set_add(w->execs, exec, json_string(id));
		return set_add(w->containers, id, json_true());
	}
	/* A destroyed container can be created again only with a new ID. */
	if (json_object_get(w->removed, id))
		return 0;
	return set_add(w->containers, id, json_true());
}

static int network_event(struct work *w, const char *verb, size_t len,
			 const char *id, json_t *attrs)
{
	const char *container = json_str(attrs, "container");
	int rc = 0;

	if (len == 7 && strncmp(verb, "destroy", len) == 0) {
		json_object_del(w->networks, id);
		return set_add(w->networks_removed, id, json_true());
	}
	if (!json_object_get(w->networks_removed, id))
		rc = set_add(w->networks, id, json_true());
	if (!rc && *container && !json_object_get(w->removed, container))
		rc = set_add(w->containers, container, json_true());
	return rc;
}

int work_add_event(struct work *w, json_t *event)
{
	json_t *actor = json_object_get(event, "Actor");
	json_t *attrs = json_object_get(actor, "Attributes");
	const char *type = json_str(event, "Type");
	const char *action = json_str(event, "Action");
	const char *id = json_str(actor, "ID");
	size_t verb_len = strcspn(action, ":");
	json_int_t nano =
	    json_integer_value(json_object_get(event, "timeNano"));
	int rc;

	if (!json_is_object(event) || !*action || strlen(id) > EVENT_FIELD_MAX)
		return 0;
	if (nano > w->last_time_ns)
		w->last_time_ns = nano;
	rc = event_keep(w, type, action, id, json_str(attrs, "name"), nano);
	if (rc)
		return rc;
	if (str_eq(type, "container"))
		return container_event(w, action, verb_len, id, attrs);
	if (str_eq(type, "network"))
		return network_event(w, action, verb_len, id, attrs);
	if (str_eq(type, "daemon") && str_eq(action, "reload"))
		w->daemon = true;
	return 0;
}
