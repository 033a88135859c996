/*
 * Fuzzes the section 2, 4, 6 and 7 checks over one snapshot target (the
 * object of a snapshot's "targets" array). The checks run twice: as the
 * target reads, then with host facts marked as read and the daemon
 * settings of the target's optional "settings" member, an object of
 * daemon.json keys to JSON text. Every image history line also goes
 * through the package-command scanner on its own.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "model/host.h"
#include "model/snapshot.h"
#include "rules/rule.h"
#include "rules/section4.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 64: the most settings read from one input. */
#define FUZZ_SETTINGS_MAX 64

static void run_checks(const struct target *t)
{
	struct buf evidence = BUF_INIT;
	size_t n;
	const struct rule *rules = rules_all(&n);

	for (size_t i = 0; i < n; i++) {
		const struct rule *r = &rules[i];
		struct verdict v = {.evidence = &evidence};

		if (!r->check || !strchr("2467", r->id[0]))
			continue;
		if (r->applies_to != OBJ_IMAGE) {
			r->check(t, t, &v);
			continue;
		}
		for (size_t j = 0; j < t->n_images; j++)
			r->check(t, &t->images[j], &v);
	}
	buf_clear(&evidence);
}

static void scan_history(const struct target *t)
{
	for (size_t i = 0; i < t->n_images; i++) {
		for (size_t j = 0; j < t->images[i].n_history; j++) {
			struct package_steps steps;
			const char *args;

			history_instruction(t->images[i].history[j].created_by,
					    &args);
			package_steps_scan(args, &steps);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct host_facts host;
	struct daemon_setting settings[FUZZ_SETTINGS_MAX];
	json_t *target =
	    json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	json_t *doc = snapshot_new();
	struct buf err = BUF_INIT;
	struct model *m = NULL;
	const char *key;
	json_t *value;
	size_t n = 0;

	if (!target || !doc) {
		json_decref(target);
		json_decref(doc);
		return 0;
	}
	json_array_append(json_object_get(doc, "targets"), target);
	if (snapshot_to_model(doc, &m, &err) == 0 && m->n_targets == 1) {
		struct target *t = &m->targets[0];

		run_checks(t);
		scan_history(t);
		json_object_foreach(json_object_get(target, "settings"), key,
				    value)
		{
			if (n == FUZZ_SETTINGS_MAX || !json_is_string(value))
				continue;
			settings[n++] = (struct daemon_setting){
			    key, json_string_value(value), "fuzz"};
		}
		t->host = &host;
		t->daemon.settings = settings;
		t->daemon.n_settings = n;
		run_checks(t);
	}
	model_free(m);
	buf_clear(&err);
	json_decref(target);
	json_decref(doc);
	return 0;
}
