#include "assess/assess.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assess/waiver.h"
#include "util/error.h"
#include "util/strutil.h"
#include "util/timefmt.h"

/* 4 KiB: the longest evidence line kept for one result. */
#define EVIDENCE_MAX 4096

/* Badness order for the roll-up: a host is as good as its worst object. */
static int status_rank(enum status s)
{
	switch (s) {
	case ST_FAIL:
		return 6;
	case ST_ERROR:
		return 5;
	case ST_WAIVED:
		return 4;
	case ST_MANUAL:
		return 3;
	case ST_PASS:
		return 2;
	case ST_NOT_APPLICABLE:
		return 1;
	default:
		return 0;
	}
}

static const char *kind_name(enum object_kind kind, enum origin origin)
{
	if (kind == OBJ_CONTAINER && origin == ORIGIN_COMPOSE)
		return "service";
	if (kind == OBJ_IMAGE && origin == ORIGIN_DOCKERFILE)
		return "dockerfile";
	return object_kind_name(kind);
}

struct evaluation {
	struct assessment *a;
	struct host_assessment *h;
	const struct target *t;
	struct buf evidence;
	size_t cap;			   /* allocated results */
	const struct waiver_list *waivers; /* may be NULL */
	time_t now;			   /* the day waivers expire against */
};

static struct result *result_add(struct evaluation *ev)
{
	struct host_assessment *h = ev->h;

	if (h->n_results == ev->cap) {
		size_t cap = ev->cap ? ev->cap * 2 : 256;
		struct result *r = realloc(h->results, cap * sizeof(*r));

		if (!r)
			return NULL;
		h->results = r;
		ev->cap = cap;
	}
	memset(&h->results[h->n_results], 0, sizeof(struct result));
	return &h->results[h->n_results++];
}

static void manual_evidence(const struct rule *r, const struct target *t,
			    struct verdict *v)
{
	if (r->applies_to == OBJ_HOST && !t->host)
		verdict_manual(v, "needs host access: run stridewatch on the "
				  "Docker host, or give --host ssh://...");
	else
		verdict_manual(v, "%s", r->checks);
}

/* Runs one check on one object and appends its result. */
static int evaluate_one(struct evaluation *ev, const struct rule *r,
			bool selected, const void *object, size_t index,
			const char *id, const char *name, enum origin origin)
{
	struct verdict v = {.status = ST_MANUAL, .evidence = &ev->evidence};
	struct result *res;

	buf_reset(&ev->evidence);
	if (!selected)
		verdict_set(&v, ST_SKIPPED, CF_NONE, "not selected");
	else if (r->check)
		r->check(ev->t, object, &v);
	else
		manual_evidence(r, ev->t, &v);
	if (ev->evidence.failed)
		buf_puts(&ev->evidence, "");

	res = result_add(ev);
	if (!res)
		return SW_ENOMEM;
	res->rule = r;
	res->kind = r->applies_to;
	res->kind_name = kind_name(r->applies_to, origin);
	res->object_id = id;
	res->object_name = name;
	res->object_index = index;
	res->status = v.status;
	res->evidence = arena_strdup(&ev->a->arena, buf_str(&ev->evidence));
	if (!res->evidence)
		return SW_ENOMEM;
	if (v.loc.line)
		res->loc = v.loc;
	else if (r->applies_to == OBJ_CONTAINER)
		res->loc = container_field_location(object, v.field);
	else if (r->applies_to == OBJ_IMAGE)
		res->loc = ((const struct image *)object)->loc;
	if (ev->waivers)
		return waiver_apply(ev->a, ev->waivers, ev->t, res, ev->now);
	return 0;
}

static bool image_assessed(const struct image *img)
{
	return img->origin == ORIGIN_DOCKERFILE ||
	       (img->in_use && img->inspected);
}

