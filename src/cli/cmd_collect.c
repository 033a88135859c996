/* stridewatch collect: writes a snapshot of one or more engines. */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/engine_args.h"
#include "cli/host_args.h"
#include "collect/collect.h"
#include "collect/engine.h"
#include "model/snapshot.h"
#include "util/error.h"
#include "util/log.h"
#include "util/strutil.h"

struct collect_cli {
	struct engine_args engine;
	struct host_args host;
	const char *output; /* NULL or "-" = stdout */
	const char *name;
	bool all;
	bool compact;
	bool quiet;
};

static const struct option collect_long_options[] = {
    ENGINE_ARGS_LONG_OPTIONS,
    HOST_ARGS_LONG_OPTIONS,
    {"all", no_argument, NULL, 'a'},
    {"output", required_argument, NULL, 'o'},
    {"name", required_argument, NULL, 0},
    {"compact", no_argument, NULL, 0},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static void collect_usage(FILE *out)
{
	fputs("usage: stridewatch collect [OPTIONS]\n\n"
	      "Reads an engine with GET requests only, and its host's files "
	      "where they can be\nread, and writes what it found as a "
	      "snapshot (JSON) that 'stridewatch scan\n--snapshot FILE' "
	      "assesses later or elsewhere.\n\n"
	      "  -a, --all             include stopped containers\n"
	      "  -o, --output FILE     write the snapshot to FILE (mode "
	      "0600) instead of stdout\n"
	      "      --name NAME       target name in the snapshot "
	      "(default: the engine's host\n"
	      "                        name); only with one engine\n"
	      "      --compact         write the JSON without "
	      "indentation\n"
	      "  -q, --quiet           no progress or warnings\n"
	      "  -v, --verbose         log each step\n"
	      "  -h, --help            show this help\n\n",
	      out);
	engine_args_usage(out);
	fputc('\n', out);
	host_args_usage(out);
	fputs("\nA snapshot holds the engine's own replies, container "
	      "environments included:\nkeep it as private as the engine.\n\n"
	      "Exit codes: 0 done, 2 invalid usage, 3 an engine could not "
	      "be reached or read\nwhole (the snapshot then holds what "
	      "could be read).\n",
	      out);
}

static int apply_option(struct collect_cli *o, const char *name,
			const char *value)
{
	struct buf err = BUF_INIT;
	int rc;

	if (str_eq(name, "name")) {
		o->name = value;
		return 0;
	}
	if (str_eq(name, "compact")) {
		o->compact = true;
		return 0;
	}
	if (host_args_apply(&o->host, name, value))
		return 0;
	rc = engine_args_apply(&o->engine, name, value, &err);
	if (rc < 0)
		log_error("%s", buf_str(&err));
	buf_clear(&err);
	return rc < 0 ? -1 : 0;
}

static int collect_parse(int argc, char **argv, struct collect_cli *o)
{
	int c, index;

	optind = 1;
	while ((c = getopt_long(argc, argv, "H:ao:qvh", collect_long_options,
				&index)) != -1) {
		const char *name;

		switch (c) {
		case 0:
			name = collect_long_options[index].name;
			break;
		case 'H':
			name = "host";
			break;
		case 'a':
			o->all = true;
			continue;
		case 'o':
			o->output = optarg;
			continue;
		case 'q':
			o->quiet = true;
			log_set_level(LOG_ERROR);
			continue;
		case 'v':
			log_set_level(LOG_DEBUG);
			continue;
		case 'h':
			collect_usage(stdout);
			return 1;
		default:
			fprintf(stderr, "Run 'stridewatch collect --help' for "
					"the options.\n");
			return -1;
		}
		if (apply_option(o, name, optarg))
			return -1;
	}
	if (optind < argc) {
		log_error("unexpected argument '%s'; collect takes options "
			  "only (run 'stridewatch collect --help')",
			  argv[optind]);
		return -1;
	}
	if (o->name && engine_args_count(&o->engine) > 1) {
		log_error("--name names one engine, but %zu --host options "
			  "were given",
			  engine_args_count(&o->engine));
		return -1;
	}
	return 0;
}

/* Shows the count on a terminal, at most about 100 times per engine. */
static void show_progress(void *data, size_t done, size_t total)
{
	size_t step = total > 100 ? total / 100 : 1;

	(void)data;
	if (done % step && done != total)
		return;
	fprintf(stderr, "\rstridewatch: inspected %zu of %zu containers", done,
		total);
	if (done == total)
		fputs("\r\033[K", stderr);
}

static void set_collected_at(json_t *doc)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_object_set_new(doc, "collected_at", json_string(stamp));
}

