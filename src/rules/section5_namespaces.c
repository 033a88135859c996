/*
 * Namespaces joined from another container: HostConfig.NetworkMode,
 * PidMode and IpcMode "container:ID" (the engine stores the full ID of
 * the container named at create time), and "service:NAME" in compose
 * files. The owner is looked up among the target's containers and its own
 * mode followed in turn, so a container that joins one on the host's
 * namespace is judged as on the host's namespace.
 */
#include <string.h>

#include "rules/section5.h"
#include "util/strutil.h"

/* Hex digits of an ID shown in evidence, as the docker CLI shortens IDs. */
#define SHORT_ID_LEN 12

const char *container_namespace_mode(const struct container *c,
				     enum cfield field)
{
	switch (field) {
	case CF_NETWORK_MODE:
		return c->network_mode;
	case CF_PID_MODE:
		return c->pid_mode;
	case CF_IPC_MODE:
		return c->ipc_mode;
	default:
		return "";
	}
}

/* Returns what "container:X" or "service:X" names, or NULL. */
static const char *joined_reference(const struct container *c, const char *mode,
				    bool *service)
{
	*service = str_starts_with(mode, "service:");
	if (*service && container_from_file(c))
		return mode + strlen("service:");
	*service = false;
	if (str_starts_with(mode, "container:"))
		return mode + strlen("container:");
	return NULL;
}

static bool is_id_prefix(const char *ref)
{
	return *ref && ref[strspn(ref, "0123456789abcdef")] == '\0';
}

/*
 * Finds the container `ref` names in `t` as the engine resolves it: full
 * ID, name, then a unique ID prefix. Compose services match by name.
 */
static const struct container *container_lookup(const struct target *t,
						const struct container *from,
						const char *ref)
{
	const struct container *prefix = NULL;
	size_t prefixes = 0;

	if (*ref == '/')
		ref++;
	for (size_t i = 0; i < t->n_containers; i++) {
		const struct container *c = &t->containers[i];

		if (c->origin != from->origin)
			continue;
		if (str_eq(c->id, ref) || str_eq(c->name, ref))
			return c;
		if (!container_from_file(c) && is_id_prefix(ref) &&
		    str_starts_with(c->id, ref)) {
			prefix = c;
			prefixes++;
		}
	}
	return prefixes == 1 ? prefix : NULL;
}

int namespace_owner_find(const struct target *t, const struct container *c,
			 enum cfield field, struct namespace_owner *o)
{
	const struct container *cur = c;
	bool service;

	memset(o, 0, sizeof(*o));
	o->owner = c;
	o->mode = container_namespace_mode(c, field);
	for (;;) {
		const char *ref = joined_reference(cur, o->mode, &service);
		const struct container *next;

		if (!ref)
			return NAMESPACE_OWN;
		o->reference = ref;
		next = container_lookup(t, c, ref);
		if (!next)
			return container_from_file(c) && !service
				   ? NAMESPACE_OUTSIDE
				   : NAMESPACE_MISSING;
		/* A chain longer than the containers there are has a loop. */
		if (next == c || o->n_chain >= t->n_containers)
			return NAMESPACE_LOOP;
		if (o->n_chain < NAMESPACE_CHAIN_MAX)
			o->chain[o->n_chain] = next;
		o->n_chain++;
		o->owner = next;
		o->mode = container_namespace_mode(next, field);
		cur = next;
	}
}

/* Appends "NAME (ID)" of one container. */
static void container_describe(struct buf *out, const struct container *c)
{
	buf_printf(out, "%s", *c->name ? c->name : c->id);
	if (!container_from_file(c) && *c->name)
		buf_printf(out, " (%.*s)", SHORT_ID_LEN, c->id);
}

void namespace_chain_describe(struct buf *out, const struct container *c,
			      const struct namespace_owner *o)
{
	size_t shown =
	    o->n_chain < NAMESPACE_CHAIN_MAX ? o->n_chain : NAMESPACE_CHAIN_MAX;

	buf_printf(out, "%s joins ", *c->name ? c->name : c->id);
	for (size_t i = 0; i < shown; i++) {
		if (i)
			buf_puts(out, ", which joins ");
		container_describe(out, o->chain[i]);
	}
	if (o->n_chain > shown) {
		buf_printf(out, ", and %zu more to ", o->n_chain - shown);
		container_describe(out, o->owner);
	}
}
