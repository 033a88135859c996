/*
 * Host fact options shared by scan and collect: --host-root,
 * --trusted-users, --config-file and --no-host-facts. The rule of where
 * each target's host facts are read lives here too. They come over SSH for
 * an ssh:// engine, from the local file system for a unix:// engine, and
 * from --host-root for a unix:// or tcp:// engine when it is given.
 */
#ifndef SW_HOST_ARGS_H
#define SW_HOST_ARGS_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "collect/host.h"
#include "util/buf.h"

struct host_args {
	struct host_options host;
	bool disabled; /* --no-host-facts */
};

/* getopt_long entries; each comes back as 0 with its long name. */
#define HOST_ARGS_LONG_OPTIONS                                                 \
	{"host-root", required_argument, NULL, 0},                             \
	    {"trusted-users", required_argument, NULL, 0},                     \
	    {"config-file", required_argument, NULL, 0},                       \
	{                                                                      \
		"no-host-facts", no_argument, NULL, 0                          \
	}

/*
 * Applies option `name` (its long name) with its value. Returns 1 when it
 * was a host option, 0 when it is not one.
 */
int host_args_apply(struct host_args *a, const char *name, const char *value);

/*
 * Checks the options before any engine is contacted: --host-root must be
 * a directory. Returns 0, or SW_EINVAL with a message in `err`.
 */
int host_args_check(const struct host_args *a, struct buf *err);

/* Prints the help lines of these options. */
void host_args_usage(FILE *out);

/*
 * Reads the host facts of `target`, a snapshot target that
 * collect_target() returned, where the rule above finds its host. Leaves
 * the target without host facts when none can be read (a tcp:// engine
 * without --host-root, or --no-host-facts). Returns 0, SW_EINVAL when
 * --host-root is given for an ssh:// engine, or the error of
 * host_collect(), with a message in `err`.
 */
int host_args_collect(const struct host_args *a, json_t *target,
		      struct buf *err);

#endif