/* Evaluates one rule on every object of its kind; *objects is their count. */
static int evaluate_rule(struct evaluation *ev, const struct rule *r,
			 bool selected, size_t *objects)
{
	const struct target *t = ev->t;
	int rc = 0;

	*objects = 0;
	switch (r->applies_to) {
	case OBJ_CONTAINER:
		for (size_t i = 0; i < t->n_containers && !rc; i++) {
			const struct container *c = &t->containers[i];

			rc = evaluate_one(ev, r, selected, c, i, c->id, c->name,
					  c->origin);
			(*objects)++;
		}
		break;
	case OBJ_IMAGE:
		for (size_t i = 0; i < t->n_images && !rc; i++) {
			const struct image *img = &t->images[i];

			if (!image_assessed(img))
				continue;
			rc = evaluate_one(ev, r, selected, img, i, img->id,
					  img->name, img->origin);
			(*objects)++;
		}
		break;
	case OBJ_NETWORK:
		for (size_t i = 0; i < t->n_networks && !rc; i++) {
			const struct network *n = &t->networks[i];

			rc = evaluate_one(ev, r, selected, n, i, n->id, n->name,
					  ORIGIN_ENGINE);
			(*objects)++;
		}
		break;
	default:
		rc = evaluate_one(ev, r, selected, t, 0, t->name, t->name,
				  ORIGIN_ENGINE);
		(*objects)++;
	}
	return rc;
}

/* The collection status of the objects a rule kind runs on. */
static enum part_status objects_status(const struct target *t,
				       enum object_kind kind)
{
	switch (kind) {
	case OBJ_CONTAINER:
		return t->containers_status;
	case OBJ_IMAGE:
		return t->images_status;
	default:
		return t->networks_status;
	}
}

/*
 * Adds one host-level result when a rule found no object to run on. When
 * the objects could not be listed, that is an error (counted as failed),
 * so an engine that refuses /containers/json cannot look clean.
 */
static int evaluate_no_objects(struct evaluation *ev, const struct rule *r,
			       bool selected)
{
	struct result *res = result_add(ev);
	static const char *const what[] = {
	    [OBJ_CONTAINER] = "containers",
	    [OBJ_IMAGE] = "images",
	    [OBJ_NETWORK] = "networks",
	};
	enum part_status ps = objects_status(ev->t, r->applies_to);
	const char *kind = what[r->applies_to];

	if (!res)
		return SW_ENOMEM;
	res->rule = r;
	res->kind = OBJ_HOST;
	res->kind_name = "host";
	res->object_id = ev->t->name;
	res->object_name = ev->t->name;
	if (!selected) {
		res->status = ST_SKIPPED;
		res->evidence = "not selected";
	} else if (ps == PART_DENIED || ps == PART_FAILED) {
		res->status = ST_ERROR;
		res->evidence = arena_printf(&ev->a->arena,
					     "the engine's %s could not be "
					     "read (%s), so this rule could "
					     "not be decided",
					     kind, part_status_name(ps));
	} else {
		res->status = ST_NOT_APPLICABLE;
		res->evidence =
		    arena_printf(&ev->a->arena, "no %s were assessed", kind);
	}
	if (!res->evidence)
		return SW_ENOMEM;
	return 0;
}

static void score_add(struct score *s, const struct rule *r, enum status st)
{
	uint64_t w = severity_weight(r->severity);

	switch (st) {
	case ST_PASS:
		s->passed += w;
		s->stride_passed[r->stride] += w;
		/* fall through */
	case ST_FAIL:
	case ST_ERROR:
		s->counted += w;
		s->applicable += w;
		s->stride_counted[r->stride] += w;
		if (st == ST_ERROR)
			s->errors += w;
		if (st != ST_PASS && r->severity == SEV_CRITICAL)
			s->critical_open = true;
		break;
	case ST_MANUAL:
		s->applicable += w;
		break;
	default:
		break;
	}
}

static bool status_is_failing(enum status s)
{
	return s == ST_FAIL || s == ST_ERROR;
}

/*
 * Ranks the status a score counts. An object left out of the compliance
 * score (ST_WAIVED there) ranks lowest, so the rule's other objects decide.
 */
static int scored_rank(enum status s)
{
	return s == ST_WAIVED ? -1 : status_rank(s);
}

/* Folds a rule's results into its host-level status. */
static void rollup_rule(struct host_assessment *h, size_t first,
			struct rule_rollup *ru)
{
	int worst = -1, worst_scored = -2, worst_compliance = -2;

