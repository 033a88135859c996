#include <stdio.h>

#include "cli/cli.h"

int cmd_rules(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "stridewatch: rules is not built yet\n");
	return EXIT_USAGE;
}
