/*
 * Models built from the engine documents under tests/fixtures/engine/,
 * which capture.sh there re-creates from real engines. Each helper fails
 * the running cmocka test when a document cannot be loaded.
 */
#ifndef SW_TEST_ENGINE_FIXTURE_H
#define SW_TEST_ENGINE_FIXTURE_H

#include <jansson.h>

#include "model/model.h"
#include "rules/rule.h"
#include "util/buf.h"

/* Loads tests/fixtures/engine/`path`. */
json_t *fixture_load(const char *path);

/*
 * Builds a snapshot target object from the folder `engine` ("loose",
 * "hardened", "swarm"): its version.json, the /info document at `info`
 * (a path below tests/fixtures/engine, or NULL to leave /info out) and,
 * when present, networks.json, images.json with images/<id>.*.json and
 * containers.json with containers/<id>.json.
 */
json_t *fixture_target(const char *engine, const char *info);

/* Sets part `key` of a target to a collected part holding `data`. */
void fixture_part_set(json_t *target, const char *key, json_t *data);

/* Drops the containers that are not running, as a scan without --all. */
void fixture_running_only(json_t *target);

/* Normalizes a one-target snapshot; takes over `target`. */
struct model *fixture_model(json_t *target);

/* Returns the image tagged `tag`; fails the test when there is none. */
const struct image *fixture_image(const struct target *t, const char *tag);

/*
 * Runs the check of rule `id` on `object` and returns the verdict's
 * status. `v->evidence` must point to a buffer; the rest of `v` is reset.
 */
enum status fixture_check(const char *id, const struct target *t,
			  const void *object, struct verdict *v);

#endif