	ru->status = ST_SKIPPED;
	ru->scored = ST_SKIPPED;
	ru->compliance = ST_SKIPPED;
	for (size_t i = first; i < h->n_results; i++) {
		const struct result *res = &h->results[i];
		enum status scored = waiver_score_status(res, false);
		enum status compliance = waiver_score_status(res, true);
		int rank = status_rank(res->status);

		if (status_is_failing(res->status))
			ru->failing++;
		if (status_is_failing(scored))
			ru->costing++;
		if (rank > worst) {
			worst = rank;
			ru->status = res->status;
		}
		if (scored_rank(scored) > worst_scored) {
			worst_scored = scored_rank(scored);
			ru->scored = scored;
		}
		if (scored_rank(compliance) > worst_compliance) {
			worst_compliance = scored_rank(compliance);
			ru->compliance = compliance;
		}
	}
}

struct cost_share {
	struct result *result;
	double raw; /* exact cost in hundredths of a point */
	int64_t hundredths;
};

static int by_remainder(const void *pa, const void *pb)
{
	const struct cost_share *a = pa, *b = pb;
	double ra = a->raw - (double)a->hundredths;
	double rb = b->raw - (double)b->hundredths;

	if (ra != rb)
		return ra < rb ? 1 : -1;
	return a->result < b->result ? -1 : 1;
}

/*
 * Rounds the result costs to hundredths so that they add up to exactly
 * 100 - score at that precision: each share is rounded down and the
 * hundredths left over go to the largest remainders.
 */
static int costs_apportion(struct host_assessment *h)
{
	struct cost_share *shares;
	size_t n = 0;
	double total_raw = 0;
	int64_t total, given = 0;

	for (size_t i = 0; i < h->n_results; i++)
		if (h->results[i].cost > 0)
			n++;
	if (!n)
		return 0;
	shares = calloc(n, sizeof(*shares));
	if (!shares)
		return SW_ENOMEM;
	n = 0;
	for (size_t i = 0; i < h->n_results; i++) {
		struct result *res = &h->results[i];

		if (res->cost <= 0)
			continue;
		shares[n].result = res;
		shares[n].raw = res->cost * 100.0;
		shares[n].hundredths = (int64_t)shares[n].raw;
		given += shares[n].hundredths;
		total_raw += shares[n].raw;
		n++;
	}
	total = llround(total_raw);
	qsort(shares, n, sizeof(*shares), by_remainder);
	for (size_t i = 0; given < total; i = (i + 1) % n, given++)
		shares[i].hundredths++;
	for (size_t i = 0; i < n; i++)
		shares[i].result->cost = (double)shares[i].hundredths / 100.0;
	free(shares);
	return 0;
}

static int costs_assign(struct host_assessment *h)
{
	double counted = (double)h->score.counted;
	size_t k = 0;

	for (size_t i = 0; i < h->n_rollup; i++) {
		struct rule_rollup *ru = &h->rollup[i];

		if (counted > 0 && ru->costing && status_is_failing(ru->scored))
			ru->cost = 100.0 * severity_weight(ru->rule->severity) /
				   counted;
	}
	/* Results are in rule order, so one pass walks both arrays. */
	for (size_t i = 0; i < h->n_results; i++) {
		struct result *res = &h->results[i];

		while (k < h->n_rollup && h->rollup[k].rule != res->rule)
			k++;
		if (k == h->n_rollup)
			break;
		if (status_is_failing(waiver_score_status(res, false)))
			res->cost =
			    h->rollup[k].cost / (double)h->rollup[k].costing;
	}
	return costs_apportion(h);
}

static void container_add(struct container_assessment *c,
			  const struct result *res)
{
	score_add(&c->score, res->rule, waiver_score_status(res, false));
	score_add(&c->compliance, res->rule, waiver_score_status(res, true));
}

static void containers_score(struct host_assessment *h)
{
	const struct target *t = h->target;

	for (size_t i = 0; i < h->n_results; i++) {
		const struct result *res = &h->results[i];

		if (res->kind == OBJ_CONTAINER) {
			container_add(&h->containers[res->object_index], res);
			continue;
		}
		if (res->kind != OBJ_IMAGE)
			continue;
		for (size_t j = 0; j < t->n_containers; j++)
			if (t->containers[j].image_ref ==
			    &t->images[res->object_index])
				container_add(&h->containers[j], res);
	}
}

