/*
 * Waivers: accepted exceptions to rules, read from a YAML file.
 *
 * A waiver names a rule, the objects it covers (a glob on the container,
 * image or service name or an ID prefix) and optionally the hosts (a glob
 * on the target name). A failed or errored result that a waiver in force
 * matches becomes ST_WAIVED and keeps a pointer to that waiver and the
 * status it had.
 *
 * Two kinds exist. A "mitigated" waiver names a compensating control in
 * `evidence` and counts as passed in every score. An "accepted" waiver is
 * an accepted risk: it still costs its points in the score and is left out
 * (neither passed nor counted) only in the separate compliance score.
 *
 * Every waiver expires. `expires` is the last day, in UTC, on which it is
 * in force. From the next day on it no longer applies, so the result keeps
 * its own status and gets a note naming the expired waiver.
 */
#ifndef SW_WAIVER_H
#define SW_WAIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "assess/assess.h"
#include "model/model.h"
#include "rules/rule.h"
#include "util/arena.h"
#include "util/buf.h"

/* 1 MiB: the largest waivers file read. */
#define WAIVER_FILE_MAX ((size_t)1 << 20)
/* The maximum number of waivers in one file. */
#define WAIVERS_MAX 10000
/* 1 KiB: the longest value of one waiver key (a reason, a glob, ...). */
#define WAIVER_VALUE_MAX 1024

enum waiver_kind {
	WAIVER_MITIGATED, /* a compensating control; counts as passed */
	WAIVER_ACCEPTED,  /* an accepted risk; still costs its points */
};

struct waiver {
	const char *rule_id;	 /* catalog ID as written, e.g. "5.5" */
	const struct rule *rule; /* the catalog entry of rule_id */
	/* Glob on the object name or an ID prefix; NULL for host-level
	 * rules ("host" or no `object` key in the file). */
	const char *object;
	const char *host; /* glob on the target name; NULL matches any */
	enum waiver_kind kind;
	const char *owner;    /* the person or team responsible */
	const char *reason;   /* why the exception is acceptable */
	const char *evidence; /* the compensating control; NULL if not given */
	const char *expires;  /* "YYYY-MM-DD", the last day in force (UTC) */
	int64_t expires_day;  /* the same day as days since 1970-01-01 */
	struct location loc;  /* where the waiver's entry starts in the file */
};

/* A parsed waivers file; every string lives in `arena`. */
struct waiver_list {
	struct arena arena;
	const char *path; /* the file it was read from, for messages */
	struct waiver *waivers;
	size_t n_waivers;
};

/*
 * Parses `len` bytes of waivers YAML read from `path` (used in messages).
 * `text[len]` must be a NUL: libfyaml 0.7.12 reads alias names with
 * strtol(), which runs past unterminated input.
 * Returns 0 and a new list in `*out`, which the caller frees with
 * waiver_list_free(). Errors put "PATH:LINE:COLUMN: ..." in `err`, naming
 * the key, the value and the fix. SW_EINVAL reports a syntax error, an
 * unknown or duplicate key, a missing required key, an unknown rule, an
 * invalid kind or date, or a mitigated waiver without evidence. SW_ELIMIT
 * means the input is past WAIVER_FILE_MAX, WAIVERS_MAX or WAIVER_VALUE_MAX,
 * and SW_ENOMEM that memory ran out.
 */
int waiver_list_parse(const char *path, const char *text, size_t len,
		      struct waiver_list **out, struct buf *err);

/*
 * Reads and parses the waivers file at `path`. Fails as waiver_list_parse()
 * does, or with SW_EIO when the file cannot be read.
 */
int waiver_list_load(const char *path, struct waiver_list **out,
		     struct buf *err);

/* Frees the list and its strings; accepts NULL. */
void waiver_list_free(struct waiver_list *l);

const char *waiver_kind_name(enum waiver_kind kind);

/* Returns the UTC day of `now` as days since 1970-01-01. */
int64_t waiver_day(time_t now);

/* Whether the waiver is no longer in force on the UTC day of `now`. */
bool waiver_expired(const struct waiver *w, time_t now);

/* The result a waiver is matched against, by name. */
struct waiver_subject {
	const char *rule_id;	 /* "5.5" */
	const char *host;	 /* the target's name */
	bool host_level;	 /* a result on the target itself */
	const char *object_id;	 /* for object results; may be NULL */
	const char *object_name; /* for object results; may be NULL */
};

/*
 * Whether `w` covers `s`, ignoring expiry: the same rule, the host glob
 * matches the target name, and the object glob matches the object's name
 * or is an ID prefix of at least 12 hex digits ("sha256:" optional). A
 * waiver without `object` covers only host-level results: host, daemon,
 * swarm and file rules, and the placeholder result of a rule that found
 * no object.
 */
bool waiver_covers(const struct waiver *w, const struct waiver_subject *s);

/*
 * Returns the first waiver of `l` in force at `now` that covers `s`, or
 * NULL. When none is in force but expired ones cover it, `*expired`
 * receives the one that expired last; otherwise NULL. The index of the
 * returned or expired waiver in `l->waivers` is `w - l->waivers`.
 */
const struct waiver *waiver_list_match(const struct waiver_list *l,
				       const struct waiver_subject *s,
				       time_t now,
				       const struct waiver **expired);

/* Fills the subject of result `res` of an assessment of target `t`. */
struct waiver_subject waiver_subject_of(const struct target *t,
					const struct result *res);

/*
 * Returns the status under which `res` enters a score. Unwaived results
 * keep their status. A mitigated waiver gives ST_PASS. An accepted waiver
 * gives the original status (fail or error) for the score and ST_WAIVED,
 * which no score counts, for the compliance score.
 */
enum status waiver_score_status(const struct result *res, bool compliance);

/*
 * Applies the waivers of `l` to `res`, a result of target `t` decided on
 * the UTC day of `now`. A failed or errored result that a waiver in force
 * covers becomes ST_WAIVED with `waiver` and `waived_status` set. When only
 * an expired waiver covers it, the result keeps its status and gets the
 * note "waiver expired on DATE (OWNER)". Counts both in the waiver uses
 * of `a` (see waiver_uses_init()). Returns 0 or SW_ENOMEM.
 */
int waiver_apply(struct assessment *a, const struct waiver_list *l,
		 const struct target *t, struct result *res, time_t now);

/*
 * Allocates one struct waiver_use in `a` per waiver of `l` (none when `l`
 * is NULL) and marks which are in force at `now`. Returns 0 or SW_ENOMEM.
 */
int waiver_uses_init(struct assessment *a, const struct waiver_list *l,
		     time_t now);

/*
 * Adds a note to each host assessment about every waiver of
 * `sel->waivers` whose host glob matches it and that applied to no result
 * of the whole assessment (stale waivers), or that matched only after its
 * expiry. Waivers of rules that `sel` leaves out get no note. Returns 0 or
 * SW_ENOMEM.
 */
int waiver_notes_add(struct assessment *a, const struct selection *sel);

/*
 * Whether fnmatch-style `pattern` matches all of `s`: "*" matches any run
 * of characters, "?" one character, "[...]" a set; "\" escapes the next
 * character. Matching is case-sensitive, as engine names are.
 */
bool waiver_glob_match(const char *pattern, const char *s);

#endif
