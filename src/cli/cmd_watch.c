#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "monitor/service.h"
#include "monitor/watch_config.h"
#include "util/buf.h"

#define WATCH_DEFAULT_CONFIG "/etc/stridewatch/watch.yaml"

static void watch_usage(FILE *out)
{
	fputs(
	    "usage: stridewatch watch [--config FILE] [--check]\n\n"
	    "Monitors Docker engines continuously: assesses every target on "
	    "start, again\non engine events and on a schedule, stores each "
	    "assessment, alerts on drift\nand serves the state over HTTP. "
	    "See docs/watch.md.\n\n"
	    "  --config FILE   the configuration (default " WATCH_DEFAULT_CONFIG
	    ")\n"
	    "  --check         validate the configuration and exit\n\n"
	    "Signals: SIGTERM and SIGINT stop after the current writes; "
	    "SIGHUP reloads\nthe configuration.\n\n"
	    "Exit codes: 0 stopped, 2 invalid configuration or an unusable "
	    "store or\nlisten address.\n",
	    out);
}

static int watch_check(const char *path)
{
	struct watch_config *c = NULL;
	struct buf err = BUF_INIT;
	int rc = watch_config_load(path, &c, &err);

	if (rc) {
		fprintf(stderr, "stridewatch: %s\n", buf_str(&err));
		buf_clear(&err);
		return EXIT_USAGE;
	}
	printf("%s: valid: %zu targets, %zu alert sinks, store %s\n", path,
	       c->n_targets, c->n_sinks, c->store);
	watch_config_free(c);
	return EXIT_DONE;
}

int cmd_watch(int argc, char **argv)
{
	static const struct option options[] = {
	    {"config", required_argument, NULL, 'c'},
	    {"check", no_argument, NULL, 'k'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *path = WATCH_DEFAULT_CONFIG;
	bool check = false;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "c:h", options, NULL)) != -1) {
		switch (c) {
		case 'c':
			path = optarg;
			break;
		case 'k':
			check = true;
			break;
		case 'h':
			watch_usage(stdout);
			return EXIT_DONE;
		default:
			fputs(
			    "Run 'stridewatch watch --help' for the options.\n",
			    stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(
		    stderr,
		    "stridewatch: unexpected argument '%s'; watch reads its "
		    "targets from --config FILE\n",
		    argv[optind]);
		return EXIT_USAGE;
	}
	return check ? watch_check(path) : watch_service_run(path);
}
