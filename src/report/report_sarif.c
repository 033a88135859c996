/*
 * SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), the
 * format code-scanning services import. One run lists the rules that
 * were evaluated and a result for each failed (rule, object) pair, with
 * the file position for compose services and Dockerfiles and the object's
 * name as a logical location for engine objects.
 */
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assess/waiver.h"
#include "config.h"
#include "lint/source.h"
#include "report/report.h"
#include "util/error.h"
#include "util/strutil.h"

#define SARIF_SCHEMA                                                           \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"  \
	"sarif-schema-2.1.0.json"
/* The base that relative artifact URIs resolve against. */
#define SRCROOT "%SRCROOT%"

/* A JSON string of `s`, invalid UTF-8 replaced so jansson accepts it. */
static json_t *jstr(const char *s)
{
	struct arena a = ARENA_INIT;
	json_t *j;

	if (!s)
		s = "";
	if (utf8_invalid_offset(s, strlen(s)) == strlen(s))
		return json_string(s);
	j = json_string(utf8_sanitize(&a, s));
	arena_clear(&a);
	return j;
}

static json_t *message(const char *text)
{
	return json_pack("{s:o}", "text", jstr(text));
}

/* SARIF levels: critical and high findings are errors. */
static const char *severity_level(enum severity s)
{
	static const char *const levels[] = {"note", "warning", "error",
					     "error"};

	return levels[s];
}

/* GitHub code scanning ranks alerts by this CVSS-like number. */
static const char *security_severity(enum severity s)
{
	static const char *const scores[] = {"2.5", "5.0", "7.5", "9.5"};

	return scores[s];
}

static json_t *stride_tags(const struct rule *r)
{
	json_t *tags = json_pack("[s, s, s]", "security", "CIS Docker 1.6.0",
				 stride_name(r->stride));

	if (r->stride2 != STRIDE_NONE)
		json_array_append_new(tags,
				      json_string(stride_name(r->stride2)));
	return tags;
}

static json_t *stride_letters(const struct rule *r)
{
	char first[2] = {stride_letter(r->stride), '\0'};
	char second[2] = {stride_letter(r->stride2), '\0'};
	json_t *arr = json_pack("[s]", first);

	if (r->stride2 != STRIDE_NONE)
		json_array_append_new(arr, json_string(second));
	return arr;
}

static json_t *rule_help(const struct rule *r)
{
	struct buf text = BUF_INIT, md = BUF_INIT;
	json_t *help;

	buf_printf(&text, "%s\n\nFix: %s\n\nSTRIDE: %s%s%s. %s", r->title,
		   r->remediation, stride_name(r->stride),
		   r->stride2 != STRIDE_NONE ? ", then " : "",
		   r->stride2 != STRIDE_NONE ? stride_name(r->stride2) : "",
		   r->rationale);
	buf_printf(&md,
		   "**%s** (CIS Docker Benchmark %s, recommendation %s)\n\n"
		   "**Fix:** %s\n\n**STRIDE:** %s%s%s: %s\n\n"
		   "**Checks:** %s",
		   r->title, BENCHMARK_VERSION, r->id, r->remediation,
		   stride_name(r->stride),
		   r->stride2 != STRIDE_NONE ? ", then " : "",
		   r->stride2 != STRIDE_NONE ? stride_name(r->stride2) : "",
		   r->rationale, r->checks);
	help = json_pack("{s:o, s:o}", "text", jstr(buf_str(&text)), "markdown",
			 jstr(buf_str(&md)));
	buf_clear(&text);
	buf_clear(&md);
	return help;
}

static json_t *rule_json(const struct rule *r)
{
	json_t *props = json_pack(
	    "{s:o, s:s, s:s, s:o, s:s, s:i, s:b, s:s}", "tags", stride_tags(r),
	    "precision", r->automated ? "high" : "medium", "security-severity",
	    security_severity(r->severity), "stride", stride_letters(r),
	    "severity", severity_name(r->severity), "cis_level", r->level,
	    "automated", r->automated, "applies_to",
	    object_kind_name(r->applies_to));

	return json_pack(
	    "{s:s, s:s, s:o, s:o, s:o, s:{s:s}, s:o}", "id", r->id, "name",
	    r->title, "shortDescription", message(r->title), "fullDescription",
	    message(r->rationale), "help", rule_help(r), "defaultConfiguration",
	    "level", severity_level(r->severity), "properties", props);
}

