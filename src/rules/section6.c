/*
 * Section 6, Docker security operations: image and container sprawl,
 * decided on the engine's image and container lists.
 */
#include "rules/evidence.h"
#include "rules/rule.h"
#include "util/strutil.h"

/* 5: the most image or container names listed in one evidence line. */
#define SPRAWL_NAMES_MAX 5

/*
 * Whether the collected container list contains every container. The
 * engine counts all of them in /info, and a list taken without --all
 * contains only the running ones.
 */
static bool containers_complete(const struct target *t)
{
	const struct daemon *d = &t->daemon;

	if (d->info_status == PART_COLLECTED)
		return (int64_t)t->n_containers >= d->containers_total;
	for (size_t i = 0; i < t->n_containers; i++)
		if (!t->containers[i].running)
			return true; /* only --all lists stopped ones */
	return false;
}

static void names_append(struct buf *out, const char *name, size_t *shown)
{
	if (*shown == SPRAWL_NAMES_MAX)
		return;
	buf_puts(out, (*shown)++ ? ", " : ": ");
	evidence_append(out, name, EVIDENCE_VALUE_MAX);
}

static void check_6_1(const struct target *t, const void *object,
		      struct verdict *v)
{
	size_t unused = 0, shown = 0;

	(void)object;
	if (t->images_status != PART_COLLECTED ||
	    t->containers_status != PART_COLLECTED) {
		verdict_manual(
		    v,
		    "the %s list was not collected (%s), so "
		    "image use is unknown",
		    t->images_status != PART_COLLECTED ? "image" : "container",
		    part_status_name(t->images_status != PART_COLLECTED
					 ? t->images_status
					 : t->containers_status));
		return;
	}
	for (size_t i = 0; i < t->n_images; i++)
		unused += !t->images[i].in_use;
	if (!unused) {
		verdict_pass(v, CF_NONE,
			     "each of the %zu images is used by a "
			     "container",
			     t->n_images);
		return;
	}
	if (!containers_complete(t)) {
		verdict_manual(v,
			       "%zu of %zu images are not used by the %zu "
			       "containers collected, but stopped "
			       "containers were not collected; scan again "
			       "with --all",
			       unused, t->n_images, t->n_containers);
		return;
	}
	verdict_fail(v, CF_NONE,
		     "%zu of %zu images are not used by any container", unused,
		     t->n_images);
	for (size_t i = 0; i < t->n_images; i++)
		if (!t->images[i].in_use)
			names_append(v->evidence, t->images[i].name, &shown);
	if (unused > shown)
		buf_printf(v->evidence, " and %zu more", unused - shown);
}

/* Appends the names of the collected containers that are not running. */
static size_t stopped_names_append(const struct target *t, struct buf *out)
{
	size_t stopped = 0, shown = 0;

	for (size_t i = 0; i < t->n_containers; i++) {
		if (t->containers[i].running)
			continue;
		stopped++;
		names_append(out, t->containers[i].name, &shown);
	}
	if (stopped > shown)
		buf_printf(out, " and %zu more", stopped - shown);
	return stopped;
}

static void check_6_2(const struct target *t, const void *object,
		      struct verdict *v)
{
	const struct daemon *d = &t->daemon;
	size_t stopped;

	(void)object;
	if (d->info_status == PART_COLLECTED) {
		if (d->containers_total <= 0) {
			verdict_pass(v, CF_NONE,
				     "the engine has no containers");
			return;
		}
		if (d->containers_stopped <= 0) {
			verdict_pass(v, CF_NONE,
				     "none of the %lld containers is stopped",
				     (long long)d->containers_total);
			return;
		}
		verdict_fail(v, CF_NONE, "%lld of %lld containers are stopped",
			     (long long)d->containers_stopped,
			     (long long)d->containers_total);
		if (!stopped_names_append(t, v->evidence))
			buf_puts(v->evidence,
				 " (scan with --all to list them)");
		return;
	}
	if (t->containers_status != PART_COLLECTED) {
		verdict_manual(v,
			       "neither /info nor the container list was "
			       "collected (%s)",
			       part_status_name(t->containers_status));
		return;
	}
	verdict_fail(v, CF_NONE, "containers are stopped");
	stopped = stopped_names_append(t, v->evidence);
	if (stopped)
		return;
	verdict_manual(v,
		       "all %zu containers collected are running, but "
		       "only running containers were collected and /info "
		       "was not; scan with --all to include stopped ones",
		       t->n_containers);
}

const struct rule_check section6_checks[] = {
    {"6.1", check_6_1},
    {"6.2", check_6_2},
    {NULL, NULL},
};
