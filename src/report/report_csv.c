#include <string.h>

#include "assess/waiver.h"
#include "report/report.h"
#include "util/error.h"
#include "util/strutil.h"

/*
 * Writes one RFC 4180 field. A field that starts with =, +, - or @ (or a
 * tab or carriage return) is prefixed with a quote character so that a
 * spreadsheet does not run engine-supplied text as a formula.
 */
static void csv_field(FILE *out, const char *s, bool last)
{
	bool formula = s && strchr("=+-@\t\r", s[0]) && s[0];
	struct buf esc = BUF_INIT;
	const char *p;

	/* Control characters are shown as \xNN, so a file that is printed
	 * on a terminal cannot drive it. */
	escape_terminal(&esc, s, (size_t)-1);
	fputc('"', out);
	if (formula)
		fputc('\'', out);
	for (p = buf_str(&esc); *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	fputc('"', out);
	fputc(last ? '\n' : ',', out);
	buf_clear(&esc);
}

/* Writes the waiver columns and the note, which end the row. */
static void csv_waiver(FILE *out, const struct result *r)
{
	const struct waiver *w = r->status == ST_WAIVED ? r->waiver : NULL;

	csv_field(out, w ? waiver_kind_name(w->kind) : "", false);
	csv_field(out, w ? w->owner : "", false);
	csv_field(out, w ? w->reason : "", false);
	csv_field(out, w ? w->expires : "", false);
	csv_field(out, w && w->evidence ? w->evidence : "", false);
	csv_field(out, w ? status_name(r->waived_status) : "", false);
	csv_field(out, r->note ? r->note : "", true);
}

int report_csv(FILE *out, const struct assessment *a,
	       const struct report_options *opts)
{
	(void)opts;
	fputs("host,rule,title,stride,severity,status,object_kind,object_id,"
	      "object_name,path,line,evidence,cost,remediation,waiver_kind,"
	      "waiver_owner,waiver_reason,waiver_expires,waiver_evidence,"
	      "original_status,note\n",
	      out);
	for (size_t i = 0; i < a->n_hosts; i++) {
		const struct host_assessment *h = &a->hosts[i];

		for (size_t j = 0; j < h->n_results; j++) {
			const struct result *r = &h->results[j];
			char stride[4] = {stride_letter(r->rule->stride), '\0',
					  '\0', '\0'};
			char line[16], cost[32];

			if (r->rule->stride2 != STRIDE_NONE) {
				stride[1] = '/';
				stride[2] = stride_letter(r->rule->stride2);
			}
			snprintf(line, sizeof(line), "%u", r->loc.line);
			snprintf(cost, sizeof(cost), "%.2f", r->cost);
			csv_field(out, h->target->name, false);
			csv_field(out, r->rule->id, false);
			csv_field(out, r->rule->title, false);
			csv_field(out, stride, false);
			csv_field(out, severity_name(r->rule->severity), false);
			csv_field(out, status_name(r->status), false);
			csv_field(out, r->kind_name, false);
			csv_field(out, r->object_id, false);
			csv_field(out, r->object_name, false);
			csv_field(out, r->loc.path ? r->loc.path : "", false);
			csv_field(out, r->loc.line ? line : "", false);
			csv_field(out, r->evidence, false);
			csv_field(out, cost, false);
			csv_field(out, r->rule->remediation, false);
			csv_waiver(out, r);
		}
	}
	return ferror(out) ? SW_EIO : 0;
}
