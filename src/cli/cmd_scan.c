#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/engine_args.h"
#include "cli/host_args.h"
#include "cli/options.h"
#include "collect/collect.h"
#include "collect/host.h"
#include "model/snapshot.h"
#include "rules/rule.h"
#include "util/error.h"
#include "util/log.h"
#include "util/strutil.h"

struct scan_options {
	struct common_options common;
	struct engine_args engine;
	struct host_args host;
	const char *snapshot;
	bool all;
};

static const struct option scan_long_options[] = {
    ENGINE_ARGS_LONG_OPTIONS,
    HOST_ARGS_LONG_OPTIONS,
    {"snapshot", required_argument, NULL, 0},
    {"all", no_argument, NULL, 'a'},
    {"format", required_argument, NULL, 'f'},
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

static void scan_usage(FILE *out)
{
	fputs("usage: stridewatch scan [OPTIONS]\n\n"
	      "Assesses Docker engines against the CIS Docker Benchmark "
	      "v1.6.0 and reports\nthe score by STRIDE category. Without "
	      "--host it scans the engine named by\nDOCKER_HOST, else "
	      "unix:///var/run/docker.sock.\n\n"
	      "  --snapshot FILE     assess a snapshot written by "
	      "'stridewatch collect' instead\n"
	      "  --all               include stopped containers\n",
	      out);
	common_options_usage(out);
	fputc('\n', out);
	engine_args_usage(out);
	fputc('\n', out);
	host_args_usage(out);
	fputs("\nWith --snapshot, --trusted-users applies to the saved host "
	      "facts and\n--no-host-facts leaves them out.\n"
	      "\nExit codes: 0 done, 1 below --fail-under or a --fail-on "
	      "finding, 2 invalid\nusage or input, 3 an engine could not "
	      "be reached or read whole.\n",
	      out);
}

/* Applies the options only scan has; returns 1 when `name` was one. */
static int scan_option_apply(struct scan_options *o, const char *name)
{
	if (strcmp(name, "snapshot") == 0) {
		o->snapshot = optarg;
		return 1;
	}
	return host_args_apply(&o->host, name, optarg);
}

static int scan_parse(int argc, char **argv, struct scan_options *o)
{
	struct buf err = BUF_INIT;
	int c, index;

	optind = 1;
	while ((c = getopt_long(argc, argv, "H:af:o:qvh", scan_long_options,
				&index)) != -1) {
		const char *name = NULL;
		int applied;

		switch (c) {
		case 0:
			name = scan_long_options[index].name;
			break;
		case 'H':
			name = "host";
			break;
		case 'a':
			o->all = true;
			continue;
		case 'h':
			scan_usage(stdout);
			exit(EXIT_DONE);
		case 'f':
			name = "format";
			break;
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
			fprintf(stderr, "Run 'stridewatch scan --help' for the "
					"options.\n");
			return -1;
		}
		if (scan_option_apply(o, name))
			continue;
		applied = engine_args_apply(&o->engine, name, optarg, &err);
		if (applied < 0) {
			fprintf(stderr, "stridewatch: %s\n", buf_str(&err));
			buf_clear(&err);
			return -1;
		}
		if (applied == 0 &&
		    common_option_apply(&o->common, name, optarg) < 0)
			return -1;
	}
	if (optind < argc) {
		fprintf(stderr,
			"stridewatch: unexpected argument '%s'; scan takes "
			"engines with --host URL\n",
			argv[optind]);
		return -1;
	}
	if (o->snapshot && o->engine.n_hosts) {
		fprintf(stderr, "stridewatch: --snapshot and --host exclude "
				"each other: a snapshot is assessed offline\n");
		return -1;
	}
	if (o->snapshot && (o->host.host.root || o->host.host.config_file)) {
		fprintf(stderr,
			"stridewatch: --%s applies when host facts are "
			"collected, not to a saved --snapshot; give it "
			"to 'stridewatch collect'\n",
			o->host.host.root ? "host-root" : "config-file");
		return -1;
	}
	return 0;
}

struct progress {
	struct timespec start;
	bool shown;
};

/* Shows progress on a terminal once a scan has run for a second. */
static void show_progress(void *data, size_t done, size_t total)
{
	struct progress *p = data;
	struct timespec now;
	double elapsed;

	clock_gettime(CLOCK_MONOTONIC, &now);
	elapsed = (double)(now.tv_sec - p->start.tv_sec) +
		  (double)(now.tv_nsec - p->start.tv_nsec) / 1e9;
	if (elapsed < 1.0 && !p->shown)
		return;
	p->shown = true;
	fprintf(stderr, "\rstridewatch: inspected %zu of %zu containers", done,
		total);
	if (done == total)
		fputs("\r\033[K", stderr);
}

/* Whether the selection runs rule `id`, so collection gathers its data. */
static bool rule_selected(const struct scan_options *o, const char *id)
{
	const struct rule *r = rule_find(id);

	return r && selection_matches(&o->common.selection, r);
}

static const char *info_id(json_t *target)
{
	json_t *info = json_object_get(json_object_get(target, "info"), "data");

	return json_string_value(json_object_get(info, "ID"));
}

/*
 * Returns the first of the first `n` targets whose /info ID is `id`, or
 * NULL. One engine reached at two addresses would otherwise count twice in
 * the fleet score.
 */
static json_t *same_engine(json_t *targets, size_t n, const char *id)
{
	if (str_empty(id))
		return NULL;
	for (size_t i = 0; i < n; i++) {
		json_t *t = json_array_get(targets, i);

		if (str_eq(info_id(t), id))
			return t;
	}
	return NULL;
}

static void warn_same_engine(json_t *kept, json_t *dropped)
{
	const char *first =
	    json_string_value(json_object_get(kept, "endpoint"));
	const char *again =
	    json_string_value(json_object_get(dropped, "endpoint"));
	struct buf id = BUF_INIT;

	escape_terminal(&id, info_id(dropped), 100);
	log_warn("%s and %s are the same engine (/info ID %s); it is "
		 "assessed once, as %s",
		 first ? first : "", again ? again : "", buf_str(&id),
		 first ? first : "");
	buf_clear(&id);
}

/* Drops each target of a snapshot whose engine an earlier one has. */
static void drop_same_engines(json_t *snapshot)
{
	json_t *targets = json_object_get(snapshot, "targets");
	size_t i = 0;

	while (i < json_array_size(targets)) {
		json_t *t = json_array_get(targets, i);
		json_t *kept = same_engine(targets, i, info_id(t));

		if (!kept) {
			i++;
			continue;
		}
		warn_same_engine(kept, t);
		json_array_remove(targets, i);
	}
}

/*
 * Collects engine `k` into `targets`; returns an exit code. A target whose
 * engine-wide parts could not all be read is still assessed, with the
 * rules that need them as errors, but the scan exits with
 * EXIT_UNREACHABLE.
 */
static int scan_one(const struct scan_options *o, size_t k,
		    struct progress *progress, json_t *targets)
{
	struct collect_options co = {
	    .all = o->all,
	    /* dockerd runs ps in the container for each /top request. */
	    .skip_top = !rule_selected(o, "5.7"),
	};
	struct buf err = BUF_INIT;
	json_t *target = NULL, *kept = NULL;
	int rc, status = EXIT_DONE;

	engine_args_target(&o->engine, k, &co.engine);
	if (isatty(STDERR_FILENO)) {
		co.progress = show_progress;
		co.progress_data = progress;
	}
	rc = collect_target(&co, &target, &err);
	if (!rc)
		kept = same_engine(targets, json_array_size(targets),
				   info_id(target));
	if (kept) {
		warn_same_engine(kept, target);
		json_decref(target);
		return EXIT_DONE;
	}
	if (!rc)
		rc = host_args_collect(&o->host, target, &err);
	if (rc) {
		fprintf(stderr, "stridewatch: %s\n", buf_str(&err));
		status = engine_args_exit_code(rc);
		json_decref(target);
	} else {
		if (engine_args_warn_unreadable(target))
			status = EXIT_UNREACHABLE;
		json_array_append_new(targets, target);
	}
	buf_clear(&err);
	return status;
}

/* Collects every engine into one snapshot; returns an exit code. */
static int scan_collect(const struct scan_options *o, json_t *snapshot)
{
	struct progress progress = {0};
	json_t *targets = json_object_get(snapshot, "targets");
	size_t n = engine_args_count(&o->engine);
	int status = EXIT_DONE;

	clock_gettime(CLOCK_MONOTONIC, &progress.start);
	for (size_t i = 0; i < n; i++) {
		int one = scan_one(o, i, &progress, targets);

		if (one != EXIT_DONE)
			status = one;
	}
	return status;
}

/* --no-host-facts on a snapshot: assess it as if collected without them. */
static void drop_host_facts(json_t *snapshot)
{
	json_t *targets = json_object_get(snapshot, "targets");
	size_t i;
	json_t *t;

	json_array_foreach(targets, i, t)
	{
		json_object_del(t, "host");
	}
}

static int scan_assess(const struct scan_options *o, json_t *snapshot)
{
	struct model *model = NULL;
	struct assessment *a = NULL;
	struct buf err = BUF_INIT;
	int rc, status;

	rc = snapshot_to_model(snapshot, &model, &err);
	if (rc && o->snapshot) {
		fprintf(stderr, "stridewatch: %s: %s\n", o->snapshot,
			buf_str(&err));
		buf_clear(&err);
		return EXIT_USAGE;
	}
	if (rc) {
		fprintf(stderr, "stridewatch: %s\n", buf_str(&err));
		buf_clear(&err);
		return EXIT_USAGE;
	}
	rc = assess_model(model, &o->common.selection, &a);
	if (rc) {
		fprintf(stderr, "stridewatch: assessment failed: %s\n",
			sw_strerror(rc));
		model_free(model);
		return EXIT_USAGE;
	}
	status = common_report_and_gate(&o->common, a, "scan");
	assessment_free(a);
	model_free(model);
	buf_clear(&err);
	return status;
}

int cmd_scan(int argc, char **argv)
{
	struct scan_options o = {0};
	struct buf err = BUF_INIT;
	json_t *snapshot = NULL;
	int status = EXIT_USAGE;
	int collect_status = EXIT_DONE;

	common_options_init(&o.common);
	if (scan_parse(argc, argv, &o))
		goto out;
	if (selection_validate(&o.common.selection, &err)) {
		fprintf(stderr, "stridewatch: %s\n", buf_str(&err));
		goto out;
	}
	if (host_args_check(&o.host, &err)) {
		fprintf(stderr, "stridewatch: %s\n", buf_str(&err));
		goto out;
	}
	if (common_options_load_waivers(&o.common))
		goto out;
	if (o.snapshot) {
		if (snapshot_read_file(o.snapshot, &snapshot, &err)) {
			fprintf(stderr, "stridewatch: %s\n", buf_str(&err));
			goto out;
		}
		if (o.host.disabled)
			drop_host_facts(snapshot);
		if (o.host.host.trusted_users &&
		    host_snapshot_set_trusted_users(
			snapshot, o.host.host.trusted_users, &err)) {
			fprintf(stderr, "stridewatch: %s\n", buf_str(&err));
			goto out;
		}
		drop_same_engines(snapshot);
	} else {
		snapshot = snapshot_new();
		collect_status = scan_collect(&o, snapshot);
		if (json_array_size(json_object_get(snapshot, "targets")) ==
		    0) {
			status = collect_status;
			goto out;
		}
	}
	status = scan_assess(&o, snapshot);
	/* An unreachable engine outranks the gates: the scan is incomplete. */
	if (collect_status != EXIT_DONE)
		status = collect_status;
out:
	json_decref(snapshot);
	buf_clear(&err);
	common_options_clear(&o.common);
	return status;
}