static int assess_target(struct assessment *a, struct host_assessment *h,
			 const struct target *t, const struct selection *sel)
{
	struct evaluation ev = {
	    .a = a, .h = h, .t = t, .waivers = sel->waivers, .now = sel->now};
	size_t count;
	const struct rule *all = rules_all(&count);
	int rc = 0;

	buf_init(&ev.evidence, EVIDENCE_MAX);
	h->target = t;
	h->rollup = arena_calloc(&a->arena, count, sizeof(*h->rollup));
	h->containers = arena_calloc(&a->arena, t->n_containers + 1,
				     sizeof(*h->containers));
	if (!h->rollup || !h->containers) {
		rc = SW_ENOMEM;
		goto out;
	}
	h->n_containers = t->n_containers;
	for (size_t i = 0; i < t->n_containers; i++)
		h->containers[i].container = &t->containers[i];

	for (size_t i = 0; i < count && !rc; i++) {
		const struct rule *r = &all[i];
		bool selected = selection_matches(sel, r);
		size_t first = h->n_results, objects;

		rc = evaluate_rule(&ev, r, selected, &objects);
		if (!rc && objects == 0)
			rc = evaluate_no_objects(&ev, r, selected);
		if (rc)
			break;
		h->rollup[i].rule = r;
		rollup_rule(h, first, &h->rollup[i]);
		score_add(&h->score, r, h->rollup[i].scored);
		score_add(&h->compliance, r, h->rollup[i].compliance);
		h->n_rollup++;
	}
	if (!rc)
		rc = costs_assign(h);
	if (!rc)
		containers_score(h);
out:
	buf_clear(&ev.evidence);
	return rc;
}

static const char *now_rfc3339(struct arena *a)
{
	char stamp[RFC3339_SIZE];

	format_rfc3339(time(NULL), stamp);
	return arena_strdup(a, stamp);
}

/* Whether another host of the assessment has the same name. */
static bool host_name_shared(const struct assessment *a, size_t k)
{
	for (size_t i = 0; i < a->n_hosts; i++)
		if (i != k && strcmp(a->hosts[i].target->name,
				     a->hosts[k].target->name) == 0)
			return true;
	return false;
}

static int fleet_score(struct assessment *a)
{
	const struct target *weakest_target = NULL;
	double weakest = 101.0;
	size_t weakest_index = 0;

	for (size_t i = 0; i < a->n_hosts; i++) {
		const struct score *s = &a->hosts[i].score;
		double v = score_value(s);

		score_merge(&a->fleet, s);
		score_merge(&a->fleet_compliance, &a->hosts[i].compliance);
		if (v < weakest) {
			weakest = v;
			weakest_target = a->hosts[i].target;
			weakest_index = i;
		}
	}
	if (!weakest_target)
		return 0;
	a->weakest_host = weakest_target->name;
	/* Two engines may report one host name; the endpoint tells them
	 * apart. */
	if (host_name_shared(a, weakest_index))
		a->weakest_host =
		    arena_printf(&a->arena, "%s (%s)", weakest_target->name,
				 weakest_target->endpoint);
	return a->weakest_host ? 0 : SW_ENOMEM;
}

int assess_model(const struct model *m, const struct selection *given,
		 struct assessment **out)
{
	struct assessment *a = calloc(1, sizeof(*a));
	/* One "today" for every target, even across midnight. */
	struct selection day = *given;
	const struct selection *sel = &day;
	int rc = 0;

	if (!a)
		return SW_ENOMEM;
	if (!day.now)
		day.now = time(NULL);
	a->model = m;
	a->generated_at = now_rfc3339(&a->arena);
	a->hosts = arena_calloc(&a->arena, m->n_targets + 1, sizeof(*a->hosts));
	if (!a->hosts || !a->generated_at) {
		rc = SW_ENOMEM;
		goto out;
	}
	rc = waiver_uses_init(a, sel->waivers, sel->now);
	if (rc)
		goto out;
	for (size_t i = 0; i < m->n_targets && !rc; i++) {
		rc = assess_target(a, &a->hosts[i], &m->targets[i], sel);
		a->n_hosts++;
	}
	if (!rc)
		rc = fleet_score(a);
	if (!rc && sel->waivers)
		rc = waiver_notes_add(a, sel);
out:
	if (rc) {
		assessment_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

void assessment_free(struct assessment *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n_hosts; i++)
		free(a->hosts[i].results);
	arena_clear(&a->arena);
	free(a);
}
