#include "assess/waiver.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lint/source.h"
#include "lint/yaml.h"
#include "util/error.h"
#include "util/strutil.h"

/* A value shown in a message is cut after this many bytes. */
#define MESSAGE_VALUE_MAX 80
/* Docker's short ID length: the shortest ID prefix a waiver may name. */
#define ID_PREFIX_MIN 12

static const char *const kind_names[] = {
    [WAIVER_MITIGATED] = "mitigated",
    [WAIVER_ACCEPTED] = "accepted",
};

const char *waiver_kind_name(enum waiver_kind kind)
{
	return kind == WAIVER_ACCEPTED ? kind_names[WAIVER_ACCEPTED]
				       : kind_names[WAIVER_MITIGATED];
}

/* Rules decided once per target rather than once per object. */
static bool kind_is_host_level(enum object_kind k)
{
	return k == OBJ_HOST || k == OBJ_DAEMON || k == OBJ_SWARM ||
	       k == OBJ_FILE;
}

/* Dates */

static bool leap_year(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int64_t m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};

	return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

/*
 * Returns the days from 1970-01-01 to the proleptic Gregorian date y-m-d,
 * counting in 400-year eras of 146097 days that start on March 1, so the
 * leap day falls at the end of each year of the era.
 */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t waiver_day(time_t now)
{
	int64_t t = (int64_t)now;

	/* Floor division, so the second before 1970 is still day -1. */
	return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

bool waiver_expired(const struct waiver *w, time_t now)
{
	return waiver_day(now) > w->expires_day;
}

/* Matching */

bool waiver_glob_match(const char *pattern, const char *s)
{
	return pattern && s && fnmatch(pattern, s, 0) == 0;
}

static bool is_hex_id(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");

	return n >= ID_PREFIX_MIN && s[n] == '\0';
}

/* Whether `pattern` is an ID prefix of `id`; "sha256:" is optional. */
static bool id_prefix_match(const char *pattern, const char *id)
{
	if (!id)
		return false;
	if (str_starts_with(pattern, "sha256:"))
		pattern += strlen("sha256:");
	if (str_starts_with(id, "sha256:"))
		id += strlen("sha256:");
	return is_hex_id(pattern) && str_starts_with(id, pattern);
}

bool waiver_covers(const struct waiver *w, const struct waiver_subject *s)
{
	if (!s->rule_id || !str_eq(w->rule->id, s->rule_id))
		return false;
	if (w->host && !waiver_glob_match(w->host, s->host))
		return false;
	if (!w->object)
		return s->host_level;
	if (s->host_level)
		return false;
	return waiver_glob_match(w->object, s->object_name) ||
	       id_prefix_match(w->object, s->object_id);
}

const struct waiver *waiver_list_match(const struct waiver_list *l,
				       const struct waiver_subject *s,
				       time_t now,
				       const struct waiver **expired)
{
	const struct waiver *latest = NULL;

	*expired = NULL;
	for (size_t i = 0; i < l->n_waivers; i++) {
		const struct waiver *w = &l->waivers[i];

		if (!waiver_covers(w, s))
			continue;
		if (!waiver_expired(w, now))
			return w;
		if (!latest || w->expires_day > latest->expires_day)
			latest = w;
	}
	*expired = latest;
	return NULL;
}

struct waiver_subject waiver_subject_of(const struct target *t,
					const struct result *res)
{
	struct waiver_subject s = {
	    .rule_id = res->rule->id,
	    .host = t->name,
	    .host_level = kind_is_host_level(res->kind),
	    .object_id = res->object_id,
	    .object_name = res->object_name,
	};

	return s;
}

enum status waiver_score_status(const struct result *res, bool compliance)
{
	if (res->status != ST_WAIVED || !res->waiver)
		return res->status;
	if (res->waiver->kind == WAIVER_MITIGATED)
		return ST_PASS;
	return compliance ? ST_WAIVED : res->waived_status;
}

/* Applying */

int waiver_apply(struct assessment *a, const struct waiver_list *l,
		 const struct target *t, struct result *res, time_t now)
{
	struct waiver_subject s;
	const struct waiver *w, *expired;
	bool counted = a->n_waiver_uses == l->n_waivers;

	if (res->status != ST_FAIL && res->status != ST_ERROR)
		return 0;
	s = waiver_subject_of(t, res);
	w = waiver_list_match(l, &s, now, &expired);
	if (w) {
		res->waived_status = res->status;
		res->status = ST_WAIVED;
		res->waiver = w;
		if (counted)
			a->waiver_uses[w - l->waivers].applied++;
		return 0;
	}
	if (!expired)
		return 0;
	if (counted)
		a->waiver_uses[expired - l->waivers].expired++;
	res->note = arena_printf(&a->arena, "waiver expired on %s (%s)",
				 expired->expires, expired->owner);
	return res->note ? 0 : SW_ENOMEM;
}

int waiver_uses_init(struct assessment *a, const struct waiver_list *l,
		     time_t now)
{
	size_t n = l ? l->n_waivers : 0;

	a->n_waiver_uses = 0;
	if (!n)
		return 0;
	a->waiver_uses = arena_calloc(&a->arena, n, sizeof(*a->waiver_uses));
	if (!a->waiver_uses)
		return SW_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		a->waiver_uses[i].waiver = &l->waivers[i];
		a->waiver_uses[i].in_force =
		    !waiver_expired(&l->waivers[i], now);
	}
	a->n_waiver_uses = n;
	return 0;
}