/* Waived findings are kept, marked suppressed, so code scanning shows
 * them as dismissed with the waiver's reason instead of dropping them. */
static bool reported(const struct result *res)
{
	return res->status == ST_FAIL || res->status == ST_ERROR ||
	       res->status == ST_WAIVED;
}

static json_t *suppressions_json(const struct result *res)
{
	const struct waiver *w = res->waiver;
	struct buf why = BUF_INIT;
	json_t *arr;

	buf_printf(&why, "%s waiver by %s until %s: %s",
		   waiver_kind_name(w->kind), w->owner, w->expires, w->reason);
	arr = json_pack("[{s:s, s:s, s:s}]", "kind", "external", "status",
			"accepted", "justification", buf_str(&why));
	buf_clear(&why);
	return arr;
}

/* Percent-encodes a path for a URI reference (RFC 3986, "/" kept). */
static void uri_path(struct buf *out, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			buf_putc(out, (char)*p);
		else
			buf_printf(out, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
}

static json_t *artifact_location(const char *path)
{
	struct buf uri = BUF_INIT;
	json_t *loc;

	while (str_starts_with(path, "./"))
		path += 2;
	if (path[0] == '/') {
		buf_puts(&uri, "file://");
		uri_path(&uri, path);
		loc = json_pack("{s:o}", "uri", jstr(buf_str(&uri)));
	} else {
		uri_path(&uri, path);
		loc = json_pack("{s:o, s:s}", "uri", jstr(buf_str(&uri)),
				"uriBaseId", SRCROOT);
	}
	buf_clear(&uri);
	return loc;
}

static json_t *location_json(const struct host_assessment *h,
			     const struct result *res)
{
	/* A Dockerfile's object name is its path, so name the stage. */
	const char *name = str_eq(res->kind_name, "dockerfile")
			       ? res->object_id
			       : res->object_name;
	struct buf fqn = BUF_INIT;
	json_t *logical, *loc;

	buf_printf(&fqn, "%s/%s", h->target->name, name);
	logical = json_pack("{s:o, s:o, s:s}", "name", jstr(name),
			    "fullyQualifiedName", jstr(buf_str(&fqn)), "kind",
			    "resource");
	buf_clear(&fqn);
	loc = json_pack("{s:[o]}", "logicalLocations", logical);
	if (loc && res->loc.path) {
		json_t *phys = json_pack("{s:o}", "artifactLocation",
					 artifact_location(res->loc.path));

		if (phys && res->loc.line) {
			json_t *region =
			    json_pack("{s:i}", "startLine", (int)res->loc.line);

			if (res->loc.column)
				json_object_set_new(
				    region, "startColumn",
				    json_integer(res->loc.column));
			json_object_set_new(phys, "region", region);
		}
		json_object_set_new(loc, "physicalLocation", phys);
	}
	return loc;
}

static json_t *result_json(const struct host_assessment *h,
			   const struct result *res, size_t rule_index)
{
	const struct rule *r = res->rule;
	struct buf text = BUF_INIT, fp = BUF_INIT;
	json_t *j;

	if (res->status == ST_ERROR)
		buf_printf(&text,
			   "%s: could not be decided, so it counts as "
			   "failed: %s (%s %s)",
			   r->title, res->evidence, res->kind_name,
			   res->object_name);
	else
		buf_printf(&text, "%s: %s (%s %s)", r->title, res->evidence,
			   res->kind_name, res->object_name);
	buf_printf(&fp, "%s|%s|%s|%s", r->id, h->target->name, res->kind_name,
		   res->object_id);
	j = json_pack(
	    "{s:s, s:I, s:s, s:s, s:o, s:[o], s:{s:o}, s:{s:s, s:{s:s, "
	    "s:o, s:o}, s:s, s:o, s:f}}",
	    "ruleId", r->id, "ruleIndex", (json_int_t)rule_index, "level",
	    severity_level(r->severity), "kind", "fail", "message",
	    message(buf_str(&text)), "locations", location_json(h, res),
	    "partialFingerprints", "stridewatch/v1", jstr(buf_str(&fp)),
	    "properties", "status", status_name(res->status), "object", "kind",
	    res->kind_name, "id", jstr(res->object_id), "name",
	    jstr(res->object_name), "severity", severity_name(r->severity),
	    "target", jstr(h->target->name), "cost",
	    round(res->cost * 100) / 100);
	if (j && res->status == ST_WAIVED && res->waiver)
		json_object_set_new(j, "suppressions", suppressions_json(res));
	buf_clear(&text);
	buf_clear(&fp);
	return j;
}

/*
 * Lists the rules that ran on at least one object, in benchmark order,
 * and stores each one's position in the list in `index_of` (by catalog
 * order; SIZE_MAX for rules left out).
 */
static json_t *rules_json(const struct assessment *a, size_t *index_of)
{
	size_t count;
	const struct rule *all = rules_all(&count);
	json_t *rules = json_array();
	size_t n = 0;

	for (size_t i = 0; i < count; i++) {
		bool ran = false;

		for (size_t h = 0; h < a->n_hosts && !ran; h++)
			ran = i < a->hosts[h].n_rollup &&
			      a->hosts[h].rollup[i].status != ST_SKIPPED;
		index_of[i] = SIZE_MAX;
		if (!ran)
			continue;
		index_of[i] = n++;
		json_array_append_new(rules, rule_json(&all[i]));
	}
	return rules;
}

static json_t *notifications(const struct assessment *a)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < a->n_hosts; i++) {
		const struct target *t = a->hosts[i].target;

		for (size_t j = 0; j < t->notes.n; j++)
			json_array_append_new(arr,
					      json_pack("{s:o, s:s}", "message",
							message(t->notes.v[j]),
							"level", "warning"));
	}
	return arr;
}

