/*
 * Diffs of two assessments: the changes between them and the points each
 * change moved the score. A host's score is 100 minus the sum of the costs of its results,
 * so the change of score is exactly
 *
 *   sum of the costs in A - sum of the costs in B
 *     = gained by results that stopped costing (fixed, removed, waived)
 *     - lost to results that started costing (new, waiver ended)
 *     + the change of cost of results that cost in both, which moves when
 *       the counted weight or the number of failing objects of a rule
 *       changes.
 *
 * Costs are kept in hundredths of a point and apportioned so that they
 * add up to 100 minus the score rounded to hundredths. So diff_records()
 * works in whole hundredths and assigns each of them to one change, and
 * the changes add up to the change of score exactly. A side
 * whose costs do not add up that way (a report without weight sums, whose
 * score is rounded to tenths) leaves a rounding residual, which is
 * reported as such.
 */
#ifndef SW_DIFF_H
#define SW_DIFF_H

#include <stdbool.h>
#include <stdio.h>

#include "assess/record.h"

enum change_kind {
	CHANGE_FIXED,	       /* fails in A, passes or is n/a in B */
	CHANGE_REMOVED,	       /* fails in A; its container is gone in B */
	CHANGE_UNDECIDED,      /* fails in A, needs a person in B */
	CHANGE_WAIVER_STARTED, /* a waiver applies in B but not in A */
	CHANGE_NEW,	       /* fails in B only */
	CHANGE_WAIVER_ENDED,   /* a waiver applied in A but not in B */
	CHANGE_REWEIGHTED,     /* costs in both, by different amounts */
	CHANGE_COUNT
};

struct change {
	enum change_kind kind;
	const struct finding *a; /* NULL when not in A */
	const struct finding *b; /* NULL when not in B */
	int64_t points; /* its part of score B - score A, in hundredths */
	bool expired;	/* CHANGE_WAIVER_ENDED: its expiry passed by B */
};

struct host_diff {
	const char *host;
	const struct host_record *a;
	const struct host_record *b;
	/* The scores rounded to hundredths: 100 minus their costs. */
	int64_t score_a;
	int64_t score_b;
	int64_t delta;	  /* score_b - score_a, in hundredths */
	int64_t residual; /* delta minus the sum of the changes */
	int64_t group_points[CHANGE_COUNT];
	size_t group_count[CHANGE_COUNT];
	struct change *changes; /* grouped by kind, then by |points| */
	size_t n_changes;
};

struct diff {
	struct arena arena;
	const struct assessment_record *a;
	const struct assessment_record *b;
	struct host_diff *hosts;
	size_t n_hosts;
	const char **only_a; /* hosts assessed in A only */
	size_t n_only_a;
	const char **only_b;
	size_t n_only_b;
};

/*
 * Compares two records host by host (by name; two single-host records are
 * compared whatever their names). Both must outlive the diff. Returns 0
 * and the diff in `*out`, or SW_ENOMEM.
 */
int diff_records(const struct assessment_record *a,
		 const struct assessment_record *b, struct diff **out);
void diff_free(struct diff *d);

/* "fixed", "new", "waiver started", ... */
const char *change_kind_name(enum change_kind k);

/*
 * Writes the diff as text for a terminal (`color` adds ANSI colours) or
 * as JSON (schema stridewatch.diff/1). `label_a` and `label_b` name the
 * two sides ("assessment 12", "old.json"). Returns 0 or SW_EIO.
 */
int diff_write_text(FILE *out, const struct diff *d, const char *label_a,
		    const char *label_b, bool color);
int diff_write_json(FILE *out, const struct diff *d, const char *label_a,
		    const char *label_b);

#endif
