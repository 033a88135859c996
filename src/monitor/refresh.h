/*
 * Targeted collection for the watch service: fetches the objects an engine
 * event affects, in the snapshot's format (docs/snapshot.md), so they can
 * be patched into the target cache without collecting the whole engine.
 * GET requests only, like all collection.
 */
#ifndef SW_REFRESH_H
#define SW_REFRESH_H

#include <jansson.h>

#include "collect/engine.h"
#include "util/buf.h"

/*
 * Fetches a container's snapshot entry: its inspect document, its process
 * list when it runs, and its exec sessions. Returns SW_ENOTFOUND when the
 * container no longer exists; other errors with a message in `err`.
 */
int refresh_container(struct engine *e, const char *id, json_t **entry,
		      struct buf *err);

/* Fetches an exec inspect document; SW_ENOTFOUND when it is gone. */
int refresh_exec(struct engine *e, const char *id, json_t **exec,
		 struct buf *err);

/* Fetches an image's snapshot entry: inspect and history, no summary. */
int refresh_image(struct engine *e, const char *id, json_t **entry,
		  struct buf *err);

/* Fetches a network inspect document; SW_ENOTFOUND when it is gone. */
int refresh_network(struct engine *e, const char *id, json_t **network,
		    struct buf *err);

/* Fetches the "version" and "info" parts of the target. */
int refresh_daemon(struct engine *e, json_t **version_part, json_t **info_part,
		   struct buf *err);

#endif
