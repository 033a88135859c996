/*
 * Reading the watch configuration's YAML tree: the parser state, typed
 * readers that report "PATH:LINE:COLUMN: KEY: what is wrong" and a table
 * walk of mappings. Shared by the files of watch_config.
 */
#ifndef SW_CONFIG_READER_H
#define SW_CONFIG_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lint/yaml.h"
#include "monitor/watch_config.h"

/* 4 KiB: the largest token file read. */
#define TOKEN_MAX_BYTES 4096

/* The parser's state: where in the document it is, for messages. */
struct parser {
	struct watch_config *c;
	struct arena *a;
	const char *path;
	struct buf *err;
	char key[160]; /* "targets[1].tls.verify" */
};

typedef int (*key_fn)(struct parser *p, const struct ynode *v, void *obj);

struct key_handler {
	const char *key;
	key_fn fn;
};

/* Fails with "PATH:LINE:COL: KEY: message"; returns SW_EINVAL. */
int config_invalid(struct parser *p, const struct ynode *at, const char *fmt,
		   ...) __attribute__((format(printf, 3, 4)));

/* Appends ".name" (or "[index]" when `name` is NULL) to the current key;
 * returns the length to restore with config_key_pop(). */
size_t config_key_push(struct parser *p, const char *name, long index);
void config_key_pop(struct parser *p, size_t len);

/* Fails unless `v` is of `kind`; `example` shows how to write it. */
int config_want_kind(struct parser *p, const struct ynode *v,
		     enum ynode_kind kind, const char *example);

/* Calls the handler of each key of a mapping; unknown keys fail. */
int config_mapping_apply(struct parser *p, const struct ynode *map,
			 const struct key_handler *keys, void *obj,
			 const char *example);

int config_read_string(struct parser *p, const struct ynode *v,
		       const char *example, const char **out);
int config_read_bool(struct parser *p, const struct ynode *v, bool *out);
int config_read_duration(struct parser *p, const struct ynode *v,
			 int64_t min_ms, int64_t *out);
int config_read_int(struct parser *p, const struct ynode *v, int64_t min,
		    int64_t max, int64_t *out);
/* Reads a list of strings, or one string, into a NULL-free array. */
int config_read_string_list(struct parser *p, const struct ynode *v, size_t max,
			    const char ***out, size_t *n);
/* Reads a whole small file, such as a token, trimming the line end. */
int config_read_secret_file(struct parser *p, const struct ynode *v,
			    const char **out);

/* Reads the `targets` list (in watch_config_target.c). */
int config_targets_read(struct parser *p, const struct ynode *v, void *obj);

#endif
