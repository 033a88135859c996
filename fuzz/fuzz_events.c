/*
 * Fuzzes the event stream: the input is fed to events_feed() in chunks
 * whose sizes come from its first byte, and every event it yields goes
 * through the watcher's event classification.
 */
#include <stddef.h>
#include <stdint.h>

#include "collect/events.h"
#include "monitor/work.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool on_event(void *data, json_t *event)
{
	struct work *w = data;

	work_add_event(w, event);
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct event_handler h = {.event = on_event};
	struct buf pending, err = BUF_INIT;
	struct work w;
	size_t chunk, done = 0;

	if (size == 0 || work_init(&w))
		return 0;
	chunk = (size_t)(data[0] % 64) + 1;
	data++;
	size--;
	h.data = &w;
	buf_init(&pending, EVENT_LINE_MAX);
	while (done < size) {
		size_t n = size - done < chunk ? size - done : chunk;

		if (events_feed(&pending, (const char *)data + done, n, &h,
				&err))
			break;
		done += n;
	}
	work_empty(&w);
	buf_clear(&pending);
	buf_clear(&err);
	work_clear(&w);
	return 0;
}