/* Returns the note for waiver `i` of `l`: "" when it needs none, NULL when
 * out of memory. */
static const char *note_for(struct assessment *a, const struct waiver_list *l,
			    size_t i)
{
	const struct waiver *w = &l->waivers[i];
	const char *object = w->object ? w->object : "host";

	if (a->waiver_uses[i].applied)
		return "";
	if (a->waiver_uses[i].expired)
		return arena_printf(
		    &a->arena,
		    "waiver for rule %s on '%s' (%s:%u) expired on %s (%s) "
		    "and no longer applies; renew it with a new expiry or "
		    "fix the finding",
		    w->rule->id, object, l->path, w->loc.line, w->expires,
		    w->owner);
	return arena_printf(&a->arena,
			    "waiver for rule %s on '%s' (%s:%u, %s) applied "
			    "to no failed result; remove it if the finding "
			    "is fixed, or correct its rule, object or host",
			    w->rule->id, object, l->path, w->loc.line,
			    w->owner);
}

int waiver_notes_add(struct assessment *a, const struct selection *sel)
{
	const struct waiver_list *l = sel->waivers;
	const char **notes;
	size_t n_notes = 0;

	if (!l || a->n_waiver_uses != l->n_waivers || !l->n_waivers)
		return 0;
	notes = arena_calloc(&a->arena, l->n_waivers, sizeof(*notes));
	if (!notes)
		return SW_ENOMEM;
	for (size_t i = 0; i < l->n_waivers; i++) {
		if (!selection_matches(sel, l->waivers[i].rule))
			continue;
		notes[i] = note_for(a, l, i);
		if (!notes[i])
			return SW_ENOMEM;
		n_notes += *notes[i] != '\0';
	}
	for (size_t h = 0; h < a->n_hosts && n_notes; h++) {
		struct host_assessment *ha = &a->hosts[h];
		const char **v =
		    arena_calloc(&a->arena, ha->notes.n + n_notes, sizeof(*v));

		if (!v)
			return SW_ENOMEM;
		if (ha->notes.n)
			memcpy(v, ha->notes.v, ha->notes.n * sizeof(*v));
		ha->notes.v = v;
		for (size_t i = 0; i < l->n_waivers; i++) {
			const struct waiver *w = &l->waivers[i];

			if (!notes[i] || !*notes[i])
				continue;
			if (w->host &&
			    !waiver_glob_match(w->host, ha->target->name))
				continue;
			ha->notes.v[ha->notes.n++] = notes[i];
		}
	}
	return 0;
}

/* Parsing */

