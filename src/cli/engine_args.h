/*
 * Engine connection options shared by the subcommands that talk to engines
 * (collect, scan): --host, TLS, timeouts and concurrency, with DOCKER_HOST,
 * DOCKER_TLS_VERIFY and DOCKER_CERT_PATH as the docker CLI reads them.
 *
 * Use with getopt_long: put ENGINE_ARGS_LONG_OPTIONS into the option table,
 * pass each option it returns to engine_args_apply() by name ('H' is
 * "host"), then build each target's options with engine_args_target().
 */
#ifndef SW_ENGINE_ARGS_H
#define SW_ENGINE_ARGS_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "collect/collect.h"
#include "util/buf.h"

/* The most --host options one command accepts. */
#define ENGINE_ARGS_HOSTS_MAX 256
/* Bounds of --timeout and --connect-timeout, in seconds. */
#define ENGINE_ARGS_TIMEOUT_MAX 3600

struct engine_args {
	const char *hosts[ENGINE_ARGS_HOSTS_MAX]; /* from --host, in order */
	size_t n_hosts;
	struct engine_options engine; /* settings shared by every host */
};

/* getopt_long entries; --host also comes back as 'H' (short option -H). */
#define ENGINE_ARGS_LONG_OPTIONS                                               \
	{"host", required_argument, NULL, 'H'}, {"tls", no_argument, NULL, 0}, \
	    {"tlsverify", optional_argument, NULL, 0},                         \
	    {"tlscacert", required_argument, NULL, 0},                         \
	    {"tlscert", required_argument, NULL, 0},                           \
	    {"tlskey", required_argument, NULL, 0},                            \
	    {"timeout", required_argument, NULL, 0},                           \
	    {"connect-timeout", required_argument, NULL, 0},                   \
	{                                                                      \
		"concurrency", required_argument, NULL, 0                      \
	}

/*
 * Applies option `name` (without dashes; "host" for -H) with its value
 * (NULL when none was given). Returns 1 when it was an engine option, 0
 * when it is not one, SW_EINVAL with a message in `err` for an invalid
 * value (the caller exits with EXIT_USAGE).
 */
int engine_args_apply(struct engine_args *a, const char *name,
		      const char *value, struct buf *err);

/* The number of targets: the --host count, at least 1 (the default). */
size_t engine_args_count(const struct engine_args *a);

/*
 * Fills `out` for target `k` (< engine_args_count()): the shared settings,
 * the k-th --host, and what the environment supplies where no option did.
 * The strings stay owned by argv and the environment.
 */
void engine_args_target(const struct engine_args *a, size_t k,
			struct engine_options *out);

/* Prints the help lines of these options. */
void engine_args_usage(FILE *out);

/*
 * Maps an error of collect_target() or engine_open() to the exit code:
 * EXIT_USAGE for an invalid address or TLS setting (SW_EINVAL), else
 * EXIT_UNREACHABLE.
 */
int engine_args_exit_code(int rc);

/*
 * Warns, one line each, about the engine-wide parts of a target that
 * collect_target() returned (version, info, containers, images, networks)
 * that were not collected, naming the part, the engine's address and the
 * error. Returns how many there were. A target with any could not be read
 * whole, so the command exits with EXIT_UNREACHABLE.
 */
size_t engine_args_warn_unreadable(json_t *target);

#endif
