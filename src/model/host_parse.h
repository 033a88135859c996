/*
 * Parsers for host files: systemd unit files and environment files, the
 * mount table, and audit rules. Each takes text of a given length (not
 * necessarily NUL-terminated) and never reads past it.
 */
#ifndef SW_MODEL_HOST_PARSE_H
#define SW_MODEL_HOST_PARSE_H

#include <jansson.h>
#include <stddef.h>

#include "model/host.h"
#include "util/arena.h"

/* 256 KiB: the largest unit, environment, rule or mount file read. */
#define HOST_TEXT_MAX ((size_t)256 << 10)

/*
 * What the docker units set, accumulated over the unit file and its
 * drop-ins in the order systemd applies them. Every member is a JSON
 * array (or object for `environment`) owned by the struct.
 */
struct unit_settings {
	json_t *exec_start;	   /* [Service] ExecStart= values */
	json_t *environment;	   /* Environment= assignments, by name */
	json_t *environment_files; /* EnvironmentFile= paths, "-" kept */
	json_t *listen_streams;	   /* [Socket] ListenStream= values */
};

int unit_settings_init(struct unit_settings *u);
void unit_settings_clear(struct unit_settings *u);

/*
 * Applies one unit file or drop-in: continuation lines, comments, and an
 * empty assignment ("ExecStart=") resetting the list as systemd does.
 * Returns 0 or SW_ENOMEM.
 */
int unit_file_apply(struct unit_settings *u, const char *text, size_t len);

/*
 * The effective daemon configuration of a snapshot "host" part, as both
 * collection (to learn which files to read) and normalization use it.
 */
struct host_config {
	struct unit_settings unit;
	json_t *exec_argv; /* ExecStart split into argv; NULL without unit */
	json_t *settings;  /* see daemon_config_build() */
	json_t *problems;
	json_t *sockets; /* unix socket paths, see daemon_unix_sockets() */
};

/*
 * Loads the configuration from the host part's data (`host`) and GET
 * /info (`info`, may be NULL). Returns 0 or SW_ENOMEM; clear `c` with
 * host_config_clear() after success.
 */
int host_config_load(json_t *host, json_t *info, struct host_config *c);
void host_config_clear(struct host_config *c);

/*
 * Adds the assignments of an EnvironmentFile= file (KEY=value lines,
 * quotes removed) to `env`. Returns 0 or SW_ENOMEM.
 */
int env_file_apply(json_t *env, const char *text, size_t len);

/*
 * Splits an ExecStart= command line into argv the way systemd does:
 * leading prefixes (@-:+!) dropped, quotes and backslash escapes, "$VAR"
 * alone split into words, "${VAR}" kept as one. Returns a new array of
 * strings, or NULL when out of memory.
 */
json_t *exec_start_split(const char *cmdline, json_t *env);

/*
 * Parses /proc/PID/mountinfo, or /proc/mounts when the text has that
 * layout, with octal escapes (\040) decoded. Malformed lines are skipped.
 * Returns 0 or SW_ENOMEM; `*out` is NULL when there are no entries.
 */
int mount_table_parse(struct arena *a, const char *text, size_t len,
		      struct mount_entry **out, size_t *n);

/*
 * Returns the mount that holds `path`: the last entry with the longest
 * mount point that is `path` or a parent of it. NULL when none matches.
 */
const struct mount_entry *mount_table_find(const struct mount_entry *m,
					   size_t n, const char *path);

/*
 * Parses audit rules, as rule files or `auditctl -l` print them, and
 * appends the rules that watch a path to `*rules`. `file` names the rule
 * file for locations, NULL for auditctl. Returns 0 or SW_ENOMEM.
 */
int audit_rules_parse(struct arena *a, const char *text, size_t len,
		      const char *file, struct audit_rule **rules, size_t *n);

/*
 * Returns the first rule that records writes to `path`: a rule on the path
 * itself, or a directory rule above it. NULL when none does.
 */
const struct audit_rule *audit_rules_find(const struct audit_rule *r, size_t n,
					  const char *path);

#endif