struct parser {
	struct waiver_list *l;
	struct buf *err;
	size_t index; /* 1-based number of the waiver being read */
};

static void put_value(struct buf *err, const char *value)
{
	buf_putc(err, '\'');
	escape_terminal(err, value, MESSAGE_VALUE_MAX);
	buf_putc(err, '\'');
}

static void put_where(struct parser *p, struct location loc)
{
	buf_printf(p->err, "%s:%u:%u: ", p->l->path, loc.line, loc.column);
	if (p->index)
		buf_printf(p->err, "waiver %zu: ", p->index);
}

/* Writes "PATH:L:C: waiver N: invalid KEY 'VALUE': WHY" and fails. */
static int invalid_value(struct parser *p, const struct ypair *kv,
			 const char *why, ...)
    __attribute__((format(printf, 3, 4)));

static int invalid_value(struct parser *p, const struct ypair *kv,
			 const char *why, ...)
{
	va_list ap;

	put_where(p, kv->value->loc);
	buf_printf(p->err, "invalid %s ", kv->key);
	put_value(p->err, kv->value->text);
	buf_puts(p->err, ": ");
	va_start(ap, why);
	buf_vprintf(p->err, why, ap);
	va_end(ap);
	return SW_EINVAL;
}

static int fail_at(struct parser *p, struct location loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail_at(struct parser *p, struct location loc, const char *fmt, ...)
{
	va_list ap;

	put_where(p, loc);
	va_start(ap, fmt);
	buf_vprintf(p->err, fmt, ap);
	va_end(ap);
	return SW_EINVAL;
}

/* Copies a scalar value; a missing, empty or non-scalar value fails. */
static int scalar(struct parser *p, const struct ypair *kv, const char **out)
{
	const struct ynode *v = kv->value;

	if (v->kind == YNODE_MAPPING || v->kind == YNODE_SEQUENCE)
		return fail_at(p, v->loc,
			       "%s must be a string, not a %s; write it on "
			       "one line after '%s:'",
			       kv->key, ynode_kind_name(v), kv->key);
	if (v->kind == YNODE_NULL || !*v->text)
		return fail_at(p, v->loc,
			       "%s has no value; write it after '%s:' or "
			       "remove the key",
			       kv->key, kv->key);
	if (strlen(v->text) > WAIVER_VALUE_MAX) {
		put_where(p, v->loc);
		buf_printf(p->err,
			   "%s is longer than %d bytes, the maximum; "
			   "shorten it",
			   kv->key, WAIVER_VALUE_MAX);
		return SW_ELIMIT;
	}
	*out = v->text;
	return 0;
}

static int set_rule(struct parser *p, struct waiver *w, const struct ypair *kv)
{
	int rc = scalar(p, kv, &w->rule_id);

	if (rc)
		return rc;
	w->rule = rule_find(w->rule_id);
	if (!w->rule)
		return invalid_value(p, kv,
				     "no rule of the catalog has this ID; "
				     "write a recommendation ID such as "
				     "'5.5' (stridewatch rules lists them)");
	return 0;
}

static int set_object(struct parser *p, struct waiver *w,
		      const struct ypair *kv)
{
	int rc = scalar(p, kv, &w->object);

	if (!rc && str_eq(w->object, "host"))
		w->object = NULL;
	return rc;
}

static int set_glob(struct parser *p, const struct ypair *kv, const char **out)
{
	return scalar(p, kv, out);
}

static int set_host(struct parser *p, struct waiver *w, const struct ypair *kv)
{
	return set_glob(p, kv, &w->host);
}

static int set_kind(struct parser *p, struct waiver *w, const struct ypair *kv)
{
	const char *s;
	int rc = scalar(p, kv, &s);

	if (rc)
		return rc;
	if (str_eq(s, "mitigated"))
		w->kind = WAIVER_MITIGATED;
	else if (str_eq(s, "accepted"))
		w->kind = WAIVER_ACCEPTED;
	else
		return invalid_value(p, kv,
				     "write 'mitigated' (a compensating "
				     "control, given in evidence) or "
				     "'accepted' (an accepted risk)");
	return 0;
}

static int set_owner(struct parser *p, struct waiver *w, const struct ypair *kv)
{
	return scalar(p, kv, &w->owner);
}

static int set_reason(struct parser *p, struct waiver *w,
		      const struct ypair *kv)
{
	return scalar(p, kv, &w->reason);
}

static int set_evidence(struct parser *p, struct waiver *w,
			const struct ypair *kv)
{
	return scalar(p, kv, &w->evidence);
}

/* Parses a strict YYYY-MM-DD date into days since 1970-01-01. */
static int parse_date(const char *s, int64_t *day, struct buf *why)
{
	int64_t y, m, d;
	char part[5];

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    strspn(s, "0123456789-") != 10) {
		buf_puts(why, "write the date as YYYY-MM-DD, e.g. 2027-03-31");
		return SW_EINVAL;
	}
	memcpy(part, s, 4);
	part[4] = '\0';
	if (parse_int64(part, 1970, 9999, &y) != 0) {
		buf_puts(why, "the year must be between 1970 and 9999");
		return SW_EINVAL;
	}
	memcpy(part, s + 5, 2);
	part[2] = '\0';
	if (parse_int64(part, 1, 12, &m) != 0) {
		buf_puts(why, "the month must be between 01 and 12");
		return SW_EINVAL;
	}
	memcpy(part, s + 8, 2);
	if (parse_int64(part, 1, days_in_month(y, m), &d) != 0) {
		buf_printf(why, "that month has %d days", days_in_month(y, m));
		return SW_EINVAL;
	}
	*day = days_from_civil(y, m, d);
	return 0;
}

