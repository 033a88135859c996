#include "cli/store_args.h"

#include <stdio.h>

#include "monitor/watch_config.h"

#define DEFAULT_CONFIG "/etc/stridewatch/watch.yaml"

struct store *store_args_open(const char *store_path, const char *config_path)
{
	struct watch_config *c = NULL;
	struct store *s = NULL;
	struct buf err = BUF_INIT;

	if (!store_path) {
		if (watch_config_load(
			config_path ? config_path : DEFAULT_CONFIG, &c, &err)) {
			fprintf(stderr,
				"stridewatch: %s; or name the store with "
				"--store PATH\n",
				buf_str(&err));
			buf_clear(&err);
			return NULL;
		}
		store_path = c->store;
	}
	if (store_open(store_path, true, &s, &err)) {
		fprintf(stderr, "stridewatch: %s\n", buf_str(&err));
		s = NULL;
	}
	watch_config_free(c);
	buf_clear(&err);
	return s;
}
