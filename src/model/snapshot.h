/*
 * Snapshots: the JSON documents that collection writes and assessment
 * reads. docs/snapshot.md describes the format.
 */
#ifndef SW_SNAPSHOT_H
#define SW_SNAPSHOT_H

#include <jansson.h>

#include "model/model.h"
#include "util/buf.h"

#define SNAPSHOT_SCHEMA "stridewatch.snapshot/1"

/* 512 MiB: the largest snapshot file read. */
#define SNAPSHOT_MAX_BYTES ((size_t)512 << 20)

/* Returns a new, empty snapshot document (no targets yet). */
json_t *snapshot_new(void);

/* Builds a part object: {"status": ..., "data": data, "error": error}. */
json_t *snapshot_part(enum part_status status, json_t *data,
		      const char *error);

/*
 * Reads a snapshot file ("-" for stdin). On failure returns SW_EIO or
 * SW_EINVAL with a message naming the file, line and column in `err`.
 */
int snapshot_read_file(const char *path, json_t **out, struct buf *err);

/*
 * Builds the model from a snapshot document. Unexpected types in engine
 * documents are tolerated field by field; a document that is not a
 * snapshot at all fails with SW_EINVAL and a message in `err`.
 */
int snapshot_to_model(json_t *doc, struct model **out, struct buf *err);

#endif
