/*
 * The configuration of `stridewatch watch`, read from a YAML file. See
 * docs/watch.md for every key and examples/watch.yaml for an example.
 */
#ifndef SW_WATCH_CONFIG_H
#define SW_WATCH_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "assess/assess.h"
#include "collect/collect.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/log.h"

/* Limits that keep a configuration file from asking for unbounded work. */
#define WATCH_TARGETS_MAX      1024
#define WATCH_SINKS_MAX	       16
#define WATCH_LABELS_MAX       32
#define WATCH_NAME_MAX	       64
#define WATCH_CONFIG_MAX_BYTES ((size_t)1 << 20)

/* The default HTTP listen address: loopback only, so no token is needed. */
#define WATCH_DEFAULT_LISTEN "127.0.0.1:9474"
#define WATCH_DEFAULT_STORE  "/var/lib/stridewatch/history.db"

/* The source of a target's host facts (see collect/host.h). */
enum host_source {
	HOST_SOURCE_NONE,  /* not read: host rules are reported as manual */
	HOST_SOURCE_LOCAL, /* from this machine's files */
	HOST_SOURCE_ROOT,  /* from a host root mounted at `root` */
	HOST_SOURCE_SSH,   /* over SSH */
};

struct watch_label {
	const char *name;
	const char *value;
};

struct watch_target {
	const char *name;
	struct engine_options engine; /* url and TLS settings */
	bool all;		      /* stopped containers too */
	enum host_source host_source;
	const char *host_root;	   /* HOST_SOURCE_ROOT */
	const char *host_ssh;	   /* HOST_SOURCE_SSH */
	const char *trusted_users; /* comma-separated; NULL when not given */
	const char *daemon_config; /* NULL: found from the engine */
	struct watch_label *labels;
	size_t n_labels;
	int criticality; /* 1 (low) to 3 (high) */
};

enum sink_type { SINK_WEBHOOK, SINK_LOG };

struct sink_config {
	enum sink_type type;
	const char *name;  /* for logs: "webhook 1" unless given */
	const char *url;   /* webhook: http:// or https:// */
	const char *token; /* webhook: bearer token read from token_file */
	long timeout_ms;   /* webhook: per attempt */
	int retries;	   /* webhook: attempts after the first */
	long backoff_ms;   /* webhook: first delay, doubled per retry */
	const char *path;  /* log: file to append JSON lines to */
};

struct watch_config {
	struct arena arena;
	const char *path; /* the file read */

	struct watch_target *targets;
	size_t n_targets;
	int64_t interval_ms; /* full assessment period */
	int64_t retention_s; /* 0 keeps history forever */
	const char *store;   /* SQLite path */
	const char *waivers; /* NULL when none */
	struct selection selection;

	enum severity alert_min_severity;
	struct sink_config *sinks;
	size_t n_sinks;

	bool http_enabled;
	const char *listen; /* "HOST:PORT" or "[V6]:PORT" */
	const char *token;  /* required unless `listen` is loopback */

	enum log_level log_level;
};

/*
 * Reads and validates a configuration file. Returns 0 and a new
 * configuration in `*out`; SW_EIO when the file cannot be read; SW_EINVAL
 * with "PATH:LINE:COLUMN: KEY: what is wrong with VALUE; what to do" in
 * `err` for the first invalid key.
 */
int watch_config_load(const char *path, struct watch_config **out,
		      struct buf *err);

/* Parses configuration text; `path` is used in messages only. */
int watch_config_parse(const char *path, const char *text, size_t len,
		       struct watch_config **out, struct buf *err);

void watch_config_free(struct watch_config *c);

/* Returns the target of this name, or NULL. */
const struct watch_target *
watch_config_find_target(const struct watch_config *c, const char *name);

/*
 * Parses a duration with a unit: "500ms", "30s", "15m", "2h", "90d".
 * Returns SW_EINVAL for a bare number, an unknown unit or overflow.
 */
int duration_parse(const char *s, int64_t *ms);

/* Whether a listen address binds to loopback only. */
bool listen_is_loopback(const char *listen);

#endif