static int set_expires(struct parser *p, struct waiver *w,
		       const struct ypair *kv)
{
	struct buf why = BUF_INIT;
	int rc = scalar(p, kv, &w->expires);

	if (rc)
		return rc;
	buf_init(&why, 256);
	rc = parse_date(w->expires, &w->expires_day, &why);
	if (rc)
		rc = invalid_value(p, kv,
				   "%s; give the last day the waiver is in "
				   "force",
				   buf_str(&why));
	buf_clear(&why);
	return rc;
}

static const struct waiver_key {
	const char *name;
	int (*set)(struct parser *p, struct waiver *w, const struct ypair *kv);
} waiver_keys[] = {
    {"rule", set_rule},	      {"object", set_object},
    {"host", set_host},	      {"kind", set_kind},
    {"owner", set_owner},     {"reason", set_reason},
    {"expires", set_expires}, {"evidence", set_evidence},
};

#define N_WAIVER_KEYS (sizeof(waiver_keys) / sizeof(waiver_keys[0]))

/* Levenshtein distance, capped: enough to suggest a misspelt key. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[16], prev, tmp;

	if (la >= sizeof(row) / sizeof(row[0]) || lb >= 16)
		return SIZE_MAX;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t best = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

static const char *suggest_key(const char *key)
{
	const char *best = NULL;
	size_t best_distance = 3;

	for (size_t i = 0; i < N_WAIVER_KEYS; i++) {
		size_t dist = edit_distance(key, waiver_keys[i].name);

		if (str_starts_with(waiver_keys[i].name, key) && *key)
			dist = 1;
		if (dist < best_distance) {
			best_distance = dist;
			best = waiver_keys[i].name;
		}
	}
	return best;
}

static int unknown_key(struct parser *p, const struct ypair *kv)
{
	const char *guess = suggest_key(kv->key);

	put_where(p, kv->loc);
	buf_puts(p->err, "unknown key ");
	put_value(p->err, kv->key);
	if (guess)
		buf_printf(p->err, "; did you mean '%s'?", guess);
	buf_puts(p->err,
		 " A waiver's keys are rule, object, host, kind, owner, "
		 "reason, expires and evidence");
	return SW_EINVAL;
}

static int require(struct parser *p, const struct ynode *entry,
		   const char *value, const char *key, const char *fix)
{
	if (value)
		return 0;
	return fail_at(p, entry->loc, "missing key '%s': %s", key, fix);
}

/* Checks the keys that depend on each other once all are read. */
static int waiver_check(struct parser *p, const struct ynode *entry,
			struct waiver *w)
{
	int rc = require(p, entry, w->rule_id, "rule",
			 "name the recommendation ID, e.g. 'rule: \"5.5\"'");

