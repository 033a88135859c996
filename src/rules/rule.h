/*
 * The rule catalog: metadata for all 117 CIS Docker Benchmark v1.6.0
 * recommendations, and the checks that decide them.
 */
#ifndef SW_RULE_H
#define SW_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"
#include "util/buf.h"

#define BENCHMARK_NAME "CIS Docker Benchmark"
#define BENCHMARK_VERSION "1.6.0"
/* Raised whenever a category, severity or weight changes. */
#define SCORING_MODEL_VERSION 1

enum stride {
	STRIDE_S,
	STRIDE_T,
	STRIDE_R,
	STRIDE_I,
	STRIDE_D,
	STRIDE_E,
	STRIDE_COUNT,
	STRIDE_NONE = STRIDE_COUNT,
};

enum severity { SEV_LOW, SEV_MEDIUM, SEV_HIGH, SEV_CRITICAL };

/* The kind of object a rule is evaluated on. */
enum object_kind {
	OBJ_HOST,
	OBJ_DAEMON,
	OBJ_CONTAINER,
	OBJ_IMAGE,
	OBJ_NETWORK,
	OBJ_SWARM,
	OBJ_FILE,
};

enum status {
	ST_PASS,
	ST_FAIL,
	ST_ERROR,
	ST_NOT_APPLICABLE,
	ST_MANUAL,
	ST_SKIPPED,
	ST_WAIVED,
	ST_COUNT
};

/*
 * What a check returns. The evaluator hands in an empty evidence buffer;
 * the check sets the status and describes the observed value in one line
 * ("HostConfig.Privileged is true"). `field` or `loc` say where a file-based
 * object holds the value.
 */
struct verdict {
	enum status status;
	struct buf *evidence;
	enum cfield field;
	struct location loc; /* overrides `field` when loc.line != 0 */
};

/*
 * A check decides one rule for one object. `object` points to the struct
 * for the rule's kind: struct container, struct image, struct network, or
 * the target itself for host, daemon and swarm rules.
 */
typedef void (*check_fn)(const struct target *t, const void *object,
			 struct verdict *v);

struct rule_check {
	const char *id;
	check_fn check;
};

struct rule {
	const char *id;    /* "5.5" */
	const char *title; /* short recommendation title */
	enum stride stride;
	enum stride stride2; /* STRIDE_NONE when there is none */
	enum severity severity;
	int level;      /* CIS profile level, 1 or 2 */
	bool automated; /* automated in CIS v1.6.0 */
	enum object_kind applies_to;
	const char *rationale;   /* why this category and severity */
	const char *checks;      /* what the check looks at */
	const char *remediation; /* the exact flag, key or mode to change */
	check_fn check;          /* NULL: always manual */
	unsigned order;          /* position in benchmark order */
};

/* Returns the catalog in benchmark order; `*count` is 117. */
const struct rule *rules_all(size_t *count);
/* Returns the rule with this ID, or NULL. */
const struct rule *rule_find(const char *id);

unsigned severity_weight(enum severity s);
const char *severity_name(enum severity s);
/* Returns -1 for an unknown name. */
int severity_parse(const char *name);
char stride_letter(enum stride s);
const char *stride_name(enum stride s);
const char *status_name(enum status s);
const char *object_kind_name(enum object_kind k);

/* Helpers for checks: set the status and format the evidence. */
void verdict_set(struct verdict *v, enum status s, enum cfield field,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
#define verdict_pass(v, f, ...) verdict_set(v, ST_PASS, f, __VA_ARGS__)
#define verdict_fail(v, f, ...) verdict_set(v, ST_FAIL, f, __VA_ARGS__)
#define verdict_na(v, ...) verdict_set(v, ST_NOT_APPLICABLE, CF_NONE, __VA_ARGS__)
#define verdict_manual(v, ...) verdict_set(v, ST_MANUAL, CF_NONE, __VA_ARGS__)
#define verdict_error(v, ...) verdict_set(v, ST_ERROR, CF_NONE, __VA_ARGS__)

/*
 * Check tables, one per benchmark section file. Each ends with {NULL, NULL}.
 * The catalog attaches a check to the rule of the same ID.
 */
extern const struct rule_check section1_checks[];
extern const struct rule_check section2_checks[];
extern const struct rule_check section3_checks[];
extern const struct rule_check section4_checks[];
extern const struct rule_check section5_checks[];
extern const struct rule_check section6_checks[];
extern const struct rule_check section7_checks[];

#endif
