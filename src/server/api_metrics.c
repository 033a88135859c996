/*
 * /metrics in the Prometheus text exposition format 0.0.4. Label values
 * are escaped as the format requires (backslash, double quote, newline),
 * because the label values of targets come from the user.
 */
#include <stdarg.h>
#include <string.h>

#include "server/api.h"
#include "util/error.h"

static int label_value(struct buf *out, const char *s)
{
	int rc = 0;

	for (; *s && !rc; s++) {
		if (*s == '\\')
			rc = buf_puts(out, "\\\\");
		else if (*s == '"')
			rc = buf_puts(out, "\\\"");
		else if (*s == '\n')
			rc = buf_puts(out, "\\n");
		else
			rc = buf_putc(out, *s);
	}
	return rc;
}

static int family(struct buf *out, const char *name, const char *type,
		  const char *help)
{
	return buf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name,
			  type);
}

/* Writes `name{host="H"[,extra]} value`. */
static int __attribute__((format(printf, 5, 6)))
sample(struct buf *out, const char *name, const char *host, double value,
       const char *extra_fmt, ...)
{
	int rc = buf_printf(out, "%s{host=\"", name);
	va_list ap;

	if (!rc)
		rc = label_value(out, host);
	if (!rc)
		rc = buf_putc(out, '"');
	if (!rc && extra_fmt) {
		va_start(ap, extra_fmt);
		rc = buf_vprintf(out, extra_fmt, ap);
		va_end(ap);
	}
	if (!rc)
		rc = buf_printf(out, "} %.17g\n", value);
	return rc;
}

static int scores_write(struct watch_state *s, struct buf *out)
{
	int rc = family(out, "stridewatch_score", "gauge",
			"Host score from 0 to 100 (CIS Docker Benchmark 1.6.0, "
			"scoring model 1).");

	for (size_t i = 0; i < s->n_hosts && !rc; i++)
		if (s->hosts[i].latest)
			rc = sample(
			    out, "stridewatch_score", s->hosts[i].name,
			    s->hosts[i].latest->record->hosts[0].score.value,
			    NULL);
	if (!rc)
		rc = family(out, "stridewatch_stride_score", "gauge",
			    "Host score of the rules filed under one STRIDE "
			    "category, from 0 to 100.");
	for (size_t i = 0; i < s->n_hosts && !rc; i++) {
		const struct score_record *sc;

		if (!s->hosts[i].latest)
			continue;
		sc = &s->hosts[i].latest->record->hosts[0].score;
		for (int c = 0; c < STRIDE_COUNT && !rc; c++)
			if (sc->stride_counted[c])
				rc = sample(out, "stridewatch_stride_score",
					    s->hosts[i].name, sc->stride[c],
					    ",category=\"%c\"",
					    stride_letter((enum stride)c));
	}
	return rc;
}

static int findings_write(struct watch_state *s, struct buf *out)
{
	int rc = family(out, "stridewatch_findings", "gauge",
			"Failing results (fail or error) of the latest "
			"assessment, by severity.");

	for (size_t i = 0; i < s->n_hosts && !rc; i++) {
		size_t counts[4] = {0};
		const struct host_record *h;

		if (!s->hosts[i].latest)
			continue;
		h = &s->hosts[i].latest->record->hosts[0];
		for (size_t j = 0; j < h->n_findings; j++)
			if (status_is_failing(h->findings[j].status))
				counts[h->findings[j].severity]++;
		for (int sev = 0; sev < 4 && !rc; sev++)
			rc = sample(out, "stridewatch_findings",
				    s->hosts[i].name, (double)counts[sev],
				    ",severity=\"%s\"",
				    severity_name((enum severity)sev));
	}
	if (!rc)
		rc = family(out, "stridewatch_open_alerts", "gauge",
			    "Alerts raised and not yet resolved.");
	for (size_t i = 0; i < s->n_hosts && !rc; i++)
		rc = sample(out, "stridewatch_open_alerts", s->hosts[i].name,
			    (double)s->hosts[i].open_alerts, NULL);
	return rc;
}

