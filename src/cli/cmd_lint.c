#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "lint/lint.h"
#include "util/error.h"
#include "util/strutil.h"

/* Upper bound on each repeatable option, so a runaway script stops. */
#define LINT_REPEAT_MAX 256

extern char **environ;

struct lint_cli {
	struct common_options common;
	const char *files[LINT_REPEAT_MAX];
	size_t n_files;
	const char *profiles[LINT_REPEAT_MAX];
	size_t n_profiles;
	const char *build_args[LINT_REPEAT_MAX];
	size_t n_build_args;
	const char *env_file;
};

static const struct option lint_long_options[] = {
    {"file", required_argument, NULL, 'f'},
    {"env-file", required_argument, NULL, 0},
    {"profile", required_argument, NULL, 0},
    {"build-arg", required_argument, NULL, 0},
    {"format", required_argument, NULL, 0},
    {"output", required_argument, NULL, 'o'},
    {"checks", required_argument, NULL, 0},
    {"exclude", required_argument, NULL, 0},
    {"level", required_argument, NULL, 0},
    {"fail-under", required_argument, NULL, 0},
    {"fail-on", required_argument, NULL, 0},
    {"waivers", required_argument, NULL, 0},
    {"no-color", no_argument, NULL, 0},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static void lint_usage(FILE *out)
{
	fputs("usage: stridewatch lint [OPTIONS] [PATH...]\n\n"
	      "Assesses compose files and Dockerfiles without running them, "
	      "with the rules,\nSTRIDE categories and scores of a live scan. "
	      "Each PATH is a file or a\ndirectory searched for compose.yaml, "
	      "compose.yml, docker-compose.yml,\ndocker-compose.yaml, "
	      "Dockerfile, Dockerfile.* and *.Dockerfile (default: the\n"
	      "current directory).\n\n"
	      "  -f, --file FILE     lint FILE as a compose file, whatever "
	      "its name (repeatable)\n"
	      "  --env-file FILE     interpolate from FILE instead of the "
	      ".env beside each\n"
	      "                      compose file (the environment still "
	      "wins)\n"
	      "  --profile NAME      assess only the services Compose starts "
	      "with this profile\n"
	      "                      (repeatable; default: every service)\n"
	      "  --build-arg NAME=VALUE\n"
	      "                      a Dockerfile build argument "
	      "(repeatable)\n",
	      out);
	common_options_usage(out);
	fputs("\nOnly the rules of sections 4 and 5 that apply to images and "
	      "containers run.\nExit codes: 0 done, 1 below --fail-under or a "
	      "--fail-on finding, 2 invalid\nusage or an invalid input file.\n",
	      out);
}

static int repeat_add(const char **list, size_t *n, const char *arg,
		      const char *option)
{
	if (*n == LINT_REPEAT_MAX) {
		fprintf(stderr, "stridewatch: more than %d %s options\n",
			LINT_REPEAT_MAX, option);
		return -1;
	}
	list[(*n)++] = arg;
	return 0;
}

/* Applies a lint-only long option; 1 when it was one, -1 on error. */
static int lint_option(struct lint_cli *o, const char *name, const char *arg)
{
	if (str_eq(name, "env-file")) {
		o->env_file = arg;
		return 1;
	}
	if (str_eq(name, "profile"))
		return repeat_add(o->profiles, &o->n_profiles, arg, "--profile")
			   ? -1
			   : 1;
	if (str_eq(name, "build-arg")) {
		if (!strchr(arg, '=') || arg[0] == '=') {
			fprintf(stderr,
				"stridewatch: invalid --build-arg '%s': use "
				"NAME=VALUE\n",
				arg);
			return -1;
		}
		return repeat_add(o->build_args, &o->n_build_args, arg,
				  "--build-arg")
			   ? -1
			   : 1;
	}
	return 0;
}

static int lint_parse(int argc, char **argv, struct lint_cli *o)
{
	int c, index;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:qvh", lint_long_options,
				&index)) != -1) {
		const char *name = NULL;
		int applied;

		switch (c) {
		case 0:
			name = lint_long_options[index].name;
			break;
		case 'f':
			if (repeat_add(o->files, &o->n_files, optarg, "--file"))
				return -1;
			continue;
		case 'h':
			lint_usage(stdout);
			exit(EXIT_DONE);
		case 'o':
			name = "output";
			break;
		case 'q':
			name = "quiet";
			break;
		case 'v':
			name = "verbose";
			break;
		default:
			fprintf(stderr, "Run 'stridewatch lint --help' for the "
					"options.\n");
			return -1;
		}
		applied = lint_option(o, name, optarg);
		if (!applied)
			applied = common_option_apply(&o->common, name, optarg);
		if (applied < 0)
			return -1;
	}
	return 0;
}

static void print_warning(void *data, const char *message)
{
	(void)data;
	fprintf(stderr, "stridewatch: warning: %s\n", message);
}

int cmd_lint(int argc, char **argv)
{
	struct lint_cli o = {0};
	struct lint_options lo = {0};
	struct model *m = NULL;
	struct assessment *a = NULL;
	struct buf err = BUF_INIT;
	int status = EXIT_USAGE, rc;

	common_options_init(&o.common);
	if (lint_parse(argc, argv, &o))
		goto out;
	if (selection_validate(&o.common.selection, &err)) {
		fprintf(stderr, "stridewatch: %s\n", buf_str(&err));
		goto out;
	}
	if (lint_exclude_engine_rules(&o.common.selection)) {
		fprintf(stderr, "stridewatch: out of memory\n");
		goto out;
	}
	if (common_options_load_waivers(&o.common))
		goto out;
	lo.compose_files = o.files;
	lo.n_compose_files = o.n_files;
	lo.compose.environ = environ;
	lo.compose.env_file = o.env_file;
	lo.compose.profiles = o.profiles;
	lo.compose.n_profiles = o.n_profiles;
	lo.dockerfile.build_args = o.build_args;
	lo.dockerfile.n_build_args = o.n_build_args;

	m = model_new();
	if (!m) {
		fprintf(stderr, "stridewatch: out of memory\n");
		goto out;
	}
	rc =
	    lint_paths(m, (const char *const *)argv + optind,
		       (size_t)(argc - optind), &lo, print_warning, NULL, &err);
	if (rc) {
		fprintf(stderr, "stridewatch: %s\n",
			err.len ? buf_str(&err) : sw_strerror(rc));
		goto out;
	}
	rc = assess_model(m, &o.common.selection, &a);
	if (rc) {
		fprintf(stderr, "stridewatch: assessment failed: %s\n",
			sw_strerror(rc));
		goto out;
	}
	status = common_report_and_gate(&o.common, a, "lint");
out:
	assessment_free(a);
	model_free(m);
	buf_clear(&err);
	common_options_clear(&o.common);
	return status;
}