	if (!rc)
		rc = require(p, entry, w->reason, "reason",
			     "say why the exception is acceptable");
	if (!rc)
		rc = require(p, entry, w->owner, "owner",
			     "name who answers for the exception");
	if (!rc)
		rc = require(p, entry, w->expires, "expires",
			     "give the last day in force as YYYY-MM-DD; "
			     "a waiver without expiry is not accepted");
	if (!rc && !ynode_get(entry, "kind"))
		rc = require(p, entry, NULL, "kind",
			     "write 'kind: mitigated' or 'kind: accepted'");
	if (!rc && w->kind == WAIVER_MITIGATED)
		rc = require(p, entry, w->evidence, "evidence",
			     "a mitigated waiver names its compensating "
			     "control; or write 'kind: accepted'");
	if (rc)
		return rc;
	if (w->object && kind_is_host_level(w->rule->applies_to))
		return fail_at(p, ynode_pair(entry, "object")->value->loc,
			       "rule %s applies to the %s, so 'object' must "
			       "be 'host' or left out; choose targets with "
			       "'host:'",
			       w->rule->id,
			       object_kind_name(w->rule->applies_to));
	if (!w->object && !kind_is_host_level(w->rule->applies_to))
		return fail_at(p,
			       ynode_pair(entry, "object")
				   ? ynode_pair(entry, "object")->value->loc
				   : entry->loc,
			       "rule %s applies to each %s, so 'object' must "
			       "name it: a glob on its name or an ID prefix "
			       "of at least %d hex digits ('*' for all)",
			       w->rule->id,
			       object_kind_name(w->rule->applies_to),
			       ID_PREFIX_MIN);
	return 0;
}

static int waiver_read(struct parser *p, const struct ynode *entry,
		       struct waiver *w)
{
	if (entry->kind != YNODE_MAPPING)
		return fail_at(p, entry->loc,
			       "a waiver must be a mapping of keys, not a "
			       "%s; start each waiver with '- rule: ID'",
			       ynode_kind_name(entry));
	w->loc = entry->loc;
	w->kind = WAIVER_MITIGATED;
	for (size_t i = 0; i < entry->n_pairs; i++) {
		const struct ypair *kv = &entry->pairs[i];
		const struct waiver_key *k = NULL;
		int rc;

		for (size_t j = 0; j < N_WAIVER_KEYS && !k; j++)
			if (str_eq(kv->key, waiver_keys[j].name))
				k = &waiver_keys[j];
		if (!k)
			return unknown_key(p, kv);
		rc = k->set(p, w, kv);
		if (rc)
			return rc;
	}
	return waiver_check(p, entry, w);
}