static int durations_write(struct watch_state *s, struct buf *out)
{
	int rc =
	    family(out, "stridewatch_assessment_duration_seconds", "summary",
		   "Time to collect or re-inspect, evaluate and store "
		   "one assessment.");

	for (size_t i = 0; i < s->n_hosts && !rc; i++) {
		rc = sample(out, "stridewatch_assessment_duration_seconds_sum",
			    s->hosts[i].name, s->hosts[i].duration_total_s,
			    NULL);
		if (!rc)
			rc = sample(out,
				    "stridewatch_assessment_duration_seconds_"
				    "count",
				    s->hosts[i].name,
				    (double)s->hosts[i].assessments, NULL);
	}
	if (!rc)
		rc = family(out, "stridewatch_collection_failures_total",
			    "counter",
			    "Collections that failed, engine unreachable "
			    "included.");
	for (size_t i = 0; i < s->n_hosts && !rc; i++)
		rc = sample(out, "stridewatch_collection_failures_total",
			    s->hosts[i].name, (double)s->hosts[i].failures,
			    NULL);
	return rc;
}

static int engine_write(struct watch_state *s, struct buf *out)
{
	int rc = family(out, "stridewatch_engine_reachable", "gauge",
			"1 when the last collection from the engine "
			"succeeded, else 0.");

	for (size_t i = 0; i < s->n_hosts && !rc; i++)
		rc = sample(out, "stridewatch_engine_reachable",
			    s->hosts[i].name, s->hosts[i].reachable ? 1 : 0,
			    NULL);
	if (!rc)
		rc = family(out, "stridewatch_event_stream_connected", "gauge",
			    "1 while the engine's event stream is connected.");
	for (size_t i = 0; i < s->n_hosts && !rc; i++)
		rc = sample(out, "stridewatch_event_stream_connected",
			    s->hosts[i].name,
			    s->hosts[i].stream_connected ? 1 : 0, NULL);
	if (!rc)
		rc = family(out, "stridewatch_events_total", "counter",
			    "Engine events received.");
	for (size_t i = 0; i < s->n_hosts && !rc; i++)
		rc = sample(out, "stridewatch_events_total", s->hosts[i].name,
			    (double)s->hosts[i].events, NULL);
	if (!rc)
		rc = family(out, "stridewatch_event_stream_reconnects_total",
			    "counter", "Reconnections of the event stream.");
	for (size_t i = 0; i < s->n_hosts && !rc; i++)
		rc = sample(out, "stridewatch_event_stream_reconnects_total",
			    s->hosts[i].name, (double)s->hosts[i].reconnects,
			    NULL);
	return rc;
}

/* stridewatch_target_info{host, criticality, label_NAME...} 1 */
static int info_write(struct watch_state *s, struct buf *out)
{
	int rc = family(out, "stridewatch_target_info", "gauge",
			"The configured labels and criticality of each "
			"target; always 1.");

	for (size_t i = 0; i < s->n_hosts && !rc; i++) {
		const struct host_status *h = &s->hosts[i];

		rc = buf_puts(out, "stridewatch_target_info{host=\"");
		if (!rc)
			rc = label_value(out, h->name);
		if (!rc)
			rc = buf_printf(out, "\",criticality=\"%d\"",
					h->criticality);
		for (size_t j = 0; j < h->n_labels && !rc; j++) {
			rc = buf_printf(out, ",label_%s=\"", h->labels[j].name);
			if (!rc)
				rc = label_value(out, h->labels[j].value);
			if (!rc)
				rc = buf_putc(out, '"');
		}
		if (!rc)
			rc = buf_puts(out, "} 1\n");
	}
	return rc;
}

int api_metrics(struct watch_state *s, struct buf *out)
{
	int rc;

	pthread_mutex_lock(&s->lock);
	rc = scores_write(s, out);
	if (!rc)
		rc = findings_write(s, out);
	if (!rc)
		rc = durations_write(s, out);
	if (!rc)
		rc = engine_write(s, out);
	if (!rc)
		rc = info_write(s, out);
	pthread_mutex_unlock(&s->lock);
	return rc ? SW_ENOMEM : 0;
}
