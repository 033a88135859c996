/*
 * JSON documents of the HTTP API. Scores, results and containers use the
 * keys of the JSON report (stridewatch.report/1), so a client that reads
 * reports reads the API too.
 */
#ifndef SW_API_JSON_H
#define SW_API_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "assess/record.h"
#include "monitor/watch_state.h"
#include "store/store.h"

/* The filter of /api/v1/findings; an empty set matches everything. */
struct finding_filter {
	const char *host;      /* NULL: every host */
	bool status[ST_COUNT]; /* default: fail and error */
	bool severity[4];
	bool any_severity;
	bool stride[STRIDE_COUNT];
	bool any_stride;
};

/*
 * Fills a filter from comma-separated query values (each may be NULL).
 * Returns NULL, or a message naming the invalid value's parameter.
 */
const char *finding_filter_parse(struct finding_filter *f, const char *host,
				 const char *status, const char *severity,
				 const char *stride);

json_t *api_score_json(const struct score_record *s);
json_t *api_finding_json(const struct finding *f, const char *host);

/* A host's summary; call with the state's lock held. */
json_t *api_host_summary(const struct host_status *h);

/* Adds the containers and findings of a record to a host summary. */
void api_host_detail(json_t *doc, const struct host_record *h);

json_t *api_summary_json(const struct assessment_summary *s);

/* A stored assessment in full: host, score, containers, findings. */
json_t *api_record_json(const struct assessment_record *r);

/* Appends the findings of a host that pass the filter. */
void api_findings_append(json_t *list, const struct host_record *h,
			 const struct finding_filter *f);

#endif
