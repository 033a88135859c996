/*
 * YAML documents for the compose loader, read with libfyaml. Aliases and
 * merge keys ("<<") are resolved while the tree is built, so the loader
 * gets plain mappings, sequences and scalars, each with the position it
 * was written at. A value reached through an alias keeps the position of
 * the anchored node, which is where a user would change it.
 */
#ifndef SW_LINT_YAML_H
#define SW_LINT_YAML_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"
#include "util/arena.h"
#include "util/buf.h"

/* Nodes one document may expand to through aliases; stops alias bombs. */
#define YAML_NODES_MAX 200000
/* Nesting depth of mappings and sequences, aliases included. */
#define YAML_DEPTH_MAX 64

enum ynode_kind {
	YNODE_NULL,
	YNODE_SCALAR,
	YNODE_MAPPING,
	YNODE_SEQUENCE,
};

struct ypair;

struct ynode {
	enum ynode_kind kind;
	const char *text; /* scalar text; "" for the other kinds */
	bool plain;	  /* a scalar written without quotes or block style */
	const char *tag;  /* an explicit tag such as "!reset", or "" */
	struct location loc;
	struct ypair *pairs; /* mapping entries in document order */
	size_t n_pairs;
	struct ynode **items; /* sequence items */
	size_t n_items;
};

struct ypair {
	const char *key;
	struct location loc; /* where the key is written */
	struct ynode *value; /* never NULL; YNODE_NULL for an empty value */
};

/*
 * Parses `text` (`len` bytes, valid UTF-8) as a single YAML document and
 * stores its root in `*root`; an empty document gives a YNODE_NULL root.
 * Every node and string is allocated in `a`. Fails with SW_EINVAL and
 * "PATH:LINE:COLUMN: what is wrong" in `err` for a syntax error or a
 * duplicate key (a second merge key in one mapping included). It also
 * fails for an unknown alias, a merge key whose value is not a mapping, a
 * non-scalar key, a second document, or input past YAML_NODES_MAX or
 * YAML_DEPTH_MAX.
 */
int yaml_parse(struct arena *a, const char *path, const char *text, size_t len,
	       struct ynode **root, struct buf *err);

/* Returns the entry of mapping `map` with this key, or NULL. */
const struct ypair *ynode_pair(const struct ynode *map, const char *key);
/* Returns the value of that entry, or NULL when there is none. */
const struct ynode *ynode_get(const struct ynode *map, const char *key);

/* Returns "mapping", "list", "string" or "null", for messages. */
const char *ynode_kind_name(const struct ynode *n);

#endif
