/*
 * JUnit XML, the test report format CI servers read (Jenkins, GitLab,
 * GitHub Actions test reporters). Each target is a test suite and each
 * (rule, object) pair a test case: a failed rule is a <failure>, a rule
 * that could not be decided an <error>, and manual, not applicable, not
 * selected and waived rules are <skipped> with the reason.
 */
#include <string.h>

#include "config.h"
#include "report/report.h"
#include "util/error.h"
#include "util/strutil.h"

/* Returns the length of the UTF-8 sequence at `p` when it is valid and
 * allowed in XML 1.0 (no surrogates, U+FFFE or U+FFFF), else 0. */
static size_t xml_utf8_length(const unsigned char *p)
{
	unsigned cp;
	size_t n;

	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 2;
		cp = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		n = 3;
		cp = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe ||
	    cp == 0xffff)
		return 0;
	return n;
}

/* Writes `s` as XML 1.0 character data or, with `attr`, an attribute
 * value. Characters XML cannot carry (most C0 controls, U+FFFE, U+FFFF,
 * invalid UTF-8) become the text "\xNN". */
static void xml_put(FILE *out, const char *s, bool attr)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	while (*p) {
		unsigned char c = *p;
		size_t n = c >= 0x80 ? xml_utf8_length(p) : 0;

		if (n) {
			fwrite(p, 1, n, out);
			p += n;
			continue;
		}
		if (c == '&')
			fputs("&amp;", out);
		else if (c == '<')
			fputs("&lt;", out);
		else if (c == '>')
			fputs("&gt;", out);
		else if (c == '"' && attr)
			fputs("&quot;", out);
		else if ((c == '\n' || c == '\r' || c == '\t') && attr)
			fprintf(out, "&#%u;", c);
		else if (c == '\n' || c == '\r' || c == '\t' ||
			 (c >= 0x20 && c < 0x7f))
			fputc(c, out);
		else
			fprintf(out, "\\x%02X", c);
		p++;
	}
}

/* Writes ` name="value"`. */
static void attr(FILE *out, const char *name, const char *value)
{
	fprintf(out, " %s=\"", name);
	xml_put(out, value, true);
	fputc('"', out);
}

struct counts {
	size_t tests, failures, errors, skipped;
};

/* Whether a result becomes a test case. Lint assesses files, so the
 * placeholders for kinds of objects a file cannot hold are left out. */
static bool listed(const struct result *res, const struct report_options *opts)
{
	if (opts && str_eq(opts->command, "lint"))
		return res->kind == OBJ_CONTAINER || res->kind == OBJ_IMAGE;
	return true;
}

static void count(const struct host_assessment *h,
		  const struct report_options *opts, struct counts *c)
{
	for (size_t i = 0; i < h->n_results; i++) {
		const struct result *res = &h->results[i];

		if (!listed(res, opts))
			continue;
		c->tests++;
		if (res->status == ST_FAIL)
			c->failures++;
		else if (res->status == ST_ERROR)
			c->errors++;
		else if (res->status != ST_PASS)
			c->skipped++;
	}
}

static void counts_attrs(FILE *out, const struct counts *c)
{
	fprintf(out,
		" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
		"skipped=\"%zu\" time=\"0\"",
		c->tests, c->failures, c->errors, c->skipped);
}

static const char *skip_reason(enum status s)
{
	switch (s) {
	case ST_MANUAL:
		return "manual";
	case ST_NOT_APPLICABLE:
		return "not applicable";
	case ST_WAIVED:
		return "waived";
	default:
		return "not selected";
	}
}

/* The body of a <failure> or <error>: what was seen and how to fix it. */
static void finding_body(FILE *out, const struct result *res)
{
	const struct rule *r = res->rule;
	char stride[3] = {
	    stride_letter(r->stride),
	    r->stride2 != STRIDE_NONE ? stride_letter(r->stride2) : '\0', '\0'};

	fputs("\n", out);
	xml_put(out, res->evidence, false);
	fprintf(out, "\nSeverity: %s; STRIDE: %s; costs %.2f points\n",
		severity_name(r->severity), stride, res->cost);
	if (res->loc.path) {
		fputs("Location: ", out);
		xml_put(out, res->loc.path, false);
		fprintf(out, ":%u\n", res->loc.line);
	}
	fputs("Fix: ", out);
	xml_put(out, r->remediation, false);
	fputs("\n", out);
}

