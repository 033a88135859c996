#include "assess/diff.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/error.h"
#include "util/strutil.h"

const char *change_kind_name(enum change_kind k)
{
	static const char *const names[] = {
	    [CHANGE_FIXED] = "fixed",
	    [CHANGE_REMOVED] = "removed with its object",
	    [CHANGE_UNDECIDED] = "no longer decided",
	    [CHANGE_WAIVER_STARTED] = "waiver started",
	    [CHANGE_NEW] = "new",
	    [CHANGE_WAIVER_ENDED] = "waiver ended",
	    [CHANGE_REWEIGHTED] = "cost changed",
	};

	return k < CHANGE_COUNT ? names[k] : "unknown";
}

/* A result enters the score with its cost: failing, or accepted risk. */
static bool costs(const struct finding *f)
{
	return f && (status_is_failing(f->status) || f->cost > 0);
}

static int key_of(struct buf *key, const struct finding *f)
{
	buf_reset(key);
	return buf_printf(key, "%s\x1f%s\x1f%s", f->rule, f->object_kind,
			  f->object_id);
}

/* Maps each finding's key to its index: key -> integer. */
static json_t *index_of(const struct host_record *h, struct buf *key)
{
	json_t *index = json_object();

	for (size_t i = 0; index && i < h->n_findings; i++) {
		if (key_of(key, &h->findings[i]) ||
		    json_object_set_new(index, buf_str(key),
					json_integer((json_int_t)i))) {
			json_decref(index);
			return NULL;
		}
	}
	return index;
}

static const struct finding *lookup(const struct host_record *h, json_t *index,
				    const char *key)
{
	json_t *at = json_object_get(index, key);

	return at ? &h->findings[json_integer_value(at)] : NULL;
}

static bool object_gone(const struct host_record *b, const struct finding *f)
{
	return str_eq(f->object_kind, "container") &&
	       !host_record_find_container(b, f->object_id);
}

/* Whether the waiver `w` has expired by the date of B ("YYYY-MM-DD..."). */
static bool expired_by(const struct waiver_note *w, const char *b_time)
{
	return w && w->expires && b_time && strlen(b_time) >= 10 &&
	       strncmp(w->expires, b_time, 10) < 0;
}

/* Classifies a pair of results; CHANGE_COUNT means nothing to report. */
static enum change_kind classify(const struct host_record *b,
				 const char *b_time, const struct finding *fa,
				 const struct finding *fb, bool *expired)
{
	bool ca = costs(fa), cb = costs(fb);
	bool wa = fa && fa->waiver, wb = fb && fb->waiver;

	*expired = wa && expired_by(fa->waiver, b_time);
	if (wa && !wb && cb)
		return CHANGE_WAIVER_ENDED;
	if (!wa && wb)
		return CHANGE_WAIVER_STARTED;
	if (ca && cb)
		return CHANGE_REWEIGHTED;
	if (ca) {
		if (!fb && object_gone(b, fa))
			return CHANGE_REMOVED;
		if (fb && fb->status == ST_MANUAL)
			return CHANGE_UNDECIDED;
		return CHANGE_FIXED;
	}
	return cb ? CHANGE_NEW : CHANGE_COUNT;
}

struct host_builder {
	struct host_diff *hd;
	const char *b_time;
	size_t cap;
	struct arena *a;
};

/* A result's cost in hundredths of a point; 0 when it does not cost. */
static int64_t hundredths(const struct finding *f)
{
	return costs(f) ? llround(f->cost * 100.0) : 0;
}

static int change_add(struct host_builder *hb, const struct finding *fa,
		      const struct finding *fb)
{
	struct host_diff *hd = hb->hd;
	struct change *c;
	int64_t points = hundredths(fa) - hundredths(fb);
	bool expired;
	enum change_kind kind = classify(hd->b, hb->b_time, fa, fb, &expired);

	/* Results that cost the same on both sides are no change. */
	if (kind == CHANGE_COUNT || (kind == CHANGE_REWEIGHTED && !points))
		return 0;
	if (hd->n_changes == hb->cap) {
		size_t cap = hb->cap ? hb->cap * 2 : 64;
		struct change *v = arena_calloc(hb->a, cap, sizeof(*v));

		if (!v)
			return SW_ENOMEM;
		if (hd->n_changes)
			memcpy(v, hd->changes,
			       hd->n_changes * sizeof(*hd->changes));
		hd->changes = v;
		hb->cap = cap;
	}
	c = &hd->changes[hd->n_changes++];
	c->kind = kind;
	c->a = fa;
	c->b = fb;
	c->points = points;
	c->expired = expired;
	hd->group_points[kind] += points;
	hd->group_count[kind]++;
	return 0;
}