/* How long the test hook waits for its pause file to go away. */
#define TEST_PAUSE_MAX_MS 60000

/*
 * Test hook: with STRIDEWATCH_TEST_PAUSE_FILE=PATH, collection waits after
 * the container list while PATH exists (at most TEST_PAUSE_MAX_MS), so a
 * test can remove a container before its inspection. The hook only tests
 * whether PATH exists: it creates, opens, reads and writes no file, so
 * running as root it cannot touch one.
 */
static void test_pause(void *data)
{
	const char *path = getenv("STRIDEWATCH_TEST_PAUSE_FILE");
	struct timespec tick = {0, 10 * 1000 * 1000};

	(void)data;
	if (str_empty(path) || access(path, F_OK) != 0)
		return;
	log_warn("test hook: STRIDEWATCH_TEST_PAUSE_FILE is set, so "
		 "collection waits while '%s' exists",
		 path);
	for (int ms = 0; ms < TEST_PAUSE_MAX_MS && access(path, F_OK) == 0;
	     ms += 10)
		nanosleep(&tick, NULL);
}

/* Warns about each host fact group that could not be read. */
static void warn_host_parts(json_t *target)
{
	const char *name = json_string_value(json_object_get(target, "name"));
	json_t *host = json_object_get(json_object_get(target, "host"), "data");
	const char *key;
	json_t *part;

	json_object_foreach(host, key, part)
	{
		const char *status =
		    json_string_value(json_object_get(part, "status"));
		const char *error =
		    json_string_value(json_object_get(part, "error"));

		if (!str_eq(status, "denied") && !str_eq(status, "failed"))
			continue;
		log_warn("%s: host facts: %s is %s: %s", name, key, status,
			 error ? error : "no reason given");
	}
}

/* Logs at debug level which engine is collected, without a password. */
static void log_collecting(const char *url)
{
	struct buf shown = BUF_INIT;

	if (log_get_level() < LOG_DEBUG)
		return;
	if (url)
		engine_url_redact(&shown, url);
	log_debug("collecting from %s",
		  url ? buf_str(&shown) : "the default engine");
	buf_clear(&shown);
}

/*
 * Collects engine `k` into `doc`; returns an exit code. A target whose
 * engine-wide parts could not all be read is kept in the snapshot, but
 * makes collect exit with EXIT_UNREACHABLE.
 */
static int collect_one(const struct collect_cli *o, size_t k, json_t *doc)
{
	struct collect_options opts = {
	    .name = o->name,
	    .all = o->all,
	    .progress =
		!o->quiet && isatty(STDERR_FILENO) ? show_progress : NULL,
	    .listed = test_pause,
	};
	struct buf err = BUF_INIT;
	json_t *target = NULL;
	int rc, status = EXIT_DONE;

	engine_args_target(&o->engine, k, &opts.engine);
	log_collecting(opts.engine.url);
	rc = collect_target(&opts, &target, &err);
	if (!rc)
		rc = host_args_collect(&o->host, target, &err);
	if (rc) {
		log_error("%s", err.len ? buf_str(&err) : sw_strerror(rc));
		status = engine_args_exit_code(rc);
		json_decref(target);
	} else {
		if (engine_args_warn_unreadable(target))
			status = EXIT_UNREACHABLE;
		warn_host_parts(target);
		json_array_append_new(json_object_get(doc, "targets"), target);
	}
	buf_clear(&err);
	return status;
}

