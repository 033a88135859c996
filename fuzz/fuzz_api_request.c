/*
 * Fuzzes the HTTP API's request handling: the first line of the input is
 * the method, the second the request target, the third the Authorization
 * header. They are parsed and answered against a state with one host and
 * a small record, without a store and with a token required.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "server/api.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct finding findings[] = {
    {.rule = "5.32",
     .severity = SEV_CRITICAL,
     .stride = STRIDE_E,
     .stride2 = STRIDE_NONE,
     .status = ST_FAIL,
     .object_kind = "container",
     .object_id = "c1",
     .object_name = "web",
     .evidence = "socket",
     .cost = 8.25},
    {.rule = "2.9",
     .severity = SEV_MEDIUM,
     .stride = STRIDE_E,
     .stride2 = STRIDE_T,
     .status = ST_MANUAL,
     .object_kind = "daemon",
     .object_id = "h1",
     .object_name = "h1",
     .evidence = ""},
};

static struct container_record containers[] = {
    {.id = "c1",
     .name = "web",
     .image = "swtest",
     .image_id = "sha256:1",
     .running = true},
};

static struct watch_state state;
static struct shared_record shared;

static void state_init(void)
{
	static struct assessment_record record;
	static struct host_record host;
	static struct host_status status;
	static struct watch_label label = {"env", "test"};
	struct score s = {.passed = 10, .counted = 20, .applicable = 30};

	host.name = "h1";
	host.endpoint = "unix:///x.sock";
	host.engine_version = "20.10";
	host.api_version = "1.41";
	score_record_from_score(&host.score, &s);
	host.containers = containers;
	host.n_containers = 1;
	host.findings = findings;
	host.n_findings = 2;
	record.hosts = &host;
	record.n_hosts = 1;
	record.generated_at = "2026-01-01T00:00:00Z";
	shared.record = &record;
	shared.refs = 1000000; /* never freed */
	status.name = (char *)"h1";
	status.endpoint = (char *)"unix:///x.sock";
	status.labels = &label;
	status.n_labels = 1;
	status.latest = &shared;
	pthread_mutex_init(&state.lock, NULL);
	state.hosts = &status;
	state.n_hosts = 1;
}

/* Cuts the next line out of the input into a NUL-terminated copy. */
static char *next_line(const uint8_t **data, size_t *size)
{
	const uint8_t *nl = memchr(*data, '\n', *size);
	size_t len = nl ? (size_t)(nl - *data) : *size;
	char *line = malloc(len + 1);

	if (!line)
		return NULL;
	memcpy(line, *data, len);
	line[len] = '\0';
	*data += nl ? len + 1 : len;
	*size -= nl ? len + 1 : len;
	return line;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct api_context ctx = {.state = &state, .token = "t0ken"};
	struct api_request req = {0};
	struct api_response resp;
	struct buf storage = BUF_INIT;
	char *method, *target, *auth;

	if (!state.hosts)
		state_init();
	method = next_line(&data, &size);
	target = next_line(&data, &size);
	auth = next_line(&data, &size);
	if (method && target && auth &&
	    api_request_parse(&req, target, &storage) == 0) {
		req.method = method;
		req.authorization = *auth ? auth : NULL;
		api_handle(&ctx, &req, &resp);
		buf_clear(&resp.body);
	}
	buf_clear(&storage);
	free(method);
	free(target);
	free(auth);
	return 0;
}
