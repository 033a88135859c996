/* Subcommands of the stridewatch command line. */
#ifndef SW_CLI_H
#define SW_CLI_H

/* Exit codes, fixed by the command-line contract. */
enum exit_code {
	EXIT_DONE = 0,
	EXIT_GATE = 1,        /* below --fail-under, or a --fail-on finding */
	EXIT_USAGE = 2,       /* invalid usage, configuration or input */
	EXIT_UNREACHABLE = 3, /* a target could not be reached or read */
};

int cmd_scan(int argc, char **argv);
int cmd_collect(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_lint(int argc, char **argv);

int cmd_watch(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_diff(int argc, char **argv);

#endif