static void testcase(FILE *out, const struct result *res)
{
	const struct rule *r = res->rule;
	struct buf name = BUF_INIT, cls = BUF_INIT;

	buf_printf(&name, "%s %s", r->id, r->title);
	buf_printf(&cls, "%s %s", res->kind_name, res->object_name);
	fputs("    <testcase", out);
	attr(out, "name", buf_str(&name));
	attr(out, "classname", buf_str(&cls));
	if (res->loc.path) {
		attr(out, "file", res->loc.path);
		if (res->loc.line)
			fprintf(out, " line=\"%u\"", res->loc.line);
	}
	fputs(" time=\"0\"", out);
	buf_clear(&name);
	buf_clear(&cls);
	if (res->status == ST_PASS) {
		fputs("/>\n", out);
		return;
	}
	fputs(">\n      ", out);
	if (res->status == ST_FAIL || res->status == ST_ERROR) {
		const char *tag = res->status == ST_FAIL ? "failure" : "error";

		fprintf(out, "<%s", tag);
		attr(out, "message", res->evidence);
		attr(out, "type", severity_name(r->severity));
		fputs(">", out);
		finding_body(out, res);
		fprintf(out, "      </%s>\n", tag);
	} else {
		struct buf why = BUF_INIT;

		buf_printf(&why, "%s: %s", skip_reason(res->status),
			   res->evidence);
		fputs("<skipped", out);
		attr(out, "message", buf_str(&why));
		fputs("/>\n", out);
		buf_clear(&why);
	}
	fputs("    </testcase>\n", out);
}

static void testsuite(FILE *out, const struct assessment *a,
		      const struct host_assessment *h,
		      const struct report_options *opts)
{
	const struct target *t = h->target;
	struct counts c = {0};
	bool capped;
	char grade = score_grade(&h->score, &capped);
	char value[32];

	count(h, opts, &c);
	fputs("  <testsuite", out);
	attr(out, "name", t->name);
	counts_attrs(out, &c);
	attr(out, "timestamp", a->generated_at);
	fputs(">\n    <properties>\n", out);
	snprintf(value, sizeof(value), "%.1f", score_value(&h->score));
	fputs("      <property name=\"score\"", out);
	attr(out, "value", value);
	fprintf(out, "/>\n      <property name=\"grade\" value=\"%c\"/>\n",
		grade);
	snprintf(value, sizeof(value), "%.1f", score_coverage(&h->score));
	fputs("      <property name=\"coverage\"", out);
	attr(out, "value", value);
	fputs("/>\n    </properties>\n", out);
	for (size_t i = 0; i < h->n_results; i++)
		if (listed(&h->results[i], opts))
			testcase(out, &h->results[i]);
	if (t->notes.n) {
		fputs("    <system-out>", out);
		for (size_t i = 0; i < t->notes.n; i++) {
			xml_put(out, t->notes.v[i], false);
			fputc('\n', out);
		}
		fputs("</system-out>\n", out);
	}
	fputs("  </testsuite>\n", out);
}

int report_junit(FILE *out, const struct assessment *a,
		 const struct report_options *opts)
{
	struct counts total = {0};
	struct buf name = BUF_INIT;

	for (size_t i = 0; i < a->n_hosts; i++)
		count(&a->hosts[i], opts, &total);
	buf_printf(&name, "stridewatch %s (%s %s)",
		   opts && opts->command ? opts->command : "scan",
		   BENCHMARK_NAME, BENCHMARK_VERSION);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites", out);
	attr(out, "name", buf_str(&name));
	counts_attrs(out, &total);
	fputs(">\n", out);
	buf_clear(&name);
	for (size_t i = 0; i < a->n_hosts; i++)
		testsuite(out, a, &a->hosts[i], opts);
	fputs("</testsuites>\n", out);
	return ferror(out) ? SW_EIO : 0;
}
