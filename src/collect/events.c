#include "collect/events.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "util/error.h"

struct stream_state {
	const struct event_handler *h;
	struct buf pending;
	struct buf *err;
	int rc;	      /* a parse error that stopped the stream */
	bool stopped; /* a callback asked to stop */
};

static int line_parse(const char *line, size_t len,
		      const struct event_handler *h, struct buf *err)
{
	json_error_t jerr;
	json_t *doc;
	bool go_on;

	while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
		len--;
	if (!len)
		return 0;
	doc = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(doc)) {
		buf_printf(err,
			   "the engine sent an event that is not a JSON "
			   "object (column %d: %s)",
			   jerr.column, doc ? "not an object" : jerr.text);
		json_decref(doc);
		return SW_EPROTO;
	}
	go_on = h->event(h->data, doc);
	json_decref(doc);
	return go_on ? 0 : 1;
}

int events_feed(struct buf *pending, const char *chunk, size_t len,
		const struct event_handler *h, struct buf *err)
{
	while (len) {
		const char *nl = memchr(chunk, '\n', len);
		size_t part = nl ? (size_t)(nl - chunk) : len;
		int rc;

		if (buf_append(pending, chunk, part)) {
			buf_printf(err,
				   "the engine sent an event longer than %zu "
				   "bytes",
				   EVENT_LINE_MAX);
			return SW_ELIMIT;
		}
		if (!nl)
			return 0;
		rc = line_parse(buf_str(pending), pending->len, h, err);
		buf_reset(pending);
		if (rc)
			return rc;
		chunk += part + 1;
		len -= part + 1;
	}
	return 0;
}

static void on_opened(void *data)
{
	struct stream_state *st = data;

	if (st->h->connected)
		st->h->connected(st->h->data);
}

static bool on_chunk(void *data, const char *piece, size_t len)
{
	struct stream_state *st = data;
	int rc = events_feed(&st->pending, piece, len, st->h, st->err);

	if (rc < 0)
		st->rc = rc;
	if (rc > 0)
		st->stopped = true;
	return rc == 0;
}

static bool on_tick(void *data)
{
	struct stream_state *st = data;

	if (st->h->tick && !st->h->tick(st->h->data))
		st->stopped = true;
	return !st->stopped;
}

/* Builds "/events?filters=...&since=S.N" with the filters escaped. */
static int events_path(const char *filters, int64_t since_ns, struct buf *path)
{
	char *escaped = curl_easy_escape(NULL, filters, 0);
	int rc;

	if (!escaped)
		return SW_ENOMEM;
	rc = buf_printf(path, "/events?filters=%s", escaped);
	curl_free(escaped);
	if (!rc && since_ns > 0)
		rc = buf_printf(path, "&since=%lld.%09lld",
				(long long)(since_ns / 1000000000),
				(long long)(since_ns % 1000000000));
	return rc;
}

int events_stream(struct engine *e, const char *filters, int64_t since_ns,
		  const struct event_handler *h, struct buf *err)
{
	static const struct engine_stream_ops ops = {
	    .opened = on_opened,
	    .chunk = on_chunk,
	    .tick = on_tick,
	};
	struct stream_state st = {.h = h, .err = err};
	struct buf path = BUF_INIT;
	int rc = events_path(filters, since_ns, &path);

	buf_init(&st.pending, EVENT_LINE_MAX);
	if (!rc)
		rc = engine_stream(e, buf_str(&path), &ops, &st, err);
	if (!rc && st.rc) {
		rc = st.rc;
	} else if (!rc && !st.stopped) {
		buf_printf(err, "the engine at %s ended the event stream",
			   engine_endpoint(e));
		rc = SW_ECONNECT;
	}
	buf_clear(&st.pending);
	buf_clear(&path);
	return rc;
}
