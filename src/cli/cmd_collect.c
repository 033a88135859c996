#include <stdio.h>

#include "cli/cli.h"

int cmd_collect(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "stridewatch: collect is not built yet\n");
	return EXIT_USAGE;
}