static int change_order(const void *x, const void *y)
{
	const struct change *a = x, *b = y;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (llabs(a->points) != llabs(b->points))
		return llabs(a->points) > llabs(b->points) ? -1 : 1;
	return 0;
}

/* 100 minus the score, in hundredths, from the exact score if known. */
static int64_t lost_points(const struct host_record *h)
{
	return llround((100.0 - h->score.value) * 100.0);
}

static int host_compare(struct host_builder *hb)
{
	struct host_diff *hd = hb->hd;
	struct buf key = BUF_INIT;
	json_t *ia = index_of(hd->a, &key), *ib = index_of(hd->b, &key);
	int64_t sum = 0;
	int rc = ia && ib ? 0 : SW_ENOMEM;

	for (size_t i = 0; !rc && i < hd->a->n_findings; i++) {
		const struct finding *fa = &hd->a->findings[i];

		rc = key_of(&key, fa);
		if (!rc)
			rc = change_add(hb, fa,
					lookup(hd->b, ib, buf_str(&key)));
	}
	for (size_t i = 0; !rc && i < hd->b->n_findings; i++) {
		const struct finding *fb = &hd->b->findings[i];

		rc = key_of(&key, fb);
		if (!rc && !lookup(hd->a, ia, buf_str(&key)))
			rc = change_add(hb, NULL, fb);
	}
	json_decref(ia);
	json_decref(ib);
	buf_clear(&key);
	if (rc)
		return rc;
	qsort(hd->changes, hd->n_changes, sizeof(*hd->changes), change_order);
	hd->score_a = 10000 - lost_points(hd->a);
	hd->score_b = 10000 - lost_points(hd->b);
	hd->delta = hd->score_b - hd->score_a;
	for (size_t i = 0; i < hd->n_changes; i++)
		sum += hd->changes[i].points;
	hd->residual = hd->delta - sum;
	return 0;
}

static int host_pair(struct diff *d, const struct host_record *a,
		     const struct host_record *b)
{
	struct host_diff *hd = &d->hosts[d->n_hosts++];
	struct host_builder hb = {
	    .hd = hd, .b_time = d->b->generated_at, .a = &d->arena};

	hd->host = b->name;
	hd->a = a;
	hd->b = b;
	return host_compare(&hb);
}

static int hosts_match(struct diff *d)
{
	const struct assessment_record *a = d->a, *b = d->b;
	int rc = 0;

	if (a->n_hosts == 1 && b->n_hosts == 1)
		return host_pair(d, &a->hosts[0], &b->hosts[0]);
	for (size_t i = 0; i < b->n_hosts && !rc; i++) {
		const struct host_record *ha =
		    assessment_record_find_host(a, b->hosts[i].name);

		if (ha)
			rc = host_pair(d, ha, &b->hosts[i]);
		else
			d->only_b[d->n_only_b++] = b->hosts[i].name;
	}
	for (size_t i = 0; i < a->n_hosts && !rc; i++)
		if (!assessment_record_find_host(b, a->hosts[i].name))
			d->only_a[d->n_only_a++] = a->hosts[i].name;
	return rc;
}

int diff_records(const struct assessment_record *a,
		 const struct assessment_record *b, struct diff **out)
{
	struct diff *d = calloc(1, sizeof(*d));
	int rc;

	if (!d)
		return SW_ENOMEM;
	d->a = a;
	d->b = b;
	d->hosts = arena_calloc(&d->arena, b->n_hosts + 1, sizeof(*d->hosts));
	d->only_a = arena_calloc(&d->arena, a->n_hosts + 1, sizeof(char *));
	d->only_b = arena_calloc(&d->arena, b->n_hosts + 1, sizeof(char *));
	rc = d->hosts && d->only_a && d->only_b ? hosts_match(d) : SW_ENOMEM;
	if (rc) {
		diff_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

void diff_free(struct diff *d)
{
	if (!d)
		return;
	arena_clear(&d->arena);
	free(d);
}
