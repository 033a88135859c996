#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "collect/events.h"
#include "monitor/work.h"
#include "util/error.h"
#include "util/strutil.h"
#include "watch_fixture.h"

static bool on_event(void *data, json_t *event)
{
	return work_add_event(data, event) == 0;
}

/* Feeds the captured event stream in chunks of `chunk` bytes. */
static int feed_capture(struct work *w, size_t chunk)
{
	struct event_handler h = {.event = on_event, .data = w};
	struct buf pending, err = BUF_INIT;
	char data[16384];
	FILE *f = fopen(WATCH_EVENTS, "r");
	size_t n = f ? fread(data, 1, sizeof(data), f) : 0;
	int rc = 0;

	if (f)
		fclose(f);
	buf_init(&pending, EVENT_LINE_MAX);
	for (size_t done = 0; done < n && !rc; done += chunk)
		rc = events_feed(&pending, data + done,
				 n - done < chunk ? n - done : chunk, &h, &err);
	if (rc)
		print_error("%s\n", buf_str(&err));
	buf_clear(&pending);
	buf_clear(&err);
	return rc;
}

static void work_files_captured_events(void **state)
{
	struct work w;
	const char *key;
	json_t *v;
	size_t execs = 0;

	(void)state;
	assert_int_equal(work_init(&w), 0);
	assert_int_equal(feed_capture(&w, 4096), 0);
	assert_int_equal(w.n_events, 17);
	assert_true(w.last_time_ns > 0);
	/* web was destroyed at the end; clean2 and priv stay to inspect. */
	assert_int_equal(json_object_size(w.removed), 1);
	assert_int_equal(json_object_size(w.containers), 2);
	json_object_foreach(w.removed, key, v)
	    assert_null(json_object_get(w.containers, key));
	json_object_foreach(w.execs, key, v)
	{
		assert_true(json_is_string(v));
		assert_int_equal(strlen(key), 64);
		execs++;
	}
	assert_int_equal(execs, 2);
	assert_int_equal(json_object_size(w.networks), 1);
	assert_false(w.daemon);
	assert_false(w.full);
	assert_false(work_empty(&w));
	work_clear(&w);
}

static void work_splits_any_chunking(void **state)
{
	static const size_t sizes[] = {1, 7, 100, 333};

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct work w;

		assert_int_equal(work_init(&w), 0);
		assert_int_equal(feed_capture(&w, sizes[i]), 0);
		assert_int_equal(w.n_events, 17);
		assert_int_equal(json_object_size(w.execs), 2);
		work_clear(&w);
	}
}

static void work_reload_and_full(void **state)
{
	struct work w;
	json_t *reload = json_loads("{\"Type\": \"daemon\", \"Action\": "
				    "\"reload\", \"Actor\": {\"ID\": \"x\"}}",
				    0, NULL);

	(void)state;
	assert_int_equal(work_init(&w), 0);
	assert_true(work_empty(&w));
	assert_int_equal(work_add_event(&w, reload), 0);
	assert_true(w.daemon);
	work_request_full(&w, "interval");
	work_request_full(&w, "reconnect");
	assert_true(w.full);
	assert_string_equal(w.full_reason, "interval");
	json_decref(reload);
	work_clear(&w);
}

static void work_ignores_odd_events(void **state)
{
	static const char *const odd[] = {
	    "{}",
	    "{\"Type\": \"container\"}",
	    "{\"Type\": \"image\", \"Action\": \"pull\", \"Actor\": {}}",
	    "{\"Type\": 7, \"Action\": [], \"Actor\": \"x\"}",
	};
	struct work w;

	(void)state;
	assert_int_equal(work_init(&w), 0);
	for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		json_t *doc = json_loads(odd[i], 0, NULL);

		assert_non_null(doc);
		assert_int_equal(work_add_event(&w, doc), 0);
		json_decref(doc);
	}
	assert_int_equal(json_object_size(w.containers), 0);
	assert_int_equal(json_object_size(w.execs), 0);
	work_clear(&w);
}

static void events_feed_rejects_garbage(void **state)
{
	struct work w;
	struct event_handler h = {.event = on_event, .data = &w};
	struct buf pending, err = BUF_INIT;

	(void)state;
	assert_int_equal(work_init(&w), 0);
	buf_init(&pending, 64);
	assert_int_equal(events_feed(&pending, "[1,2]\n", 6, &h, &err),
			 SW_EPROTO);
	assert_non_null(strstr(buf_str(&err), "not a JSON object"));
	buf_reset(&pending);
	buf_reset(&err);
	assert_int_equal(events_feed(&pending, "\r\n\n", 3, &h, &err), 0);
	for (int i = 0; i < 10; i++)
		if (events_feed(&pending, "xxxxxxxxxx", 10, &h, &err))
			break;
	assert_non_null(strstr(buf_str(&err), "longer than"));
	buf_clear(&pending);
	buf_clear(&err);
	work_clear(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(work_files_captured_events),
	    cmocka_unit_test(work_splits_any_chunking),
	    cmocka_unit_test(work_reload_and_full),
	    cmocka_unit_test(work_ignores_odd_events),
	    cmocka_unit_test(events_feed_rejects_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
