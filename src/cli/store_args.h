/* Finding the history store for `history` and `diff`. */
#ifndef SW_STORE_ARGS_H
#define SW_STORE_ARGS_H

#include "store/store.h"

/*
 * Opens the store read-only: `store_path` when given, else the store of
 * the watch configuration `config_path` (NULL: the default one). Prints
 * the error and returns NULL when that fails.
 */
struct store *store_args_open(const char *store_path, const char *config_path);

#endif
