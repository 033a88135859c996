/*
 * The snapshot of one watched target, kept between assessments. A full
 * collection replaces it. Engine events patch single containers, images,
 * networks and exec sessions into it, so re-assessing after an event only
 * needs the affected objects from the engine.
 *
 * Exec sessions seen while watching are kept for the life of their
 * container, even after the engine has removed them, so 5.23 (privileged
 * exec) and 5.24 (exec as root) stay failed until the container is
 * removed.
 */
#ifndef SW_TARGET_CACHE_H
#define SW_TARGET_CACHE_H

#include <jansson.h>
#include <stdbool.h>

/* Exec sessions remembered per container; older ones are dropped. */
#define TARGET_CACHE_EXECS_MAX 256

struct target_cache {
	json_t *target;	    /* snapshot target object; NULL until filled */
	json_t *execs_seen; /* container ID -> [exec inspect, ...] */
};

void target_cache_init(struct target_cache *c);
void target_cache_clear(struct target_cache *c);

/* Whether patches can apply: a full collection listed the containers. */
bool target_cache_ready(const struct target_cache *c);

/*
 * Replaces the snapshot with a new full collection (taking the reference),
 * merging in the exec sessions seen for containers that still exist.
 */
void target_cache_replace(struct target_cache *c, json_t *target);

/*
 * Puts a snapshot container entry ({"inspect": ..., "top": ..., "execs":
 * ...}), replacing the one with the same ID; takes the reference.
 */
int target_cache_put_container(struct target_cache *c, json_t *entry);

/* Removes a container and the exec sessions seen on it. */
void target_cache_remove_container(struct target_cache *c, const char *id);

/* Returns the container entry with this ID (borrowed), or NULL. */
json_t *target_cache_container(const struct target_cache *c, const char *id);

/* Records an exec inspect document (GET /exec/{id}/json); takes it. */
int target_cache_add_exec(struct target_cache *c, const char *container_id,
			  json_t *exec);

/* Whether an image with this ID has been inspected. */
bool target_cache_has_image(const struct target_cache *c, const char *id);

/* Puts a snapshot image entry, replacing one with the same ID; takes it. */
int target_cache_put_image(struct target_cache *c, json_t *entry);

/* Puts a network inspect document, replacing one with the same ID. */
int target_cache_put_network(struct target_cache *c, json_t *network);
void target_cache_remove_network(struct target_cache *c, const char *id);

/* Replaces the target's "version" and "info" parts; takes both. */
void target_cache_put_daemon(struct target_cache *c, json_t *version_part,
			     json_t *info_part);

/*
 * Returns a new snapshot document with the cached target (shared, not
 * copied), for snapshot_to_model(), or NULL when out of memory.
 */
json_t *target_cache_document(const struct target_cache *c);

/* Returns the IDs of the cached containers, as a new JSON array. */
json_t *target_cache_container_ids(const struct target_cache *c);

#endif