static json_t *srcroot(void)
{
	char cwd[PATH_MAX];
	struct buf uri = BUF_INIT;
	json_t *base;

	if (!getcwd(cwd, sizeof(cwd)))
		return json_object();
	buf_puts(&uri, "file://");
	uri_path(&uri, cwd);
	if (!str_ends_with(cwd, "/"))
		buf_putc(&uri, '/');
	base = json_pack("{s:{s:o}}", SRCROOT, "uri", jstr(buf_str(&uri)));
	buf_clear(&uri);
	return base;
}

static json_t *run_json(const struct assessment *a,
			const struct report_options *opts)
{
	size_t count;
	size_t *index_of;
	json_t *results, *run;

	rules_all(&count);
	index_of = calloc(count + 1, sizeof(*index_of));
	if (!index_of)
		return NULL;
	results = json_array();
	run =
	    json_pack("{s:{s:{s:s, s:s, s:s, s:o}}, s:o, s:[{s:b, s:o}], s:s}",
		      "tool", "driver", "name", "stridewatch", "version",
		      STRIDEWATCH_VERSION, "semanticVersion",
		      STRIDEWATCH_VERSION, "rules", rules_json(a, index_of),
		      "originalUriBaseIds", srcroot(), "invocations",
		      "executionSuccessful", true, "toolExecutionNotifications",
		      notifications(a), "columnKind", "unicodeCodePoints");
	for (size_t i = 0; run && i < a->n_hosts; i++) {
		const struct host_assessment *h = &a->hosts[i];

		for (size_t j = 0; j < h->n_results; j++) {
			const struct result *res = &h->results[j];

			if (!reported(res) ||
			    index_of[res->rule->order] == SIZE_MAX)
				continue;
			json_array_append_new(
			    results,
			    result_json(h, res, index_of[res->rule->order]));
		}
	}
	free(index_of);
	if (!run) {
		json_decref(results);
		return NULL;
	}
	json_object_set_new(run, "results", results);
	json_object_set_new(
	    run, "properties",
	    json_pack("{s:s, s:{s:s, s:s}, s:i, s:s?}", "command",
		      opts && opts->command ? opts->command : "scan",
		      "benchmark", "name", BENCHMARK_NAME, "version",
		      BENCHMARK_VERSION, "scoring_model", SCORING_MODEL_VERSION,
		      "generated_at", a->generated_at));
	return run;
}

int report_sarif(FILE *out, const struct assessment *a,
		 const struct report_options *opts)
{
	json_t *run = run_json(a, opts);
	json_t *doc;
	int rc;

	if (!run)
		return SW_ENOMEM;
	doc = json_pack("{s:s, s:s, s:[o]}", "$schema", SARIF_SCHEMA, "version",
			"2.1.0", "runs", run);
	if (!doc)
		return SW_ENOMEM;
	rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
	fputc('\n', out);
	json_decref(doc);
	return rc ? SW_EIO : 0;
}
