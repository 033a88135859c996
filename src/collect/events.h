/*
 * The engine's event stream (GET /events): one JSON document per event,
 * read as they happen.
 */
#ifndef SW_EVENTS_H
#define SW_EVENTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "collect/engine.h"
#include "util/buf.h"

/* 1 MiB: the longest event document accepted; engines send < 4 KiB. */
#define EVENT_LINE_MAX ((size_t)1 << 20)

struct event_handler {
	/* The engine accepted the request; events follow. */
	void (*connected)(void *data);
	/* One event document (borrowed); returns false to stop. */
	bool (*event)(void *data, json_t *event);
	/* Called about once a second; returns false to stop. */
	bool (*tick)(void *data);
	void *data;
};

/*
 * Streams the engine's events matching `filters` (the JSON of the filters
 * parameter) from `since_ns` nanoseconds after the epoch, or from now when
 * it is 0. Returns 0 when a callback stopped the stream; SW_ECONNECT when
 * the engine ended it or the connection failed; SW_EPROTO for a document
 * that is not JSON; other errors of engine_get(). A message is in `err`.
 */
int events_stream(struct engine *e, const char *filters, int64_t since_ns,
		  const struct event_handler *h, struct buf *err);

/*
 * Splits a chunk of the stream into lines and calls `h->event` for each
 * complete one, keeping a partial line in `pending`. Returns 0, SW_EPROTO
 * for a line that is not a JSON object, SW_ELIMIT for an overlong line,
 * or 1 when the handler asked to stop. Exposed for the fuzz harness.
 */
int events_feed(struct buf *pending, const char *chunk, size_t len,
		const struct event_handler *h, struct buf *err);

#endif
