/* Normalizers from engine inspect documents to the container model. */
#ifndef SW_NORMALIZE_H
#define SW_NORMALIZE_H

#include <jansson.h>

#include "model/model.h"
#include "util/buf.h"

/*
 * Fills `c` from a container inspect document (GET /containers/{id}/json).
 * Missing or mistyped fields take the engine's defaults. Strings are copied
 * into `a`. Returns SW_EINVAL when `inspect` is not an object with an Id.
 */
int normalize_container(struct arena *a, json_t *inspect,
			struct container *c);

/* Adds the rows of a /containers/{id}/top reply to `c`. */
int normalize_top(struct arena *a, json_t *top, struct container *c);

/* Adds exec inspect documents (GET /exec/{id}/json) to `c`. */
int normalize_execs(struct arena *a, json_t *execs, struct container *c);

/* Fills `img` from an image inspect document and its history. */
int normalize_image(struct arena *a, json_t *summary, json_t *inspect,
		    json_t *history, struct image *img);

int normalize_network(struct arena *a, json_t *doc, struct network *n);

/*
 * Copies the options of each local volume in `volumes` (GET /volumes/{name}
 * documents) to the volume mounts of the target's containers.
 */
int normalize_volumes(struct arena *a, json_t *volumes, struct target *t);

/*
 * Reads the manager autolock setting from a swarm document: GET /swarm, or
 * the Cluster object of /info's Swarm. Leaves `d` as it is when the
 * document has no Spec.EncryptionConfig.AutoLockManagers.
 */
void normalize_swarm(json_t *swarm, struct daemon *d);

/* Fills the daemon facts from /version and /info (either may be NULL). */
int normalize_daemon(struct arena *a, json_t *version, json_t *info,
		     struct daemon *d);

/*
 * Builds one target from a snapshot target object, resolving each
 * container's image.
 */
int normalize_target(struct model *m, json_t *target, struct buf *err);

#endif
