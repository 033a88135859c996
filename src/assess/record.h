/*
 * Assessment records: the flat form of one assessment that the history
 * store keeps, the watch service serves and alerts on, and `diff` compares.
 * A record is built from a live assessment, read back from the store, or
 * parsed from a JSON report, so `diff` treats all three alike.
 *
 * A record keeps every result that is a finding or needs attention (fail,
 * error, manual, waived), the host-level status of every rule, and the
 * containers with their scores. Passed, not applicable and skipped results
 * are left out: they are what a record's rule states and containers imply.
 */
#ifndef SW_RECORD_H
#define SW_RECORD_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "assess/assess.h"
#include "util/arena.h"
#include "util/buf.h"

/* A waiver attached to a result; see assess/waiver.h. */
struct waiver_note {
	const char *kind; /* "mitigated" or "accepted" */
	const char *owner;
	const char *reason;
	const char *expires; /* YYYY-MM-DD */
};

/* A score as a record carries it. */
struct score_record {
	double value;
	char grade;
	bool capped;
	double coverage;
	double stride[STRIDE_COUNT];
	bool stride_counted[STRIDE_COUNT];
	/*
	 * The weight sums behind the figures. Records from a live assessment
	 * or the store have them (`exact`); JSON reports carry only the
	 * rounded figures.
	 */
	bool exact;
	struct score weights;
};

/* One result kept by a record. */
struct finding {
	const char *rule;  /* "5.5" */
	const char *title; /* may be NULL; the catalog has it */
	enum severity severity;
	enum stride stride;
	enum stride stride2; /* STRIDE_NONE when there is none */
	enum status status;
	const char *object_kind; /* "container", "host", "image", ... */
	const char *object_id;
	const char *object_name;
	const char *evidence;
	double cost; /* points of the host score it costs */
	const struct waiver_note *waiver; /* NULL when none applies */
};

/* A rule's status on the host, with the points it costs. */
struct rule_state {
	const char *rule;
	enum status status;
	uint32_t failing; /* objects on which it fails or errors */
	double cost;
};

struct container_record {
	const char *id;
	const char *name;
	const char *image;    /* as the container references it */
	const char *image_id; /* "" when unknown, as in JSON reports */
	bool running;
	struct score_record score;
};

struct host_record {
	const char *name;
	const char *endpoint;
	const char *engine_version; /* "" when unknown */
	const char *api_version;
	struct score_record score;
	struct container_record *containers;
	size_t n_containers;
	struct finding *findings; /* benchmark order, then object order */
	size_t n_findings;
	struct rule_state *rules; /* benchmark order; none from reports */
	size_t n_rules;
};

struct assessment_record {
	struct arena arena;
	int64_t id;		  /* store ID; 0 when not stored */
	const char *generated_at; /* RFC 3339 UTC */
	int scoring_model;
	struct host_record *hosts;
	size_t n_hosts;
};

/* Whether a status is a finding: fail or error. */
bool status_is_failing(enum status s);

/*
 * Builds a record from a live assessment. The record copies what it keeps,
 * so the assessment and its model may be freed afterwards. Returns 0 and
 * the new record in `*out`, or SW_ENOMEM.
 */
int assessment_record_from_assessment(const struct assessment *a,
				      struct assessment_record **out);

/*
 * Builds a record from a JSON report (`stridewatch scan --format json`).
 * Returns SW_EINVAL with a message in `err` naming the first key that is
 * missing or mistyped.
 */
int assessment_record_from_report(json_t *report,
				  struct assessment_record **out,
				  struct buf *err);

/* Reads a JSON report file; `err` names the file, line and column. */
int assessment_record_read_report(const char *path,
				  struct assessment_record **out,
				  struct buf *err);

/* Returns a new, empty record, or NULL when out of memory. */
struct assessment_record *assessment_record_new(void);
void assessment_record_free(struct assessment_record *r);

/* Fills a score record from weight sums. */
void score_record_from_score(struct score_record *out, const struct score *s);

/* Returns the host of this name, or NULL. */
const struct host_record *
assessment_record_find_host(const struct assessment_record *r,
			    const char *name);

/* Returns the container with this ID, or NULL. */
const struct container_record *
host_record_find_container(const struct host_record *h, const char *id);

/* Parses a status name ("fail"); returns -1 for an unknown one. */
int status_parse(const char *name);

/* Parses a STRIDE letter ("E"); returns -1 for an unknown one. */
int stride_parse(const char *letter);

#endif
