/*
 * Evaluation and scoring: runs the selected rules over a model and turns the
 * results into scores, per the XCCDF 1.2 flat model (weights low 1,
 * medium 2, high 4, critical 8; score = 100 x passed weight / counted
 * weight, where pass, fail and error are counted).
 */
#ifndef SW_ASSESS_H
#define SW_ASSESS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "model/model.h"
#include "rules/rule.h"

struct waiver;
struct waiver_list;

/* Which rules run and on what; filled from --checks, --exclude, --level. */
struct selection {
	const char **include; /* IDs or section prefixes ("5", "2.1"); */
	size_t n_include;     /* none means every rule */
	const char **exclude;
	size_t n_exclude;
	int level; /* 0 = all, 1 = level 1 only, 2 = all */
	const struct waiver_list *waivers; /* NULL: no waivers apply */
	time_t now; /* the day waivers expire against; 0: the current time */
};

/* Whether a rule ID is selected ("5" selects 5.1 to 5.32, not 51). */
bool selection_matches(const struct selection *sel, const struct rule *r);

/*
 * Validates the IDs of a selection. Returns SW_EINVAL and a message in
 * `err` naming the first ID that matches no rule.
 */
int selection_validate(const struct selection *sel, struct buf *err);

struct result {
	const struct rule *rule;
	enum object_kind kind;
	const char *kind_name; /* "container", "service", "dockerfile", ... */
	const char *object_id;
	const char *object_name;
	size_t object_index; /* into the target's containers, images, ... */
	enum status status;
	const char *evidence;
	struct location loc;
	double cost; /* points of the host score this result costs */
	/* For ST_WAIVED: the waiver in force and the status it replaced. */
	const struct waiver *waiver;
	enum status waived_status;
	const char *note; /* e.g. an expired waiver; NULL when none */
};

/* Weight sums behind a score; all figures in integer weight units. */
struct score {
	uint64_t passed;
	uint64_t counted;    /* pass + fail + error */
	uint64_t errors;     /* the part of counted that is error */
	uint64_t applicable; /* counted + manual */
	uint64_t stride_passed[STRIDE_COUNT];
	uint64_t stride_counted[STRIDE_COUNT];
	bool critical_open; /* a critical rule fails or errors */
};

/* 0..100; 100 when nothing is counted. */
double score_value(const struct score *s);
double score_stride_value(const struct score *s, enum stride c,
			  bool *counted);
/* The share of applicable weight with a definite result, 0..100. */
double score_coverage(const struct score *s);
/* 'A'..'F' on the exact fraction, with the critical cap applied. */
char score_grade(const struct score *s, bool *capped);
/* Adds the weights of `s` to `into`, as the fleet score pools hosts. */
void score_merge(struct score *into, const struct score *s);

/*
 * Each score has a compliance twin. The two differ only when an accepted
 * waiver applies: the score counts such a result as failed, the compliance
 * score leaves it out.
 */
struct container_assessment {
	const struct container *container;
	struct score score;
	struct score compliance;
};

/* A rule's status on the host: container and image rules at their worst. */
struct rule_rollup {
	const struct rule *rule;
	enum status status;
	size_t failing; /* objects on which it fails or errors */
	double cost;    /* points it costs the host score */
	/* The status the score counts (a mitigated waiver as pass, an
	 * accepted one as failed), the one the compliance score counts, and
	 * the objects that cost points: failing ones and accepted risks. */
	enum status scored;
	enum status compliance;
	size_t costing;
};

struct host_assessment {
	const struct target *target;
	struct result *results; /* benchmark order, then object order */
	size_t n_results;
	struct rule_rollup *rollup; /* one per rule of the catalog */
	size_t n_rollup;
	struct score score;
	struct score compliance;
	struct container_assessment *containers;
	size_t n_containers;
	struct strlist notes; /* about the assessment, e.g. unused waivers */
};

/* The use an assessment made of one waiver of selection.waivers. */
struct waiver_use {
	const struct waiver *waiver;
	bool in_force;  /* not expired on the day waivers were checked */
	size_t applied; /* results it waived */
	size_t expired; /* failed results it covered after its expiry */
};

struct assessment {
	struct arena arena;
	const struct model *model;
	const char *generated_at; /* RFC 3339 UTC */
	struct host_assessment *hosts;
	size_t n_hosts;
	struct score fleet;
	struct score fleet_compliance;
	const char *weakest_host; /* NULL without hosts */
	struct waiver_use *waiver_uses; /* one per waiver, in file order */
	size_t n_waiver_uses;
};

/*
 * Evaluates every selected rule on every object of each target and scores
 * the results. The model must outlive the assessment. Returns 0 and the new
 * assessment in `*out`, or SW_ENOMEM.
 */
int assess_model(const struct model *m, const struct selection *sel,
		 struct assessment **out);
void assessment_free(struct assessment *a);

#endif