/* Writes to a temporary file beside `path`, then renames it into place. */
static int write_file(json_t *doc, const char *path, size_t flags)
{
	char *dir_copy = strdup(path);
	struct buf tmp = BUF_INIT;
	FILE *f = NULL;
	int fd, rc = -1;

	if (!dir_copy ||
	    buf_printf(&tmp, "%s/.stridewatch-XXXXXX", dirname(dir_copy)))
		goto out;
	fd = mkstemp(tmp.data);
	if (fd < 0) {
		log_error("cannot create a file beside '%s': %s", path,
			  strerror(errno));
		goto out;
	}
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp.data);
		goto out;
	}
	if (json_dumpf(doc, f, flags) || fputc('\n', f) == EOF || fflush(f) ||
	    fsync(fileno(f))) {
		log_error("cannot write '%s': %s", path, strerror(errno));
		fclose(f);
		unlink(tmp.data);
		goto out;
	}
	fclose(f);
	if (rename(tmp.data, path)) {
		log_error("cannot replace '%s': %s", path, strerror(errno));
		unlink(tmp.data);
		goto out;
	}
	rc = 0;
out:
	free(dir_copy);
	buf_clear(&tmp);
	return rc;
}

static int write_snapshot(const struct collect_cli *o, json_t *doc)
{
	size_t flags = o->compact ? JSON_COMPACT : JSON_INDENT(2);

	if (o->output && !str_eq(o->output, "-"))
		return write_file(doc, o->output, flags);
	if (json_dumpf(doc, stdout, flags) || fputc('\n', stdout) == EOF ||
	    fflush(stdout)) {
		log_error("cannot write the snapshot to standard output: %s",
			  strerror(errno));
		return -1;
	}
	return 0;
}

/* Rejects an invalid --host before any engine is contacted. */
static int check_hosts(const struct collect_cli *o)
{
	for (size_t k = 0; k < o->engine.n_hosts; k++) {
		struct buf err = BUF_INIT;
		struct engine_url url;
		int rc =
		    engine_url_parse(o->engine.hosts[k], "--host", &url, &err);

		if (rc)
			log_error("%s", buf_str(&err));
		buf_clear(&err);
		if (rc)
			return rc;
	}
	return 0;
}

static int check_host_args(const struct collect_cli *o)
{
	struct buf err = BUF_INIT;
	int rc = host_args_check(&o->host, &err);

	if (rc)
		log_error("%s", buf_str(&err));
	buf_clear(&err);
	return rc;
}

int cmd_collect(int argc, char **argv)
{
	struct collect_cli o = {0};
	bool unreachable = false;
	json_t *doc;
	int rc;

	rc = collect_parse(argc, argv, &o);
	if (rc)
		return rc > 0 ? EXIT_DONE : EXIT_USAGE;
	if (check_hosts(&o) || check_host_args(&o))
		return EXIT_USAGE;
	doc = snapshot_new();
	if (!doc) {
		log_error("out of memory");
		return EXIT_UNREACHABLE;
	}
	set_collected_at(doc);
	for (size_t k = 0; k < engine_args_count(&o.engine); k++) {
		int code = collect_one(&o, k, doc);

		if (code == EXIT_USAGE) {
			json_decref(doc);
			return EXIT_USAGE;
		}
		if (code == EXIT_UNREACHABLE)
			unreachable = true;
	}
	/*
	 * An unreachable engine leaves out its target, not the others, and an
	 * unreadable part is kept as failed.
	 */
	rc = EXIT_DONE;
	if (json_array_size(json_object_get(doc, "targets")) &&
	    write_snapshot(&o, doc))
		rc = EXIT_USAGE;
	json_decref(doc);
	if (rc == EXIT_DONE && unreachable)
		rc = EXIT_UNREACHABLE;
	return rc;
}
