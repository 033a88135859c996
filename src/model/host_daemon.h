/*
 * The effective daemon configuration: daemon.json, the dockerd command
 * line (from /proc or the unit's ExecStart), the engine's /info and
 * dockerd's defaults, merged with the source of every setting kept.
 */
#ifndef SW_MODEL_HOST_DAEMON_H
#define SW_MODEL_HOST_DAEMON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* 1 MiB: the largest daemon.json read; dockerd's own are a few KiB. */
#define DAEMON_JSON_MAX ((size_t)1 << 20)

#define DAEMON_JSON_DEFAULT "/etc/docker/daemon.json"

struct daemon_config_input {
	const char *config_path; /* daemon.json path, for sources */
	const char *config_text; /* NULL when the file is absent */
	size_t config_len;
	const char *const *argv; /* dockerd's argv, argv[0] first */
	size_t argc;
	/* Where argv came from, for sources and messages: "pid 42" or
	 * "ExecStart of /lib/systemd/system/docker.service". */
	const char *argv_source;
	json_t *info; /* GET /info, or NULL */
	/* The engine's HOME and XDG_RUNTIME_DIR, for rootless defaults. */
	const char *home;	 /* NULL when unknown */
	const char *runtime_dir; /* NULL when unknown */
};

/*
 * Builds the effective configuration. `*settings` becomes an object of
 * {"name": {"value": JSON, "source": "..."}} keyed by daemon.json key,
 * where the source is "from PATH" (daemon.json), "dockerd flag --x=1, pid
 * 42" (argv_source after the comma), "engine /info" or "dockerd default".
 * `*problems` becomes an array of messages for what dockerd would reject: a key
 * given both as a flag and in the file, an unknown key or flag, a value of
 * the wrong type, invalid JSON. Both are new references. Returns 0 or
 * SW_ENOMEM.
 */
int daemon_config_build(const struct daemon_config_input *in, json_t **settings,
			json_t **problems);

/*
 * Returns the value of `--config-file` on a dockerd command line, or NULL
 * when it is not given. The result points into `argv`.
 */
const char *daemon_argv_config_file(const char *const *argv, size_t argc);

/*
 * Returns a new array of the unix socket paths the engine listens on: its
 * unix:// hosts, and for fd:// the docker.socket ListenStream paths
 * (`listen_streams`, may be NULL). NULL when out of memory.
 */
json_t *daemon_unix_sockets(json_t *settings, json_t *listen_streams);

/* Whether the settings or /info describe a rootless engine. */
bool daemon_config_rootless(json_t *settings, json_t *info);

/* Returns the string value of setting `name`, or NULL. */
const char *daemon_config_string(json_t *settings, const char *name);
/* Returns the value of setting `name` (borrowed), or NULL. */
json_t *daemon_config_value(json_t *settings, const char *name);

/* Whether `key` is a top-level daemon.json key that dockerd 20.10 knows. */
bool daemon_key_known(const char *key);

#endif
