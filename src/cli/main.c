#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "config.h"

struct subcommand {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct subcommand subcommands[] = {
	{"scan", cmd_scan, "assess engines (default: the local one) and report"},
	{"collect", cmd_collect, "write a snapshot of an engine"},
	{"lint", cmd_lint, "assess compose files and Dockerfiles"},
	{"rules", cmd_rules, "list the rule catalog or explain one rule"},
	{"watch", cmd_watch, "monitor engines: history, alerts, HTTP API"},
	{"history", cmd_history, "print stored scores over time"},
	{"diff", cmd_diff, "compare two assessments and account for the score"},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: stridewatch COMMAND [OPTIONS]\n\n"
		     "Assesses Docker hosts against the CIS Docker Benchmark "
		     "v1.6.0 and scores them by STRIDE category.\n\n"
		     "Commands:\n");
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]);
	     i++)
		fprintf(out, "  %-10s %s\n", subcommands[i].name,
			subcommands[i].summary);
	fprintf(out, "\nRun 'stridewatch COMMAND --help' for its options.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_DONE;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("stridewatch %s\n", STRIDEWATCH_VERSION);
		return EXIT_DONE;
	}
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]);
	     i++)
		if (strcmp(argv[1], subcommands[i].name) == 0)
			return subcommands[i].run(argc - 1, argv + 1);
	fprintf(stderr,
		"stridewatch: unknown command '%s'; run 'stridewatch --help' "
		"for the list\n",
		argv[1]);
	return EXIT_USAGE;
}
