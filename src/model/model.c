#include "model/model.h"

#include <stdlib.h>
#include <string.h>

#include "util/strutil.h"

static const char *const part_names[] = {
	"absent", "collected", "denied", "not_present", "failed",
};

const char *part_status_name(enum part_status s)
{
	return part_names[s];
}

int part_status_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(part_names) / sizeof(part_names[0]); i++)
		if (str_eq(name, part_names[i]))
			return (int)i;
	return -1;
}

bool strlist_contains(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (str_eq(l->v[i], s))
			return true;
	return false;
}

bool strlist_icontains(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (str_ieq(l->v[i], s))
			return true;
	return false;
}

struct model *model_new(void)
{
	return calloc(1, sizeof(struct model));
}

void model_free(struct model *m)
{
	if (!m)
		return;
	free(m->targets);
	arena_clear(&m->arena);
	free(m);
}

/* Sets every daemon string to "", so a target built from files (lint)
 * keeps the model's rule that strings are never NULL. */
static void daemon_init(struct daemon *d)
{
	const char **fields[] = {
		&d->version,	    &d->api_version,	&d->min_api_version,
		&d->os,		    &d->kernel,		&d->hostname,
		&d->storage_driver, &d->logging_driver, &d->cgroup_driver,
		&d->cgroup_version, &d->root_dir,	&d->seccomp_profile,
		&d->swarm_state,
	};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		*fields[i] = "";
}

struct target *model_add_target(struct model *m)
{
	struct target *t;

	t = realloc(m->targets, (m->n_targets + 1) * sizeof(*t));
	if (!t)
		return NULL;
	m->targets = t;
	t = &m->targets[m->n_targets++];
	memset(t, 0, sizeof(*t));
	t->name = "";
	t->endpoint = "";
	t->transport.kind = "snapshot";
	daemon_init(&t->daemon);
	return t;
}

struct location container_field_location(const struct container *c,
					 enum cfield field)
{
	if (field > CF_NONE && field < CF_COUNT && c->field_loc[field].line)
		return c->field_loc[field];
	return c->loc;
}

const struct image *target_find_image(const struct target *t, const char *id)
{
	if (str_empty(id))
		return NULL;
	for (size_t i = 0; i < t->n_images; i++)
		if (str_eq(t->images[i].id, id))
			return &t->images[i];
	return NULL;
}