static int document_read(struct parser *p, const struct ynode *root)
{
	const struct ynode *list;
	struct location start = {.path = p->l->path, .line = 1, .column = 1};

	if (root->kind != YNODE_MAPPING)
		return fail_at(p, root->kind == YNODE_NULL ? start : root->loc,
			       "a waivers file is a mapping with the key "
			       "'waivers:' followed by a list of waivers, "
			       "not a %s",
			       ynode_kind_name(root));
	/* Keys starting with "x-" hold anchors for the waivers to merge, as
	 * Compose's extension fields do. */
	for (size_t i = 0; i < root->n_pairs; i++)
		if (!str_eq(root->pairs[i].key, "waivers") &&
		    !str_starts_with(root->pairs[i].key, "x-"))
			return fail_at(p, root->pairs[i].loc,
				       "unknown key '%s' at the top level; "
				       "a waivers file has 'waivers:' and "
				       "keys starting with 'x-' for anchors",
				       root->pairs[i].key);
	list = ynode_get(root, "waivers");
	if (!list)
		return fail_at(p, root->loc, "missing key 'waivers'");
	if (list->kind == YNODE_NULL)
		return 0;
	if (list->kind != YNODE_SEQUENCE)
		return fail_at(p, list->loc,
			       "'waivers' must be a list, not a %s; start "
			       "each waiver with '- rule: ID'",
			       ynode_kind_name(list));
	if (list->n_items > WAIVERS_MAX) {
		fail_at(p, list->loc,
			"the file has %zu waivers, more than the maximum of "
			"%d; split it or remove stale waivers",
			list->n_items, WAIVERS_MAX);
		return SW_ELIMIT;
	}
	p->l->waivers = arena_calloc(&p->l->arena, list->n_items + 1,
				     sizeof(*p->l->waivers));
	if (!p->l->waivers)
		return SW_ENOMEM;
	for (size_t i = 0; i < list->n_items; i++) {
		int rc;

		p->index = i + 1;
		rc = waiver_read(p, list->items[i], &p->l->waivers[i]);
		if (rc)
			return rc;
		p->l->n_waivers++;
	}
	return 0;
}

int waiver_list_parse(const char *path, const char *text, size_t len,
		      struct waiver_list **out, struct buf *err)
{
	struct waiver_list *l = calloc(1, sizeof(*l));
	struct parser p = {.l = l, .err = err};
	struct ynode *root = NULL;
	size_t bad;
	int rc;

	if (!l)
		return SW_ENOMEM;
	l->path = arena_strdup(&l->arena, path);
	if (!l->path) {
		rc = SW_ENOMEM;
		goto out;
	}
	if (len > WAIVER_FILE_MAX) {
		buf_printf(err,
			   "%s: the file is larger than %zu KiB, the "
			   "maximum for a waivers file",
			   path, WAIVER_FILE_MAX >> 10);
		rc = SW_ELIMIT;
		goto out;
	}
	bad = utf8_invalid_offset(text, len);
	if (bad < len) {
		struct location loc = source_location(path, text, bad);

		rc = fail_at(&p, loc, "invalid UTF-8; save the file as UTF-8");
		goto out;
	}
	rc = yaml_parse(&l->arena, l->path, text, len, &root, err);
	if (!rc)
		rc = document_read(&p, root);
out:
	if (rc) {
		waiver_list_free(l);
		return rc;
	}
	*out = l;
	return 0;
}

/* Reads at most WAIVER_FILE_MAX bytes of the file into `out`. */
static int file_read(const char *path, struct buf *out, struct buf *err)
{
	char chunk[8192];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	int rc = 0;

	if (fd < 0) {
		buf_printf(err, "%s: cannot open the waivers file: %s", path,
			   strerror(errno));
		return SW_EIO;
	}
	buf_init(out, WAIVER_FILE_MAX);
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n < 0) {
				buf_printf(err, "%s: read failed: %s", path,
					   strerror(errno));
				rc = SW_EIO;
			}
			break;
		}
		rc = buf_append(out, chunk, (size_t)n);
		if (rc == SW_ELIMIT)
			buf_printf(err,
				   "%s: the file is larger than %zu KiB, the "
				   "maximum for a waivers file",
				   path, WAIVER_FILE_MAX >> 10);
		if (rc)
			break;
	}
	close(fd);
	return rc;
}

int waiver_list_load(const char *path, struct waiver_list **out,
		     struct buf *err)
{
	struct buf text = BUF_INIT;
	int rc = file_read(path, &text, err);

	if (!rc && text.len && memchr(text.data, '\0', text.len)) {
		buf_printf(err,
			   "%s: the file contains a NUL byte; a waivers file "
			   "is YAML text",
			   path);
		rc = SW_EINVAL;
	}
	if (!rc)
		rc =
		    waiver_list_parse(path, buf_str(&text), text.len, out, err);
	buf_clear(&text);
	return rc;
}

void waiver_list_free(struct waiver_list *l)
{
	if (!l)
		return;
	arena_clear(&l->arena);
	free(l);
}
