/*
 * Host collection decides which files matter from the engine's own
 * configuration and reads them through a host reader (local or SSH). It
 * stores them in the snapshot as read, so normalization parses the same
 * text for a live scan and for a saved snapshot.
 */
#include "collect/host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/host_reader.h"
#include "model/host_daemon.h"
#include "model/host_parse.h"
#include "model/snapshot.h"
#include "util/error.h"
#include "util/strutil.h"

/* 1 MiB: the largest /proc file (cmdline, environ, mountinfo) read. */
#define PROC_TEXT_MAX ((size_t)1 << 20)
/* 16: dockerd processes compared when several run on one host. */
#define CANDIDATES_MAX 16
/* 256: registry certificate files listed under certs.d. */
#define CERTS_MAX 256

/* systemd's unit directories, most important first. */
static const char *const unit_dirs[] = {
    "/etc/systemd/system",	     "/run/systemd/system",
    "/usr/local/lib/systemd/system", "/lib/systemd/system",
    "/usr/lib/systemd/system",
};

static const char *const binary_dirs[] = {
    "/usr/bin",	       "/usr/sbin", "/usr/local/bin",
    "/usr/local/sbin", "/bin",	    "/sbin",
};

struct collector {
	struct host_reader *r;
	const struct host_options *o;
	json_t *host;
	json_t *info;
	json_t *paths;
	json_t *process;   /* the chosen process's data, or NULL */
	json_t *exec_argv; /* the unit's ExecStart argv, or NULL */
	json_t *users;	   /* uid -> name, from the host's /etc/passwd */
	json_t *groups;	   /* gid -> name */
	/* The root is another machine's, whose kernel auditctl cannot ask. */
	bool other_kernel;
};

static enum part_status status_of(int rc)
{
	switch (rc) {
	case 0:
		return PART_COLLECTED;
	case SW_ENOTFOUND:
		return PART_NOT_PRESENT;
	case SW_EPERM:
		return PART_DENIED;
	default:
		return PART_FAILED;
	}
}

/* A JSON string of arbitrary bytes: invalid UTF-8 bytes become '?'. */
static json_t *json_text(const char *s, size_t len)
{
	json_t *v = json_stringn(s, len);
	char *copy;

	if (v)
		return v;
	copy = malloc(len + 1);
	if (!copy)
		return NULL;
	for (size_t i = 0; i < len; i++)
		copy[i] = (s[i] & 0x80) ? '?' : s[i];
	copy[len] = '\0';
	v = json_stringn(copy, len);
	free(copy);
	return v;
}

static int part_set(json_t *obj, const char *key, int rc, json_t *data,
		    const struct buf *err)
{
	enum part_status s = status_of(rc);
	json_t *part;

	if (s != PART_COLLECTED) {
		json_decref(data);
		data = NULL;
	}
	part =
	    snapshot_part(s, data, s == PART_COLLECTED ? NULL : buf_str(err));
	return json_object_set_new(obj, key, part) ? SW_ENOMEM : 0;
}

/* Reads a file into {"path": ..., "text": ...}. */
static int file_read(struct collector *c, const char *path, size_t max,
		     json_t **out, struct buf *err)
{
	struct buf text = BUF_INIT;
	int rc;

	buf_init(&text, max);
	*out = NULL;
	rc = c->r->read_file(c->r, path, &text, err);
	if (!rc) {
		*out = json_pack("{s:s, s:o}", "path", path, "text",
				 json_text(buf_str(&text), text.len));
		if (!*out)
			rc = SW_ENOMEM;
	}
	buf_clear(&text);
	return rc;
}

/* ---- The engine's process ---- */

static json_t *cmdline_split(const struct buf *b)
{
	json_t *argv = json_array();

	for (size_t pos = 0; argv && pos < b->len;) {
		const char *s = b->data + pos;
		size_t len = strnlen(s, b->len - pos);

		json_array_append_new(argv, json_text(s, len));
		pos += len + 1;
	}
	return argv;
}

/* Keeps only the variables that locate a rootless engine's files. */
static json_t *environ_pick(const struct buf *b)
{
	static const char *const keep[] = {"HOME", "XDG_RUNTIME_DIR",
					   "XDG_CONFIG_HOME"};
	json_t *env = json_object();

	for (size_t pos = 0; env && pos < b->len;) {
		const char *s = b->data + pos;
		size_t len = strnlen(s, b->len - pos);

		for (size_t i = 0; i < 3; i++) {
			size_t n = strlen(keep[i]);

			if (len > n && !strncmp(s, keep[i], n) && s[n] == '=')
				json_object_set_new(
				    env, keep[i],
				    json_text(s + n + 1, len - n - 1));
		}
		pos += len + 1;
	}
	return env;
}

static int64_t status_uid(const struct buf *b)
{
	const char *line = strstr(buf_str(b), "\nUid:");
	long long uid;

	if (!line || sscanf(line + 5, "%lld", &uid) != 1)
		return -1;
	return uid;
}

static json_t *process_read(struct collector *c, int64_t pid)
{
	struct buf text = BUF_INIT, ignored = BUF_INIT;
	char path[64];
	json_t *p;

	buf_init(&text, PROC_TEXT_MAX);
	p = json_pack("{s:I}", "pid", (json_int_t)pid);
	snprintf(path, sizeof(path), "/proc/%lld/cmdline", (long long)pid);
	if (p && !c->r->read_file(c->r, path, &text, &ignored))
		json_object_set_new(p, "cmdline", cmdline_split(&text));
	buf_reset(&text);
	snprintf(path, sizeof(path), "/proc/%lld/status", (long long)pid);
	if (p && !c->r->read_file(c->r, path, &text, &ignored))
		json_object_set_new(p, "uid", json_integer(status_uid(&text)));
	buf_reset(&text);
	snprintf(path, sizeof(path), "/proc/%lld/exe", (long long)pid);
	if (p && !c->r->readlink(c->r, path, &text, &ignored))
		json_object_set_new(p, "exe",
				    json_text(buf_str(&text), text.len));
	buf_reset(&text);
	snprintf(path, sizeof(path), "/proc/%lld/environ", (long long)pid);
	if (p && !c->r->read_file(c->r, path, &text, &ignored))
		json_object_set_new(p, "env", environ_pick(&text));
	buf_clear(&text);
	buf_clear(&ignored);
	if (p && !json_array_size(json_object_get(p, "cmdline"))) {
		json_decref(p);
		return NULL; /* gone, or a kernel thread */
	}
	return p;
}

static bool process_rootless(json_t *process, json_t *argv, json_t *info)
{
	json_t *uid = json_object_get(process, "uid");
	size_t i;
	json_t *a;

	json_array_foreach(argv, i, a)
	{
		if (str_eq(json_string_value(a), "--rootless") ||
		    str_eq(json_string_value(a), "--rootless=true"))
			return true;
	}
	if (json_is_integer(uid) && json_integer_value(uid) > 0)
		return true;
	return daemon_config_rootless(NULL, info);
}

/* daemon.json of an engine: --config-file, the rootless path, or /etc. */
static char *config_path(struct collector *c, json_t *process, json_t *argv)
{
	json_t *env = json_object_get(process, "env");
	const char *xdg =
	    json_string_value(json_object_get(env, "XDG_CONFIG_HOME"));
	const char *home = json_string_value(json_object_get(env, "HOME"));
	const char *args[64];
	size_t n = 0;
	char *path = NULL;

	if (c->o->config_file)
		return strdup(c->o->config_file);
	for (size_t i = 0; i < json_array_size(argv) && n < 64; i++)
		args[n++] = json_string_value(json_array_get(argv, i));
	if (daemon_argv_config_file(args, n))
		return strdup(daemon_argv_config_file(args, n));
	if (process_rootless(process, argv, c->info)) {
		if (xdg && *xdg &&
		    asprintf(&path, "%s/docker/daemon.json", xdg) >= 0)
			return path;
		if (home && *home &&
		    asprintf(&path, "%s/.config/docker/daemon.json", home) >= 0)
			return path;
	}
	return strdup(DAEMON_JSON_DEFAULT);
}

/* The data root one candidate engine uses, from its flags and file. */
static char *candidate_data_root(struct collector *c, json_t *process)
{
	json_t *argv = json_object_get(process, "cmdline");
	char *path = config_path(c, process, argv);
	json_t *host = json_object(), *config = NULL;
	struct buf ignored = BUF_INIT;
	struct host_config cfg;
	char *root = NULL;

	if (!path || !host)
		goto out;
	json_object_set_new(host, "paths",
			    json_pack("{s:s}", "config_file", path));
	json_object_set_new(
	    host, "process",
	    snapshot_part(PART_COLLECTED, json_incref(process), NULL));
	if (!file_read(c, path, DAEMON_JSON_MAX, &config, &ignored))
		json_object_set_new(
		    host, "daemon_json",
		    snapshot_part(PART_COLLECTED, config, NULL));
	if (!host_config_load(host, NULL, &cfg)) {
		const char *s = daemon_config_string(cfg.settings, "data-root");

		root = s ? strdup(s) : NULL;
		host_config_clear(&cfg);
	}
out:
	free(path);
	json_decref(host);
	buf_clear(&ignored);
	return root;
}

/* Whether an engine with data root `root` reports `docker_root`: equal,
 * or the user-namespace subdirectory ROOT/UID.GID below it. */
static bool data_root_matches(const char *root, const char *docker_root)
{
	size_t n = strlen(root);

	while (n > 1 && root[n - 1] == '/')
		n--;
	if (strncmp(root, docker_root, n))
		return false;
	if (!docker_root[n])
		return true;
	return docker_root[n] == '/' && !strchr(docker_root + n + 1, '/');
}

/*
 * Picks the engine's process among the dockerd processes: the one whose
 * data root is the DockerRootDir that /info reported, since no two
 * engines can share a data root.
 */
static int process_choose(struct collector *c, json_t *candidates,
			  json_t **chosen, struct buf *err)
{
	const char *docker_root =
	    json_string_value(json_object_get(c->info, "DockerRootDir"));
	json_t *match = NULL;
	size_t i, matches = 0;
	json_t *p;

	if (json_array_size(candidates) == 1 && !docker_root) {
		*chosen = json_incref(json_array_get(candidates, 0));
		return 0;
	}
	json_array_foreach(candidates, i, p)
	{
		char *root = candidate_data_root(c, p);

		if (root && docker_root &&
		    data_root_matches(root, docker_root)) {
			match = p;
			matches++;
		}
		free(root);
	}
	if (matches == 1) {
		*chosen = json_incref(match);
		return 0;
	}
	buf_printf(err,
		   "%zu dockerd processes run and %s uses data root '%s'; "
		   "cannot tell which one is the engine",
		   json_array_size(candidates),
		   matches ? "more than one" : "none",
		   docker_root ? docker_root : "(unknown: /info not read)");
	return SW_EIO;
}

static int process_collect(struct collector *c)
{
	json_t *pids = json_array(), *candidates = json_array();
	json_t *chosen = NULL;
	struct buf err = BUF_INIT;
	size_t i;
	json_t *pid;
	int rc;

	if (!pids || !candidates) {
		rc = SW_ENOMEM;
		goto out;
	}
	rc = c->r->find_pids(c->r, "dockerd", pids, &err);
	json_array_foreach(pids, i, pid)
	{
		json_t *p;

		if (rc || json_array_size(candidates) >= CANDIDATES_MAX)
			break;
		p = process_read(c, json_integer_value(pid));
		if (p)
			json_array_append_new(candidates, p);
	}
	if (!rc && !json_array_size(candidates)) {
		buf_puts(&err, "no dockerd process found in /proc");
		rc = SW_ENOTFOUND;
	}
	if (!rc)
		rc = process_choose(c, candidates, &chosen, &err);
	c->process = chosen;
	rc = part_set(c->host, "process", rc, json_incref(chosen), &err);
out:
	json_decref(pids);
	json_decref(candidates);
	buf_clear(&err);
	return rc == SW_ENOMEM ? rc : 0;
}

/* ---- systemd units ---- */

static char *unit_find(struct collector *c, const char *name)
{
	for (size_t i = 0; i < sizeof(unit_dirs) / sizeof(unit_dirs[0]); i++) {
		struct host_stat st;
		struct buf ignored = BUF_INIT;
		char *path;
		int rc;

		if (asprintf(&path, "%s/%s", unit_dirs[i], name) < 0)
			return NULL;
		rc = c->r->stat(c->r, path, &st, &ignored);
		buf_clear(&ignored);
		if (!rc && st.type == HOST_FILE_REGULAR)
			return path;
		free(path);
	}
	return NULL;
}

/* For each drop-in file name the most important directory wins, and
 * systemd applies the drop-ins in file name order. */
static int dropins_collect(struct collector *c, const char *unit, json_t *out)
{
	json_t *seen = json_object();
	const char *name;
	json_t *path;
	int rc = 0;

	if (!seen)
		return SW_ENOMEM;
	for (size_t i = 0; i < sizeof(unit_dirs) / sizeof(unit_dirs[0]); i++) {
		json_t *names = json_array();
		struct buf ignored = BUF_INIT;
		char *dir;
		size_t j;
		json_t *n;

		if (!names ||
		    asprintf(&dir, "%s/%s.d", unit_dirs[i], unit) < 0) {
			json_decref(names);
			rc = SW_ENOMEM;
			break;
		}
		(void)c->r->list_dir(c->r, dir, names, &ignored);
		json_array_foreach(names, j, n)
		{
			const char *file = json_string_value(n);
			char *full;

			if (!str_ends_with(file, ".conf") ||
			    json_object_get(seen, file))
				continue;
			if (asprintf(&full, "%s/%s", dir, file) >= 0) {
				json_object_set_new(seen, file,
						    json_string(full));
				free(full);
			}
		}
		free(dir);
		json_decref(names);
		buf_clear(&ignored);
	}
	/* jansson keeps insertion order, so sort by file name. */
	{
		const char *keys[128];
		size_t n = 0;

		json_object_foreach(seen, name, path) if (n < 128) keys[n++] =
		    name;
		for (size_t i = 1; i < n; i++)
			for (size_t j = i;
			     j > 0 && strcmp(keys[j - 1], keys[j]) > 0; j--) {
				const char *t = keys[j];

				keys[j] = keys[j - 1];
				keys[j - 1] = t;
			}
		for (size_t i = 0; i < n && !rc; i++) {
			struct buf ignored = BUF_INIT;
			json_t *f = NULL;

			if (!file_read(c,
				       json_string_value(
					   json_object_get(seen, keys[i])),
				       HOST_TEXT_MAX, &f, &ignored))
				json_array_append_new(out, f);
			buf_clear(&ignored);
		}
	}
	json_decref(seen);
	return rc;
}

static int env_files_collect(struct collector *c, json_t *data)
{
	json_t *service = json_object_get(data, "service");
	json_t *dropins = json_object_get(data, "dropins");
	json_t *files = json_object_get(data, "environment_files");
	struct unit_settings u;
	const char *text;
	size_t i;
	json_t *e;
	int rc;

	rc = unit_settings_init(&u);
	if (rc)
		return rc;
	text = json_string_value(json_object_get(service, "text"));
	if (text)
		rc = unit_file_apply(&u, text, strlen(text));
	json_array_foreach(dropins, i, e)
	{
		text = json_string_value(json_object_get(e, "text"));
		if (!rc && text)
			rc = unit_file_apply(&u, text, strlen(text));
	}
	json_array_foreach(u.environment_files, i, e)
	{
		const char *path = json_string_value(e);
		struct buf ignored = BUF_INIT;
		json_t *f = NULL;

		if (path && path[0] == '-')
			path++;
		if (!rc && path && path[0] == '/' &&
		    !file_read(c, path, HOST_TEXT_MAX, &f, &ignored))
			json_array_append_new(files, f);
		buf_clear(&ignored);
	}
	unit_settings_clear(&u);
	return rc;
}

static int units_collect(struct collector *c)
{
	char *service = unit_find(c, "docker.service");
	char *socket = unit_find(c, "docker.socket");
	json_t *data =
	    json_pack("{s:[], s:[]}", "dropins", "environment_files");
	struct buf err = BUF_INIT;
	json_t *f = NULL;
	int rc = 0, service_rc = SW_ENOTFOUND, socket_rc = SW_ENOTFOUND;

	if (!data) {
		rc = SW_ENOMEM;
		goto out;
	}
	json_object_set_new(c->paths, "docker_service",
			    json_string(service ? service : ""));
	json_object_set_new(c->paths, "docker_socket",
			    json_string(socket ? socket : ""));
	if (service)
		service_rc = file_read(c, service, HOST_TEXT_MAX, &f, &err);
	if (!service_rc)
		json_object_set_new(data, "service", f);
	if (socket)
		socket_rc = file_read(c, socket, HOST_TEXT_MAX, &f, &err);
	if (!socket_rc)
		json_object_set_new(data, "socket", f);
	if (service)
		rc = dropins_collect(c, "docker.service",
				     json_object_get(data, "dropins"));
	if (!rc)
		rc = env_files_collect(c, data);
	if (rc)
		goto out;
	if (!service && !socket) {
		buf_puts(&err, "no docker.service or docker.socket unit in "
			       "systemd's unit directories");
		rc = SW_ENOTFOUND;
	} else if (!json_object_get(data, "service") &&
		   !json_object_get(data, "socket")) {
		/* A unit exists, but no unit could be read. */
		rc = service ? service_rc : socket_rc;
	}
	rc = part_set(c->host, "units", rc, json_incref(data), &err);
	if (!rc) {
		struct unit_settings u;

		/*
		 * The ExecStart argv after the drop-ins, for the config path
		 * when no dockerd runs.
		 */
		if (!unit_settings_init(&u)) {
			const char *text = json_string_value(json_object_get(
			    json_object_get(data, "service"), "text"));
			const char *last;
			size_t i;
			json_t *d;

			if (text)
				unit_file_apply(&u, text, strlen(text));
			json_array_foreach(json_object_get(data, "dropins"), i,
					   d)
			{
				text = json_string_value(
				    json_object_get(d, "text"));
				if (text)
					unit_file_apply(&u, text, strlen(text));
			}
			last = json_string_value(json_array_get(
			    u.exec_start, json_array_size(u.exec_start) - 1));
			if (last)
				c->exec_argv = exec_start_split(last, NULL);
			unit_settings_clear(&u);
		}
	}
out:
	free(service);
	free(socket);
	json_decref(data);
	buf_clear(&err);
	return rc;
}

/* ---- daemon.json ---- */

static int config_collect(struct collector *c)
{
	json_t *argv = json_object_get(c->process, "cmdline");
	char *path = config_path(c, c->process, argv ? argv : c->exec_argv);
	struct buf err = BUF_INIT;
	json_t *f = NULL;
	int rc;

	if (!path)
		return SW_ENOMEM;
	json_object_set_new(c->paths, "config_file", json_string(path));
	rc = file_read(c, path, DAEMON_JSON_MAX, &f, &err);
	rc = part_set(c->host, "daemon_json", rc, f, &err);
	free(path);
	buf_clear(&err);
	return rc;
}

/* ---- Paths in use ---- */

static char *binary_find(struct collector *c, const char *name)
{
	for (size_t i = 0; i < sizeof(binary_dirs) / sizeof(binary_dirs[0]);
	     i++) {
		struct buf ignored = BUF_INIT;
		struct host_stat st;
		char *path;
		int rc;

		if (asprintf(&path, "%s/%s", binary_dirs[i], name) < 0)
			return NULL;
		rc = c->r->stat(c->r, path, &st, &ignored);
		buf_clear(&ignored);
		if (!rc && st.type == HOST_FILE_REGULAR)
			return path;
		free(path);
	}
	return NULL;
}

static void path_set(struct collector *c, const char *key, char *path)
{
	json_object_set_new(c->paths, key, json_string(path ? path : ""));
	free(path);
}

/* The binary a process runs: /proc/PID/exe, else an absolute argv[0]. */
static char *process_binary(struct collector *c, json_t *process)
{
	const char *exe = json_string_value(json_object_get(process, "exe"));
	const char *argv0 = json_string_value(
	    json_array_get(json_object_get(process, "cmdline"), 0));
	struct buf ignored = BUF_INIT;
	struct host_stat st;
	const char *path = NULL;

	if (exe && exe[0] == '/' && !strstr(exe, " (deleted)") &&
	    !c->r->stat(c->r, exe, &st, &ignored))
		path = exe;
	else if (argv0 && argv0[0] == '/')
		path = argv0;
	buf_clear(&ignored);
	return path ? strdup(path) : NULL;
}

/*
 * The containerd socket the engine uses: its "containerd" setting, else
 * the socket of the containerd that dockerd starts itself when no system
 * containerd runs (EXEC-ROOT/containerd/containerd.sock, as dockerd 20.10
 * does), else the system containerd's socket.
 */
static char *containerd_socket(struct collector *c, struct host_config *cfg)
{
	const char *set = daemon_config_string(cfg->settings, "containerd");
	const char *exec_root =
	    daemon_config_string(cfg->settings, "exec-root");
	struct buf ignored = BUF_INIT;
	struct host_stat st;
	char *managed = NULL;

	if (str_starts_with(set, "unix://"))
		set += 7;
	if (set && set[0] == '/')
		return strdup(set);
	if (exec_root && exec_root[0] == '/' &&
	    asprintf(&managed, "%s/containerd/containerd.sock", exec_root) < 0)
		managed = NULL;
	/* A socket that exists but cannot be examined is still the one used. */
	if (managed &&
	    c->r->stat(c->r, managed, &st, &ignored) != SW_ENOTFOUND) {
		buf_clear(&ignored);
		return managed;
	}
	free(managed);
	buf_clear(&ignored);
	return strdup("/run/containerd/containerd.sock");
}

static void paths_collect(struct collector *c, struct host_config *cfg)
{
	const char *data_root =
	    daemon_config_string(cfg->settings, "data-root");
	const char *graph = daemon_config_string(cfg->settings, "graph");
	json_t *pids = json_array();
	struct buf ignored = BUF_INIT;
	char *path;

	path = process_binary(c, c->process);
	path_set(c, "dockerd", path ? path : binary_find(c, "dockerd"));
	path = NULL;
	if (pids && !c->r->find_pids(c->r, "containerd", pids, &ignored) &&
	    json_array_size(pids)) {
		json_t *p = process_read(
		    c, json_integer_value(json_array_get(pids, 0)));

		path = process_binary(c, p);
		json_decref(p);
	}
	path_set(c, "containerd", path ? path : binary_find(c, "containerd"));
	path_set(c, "containerd_shim", binary_find(c, "containerd-shim"));
	path_set(c, "containerd_shim_runc_v1",
		 binary_find(c, "containerd-shim-runc-v1"));
	path_set(c, "containerd_shim_runc_v2",
		 binary_find(c, "containerd-shim-runc-v2"));
	path_set(c, "runc", binary_find(c, "runc"));
	path_set(c, "containerd_socket", containerd_socket(c, cfg));
	path_set(c, "data_root",
		 strdup(graph && *graph
			    ? graph
			    : (data_root ? data_root : "/var/lib/docker")));
	json_decref(pids);
	buf_clear(&ignored);
}

/* ---- Owners, modes, names ---- */

/* Loads name:x:id: lines of /etc/passwd or /etc/group into id -> name. */
static json_t *names_load(struct collector *c, const char *path)
{
	struct buf text = BUF_INIT, ignored = BUF_INIT;
	json_t *map = json_object();
	char *save = NULL;

	buf_init(&text, HOST_TEXT_MAX * 4);
	if (map && !c->r->read_file(c->r, path, &text, &ignored)) {
		for (char *line = strtok_r(text.data, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			char *f1 = strchr(line, ':');
			char *f2 = f1 ? strchr(f1 + 1, ':') : NULL;
			char *f3 = f2 ? strchr(f2 + 1, ':') : NULL;

			if (!f3)
				continue;
			*f1 = *f3 = '\0';
			if (!json_object_get(map, f2 + 1))
				json_object_set_new(
				    map, f2 + 1, json_text(line, strlen(line)));
		}
	}
	buf_clear(&text);
	buf_clear(&ignored);
	return map;
}

static const char *name_of(json_t *map, int64_t id)
{
	char key[24];
	const char *s;

	snprintf(key, sizeof(key), "%lld", (long long)id);
	s = json_string_value(json_object_get(map, key));
	return s ? s : "";
}

static const char *type_name(enum host_file_type t)
{
	static const char *const names[] = {
	    "unknown", "file", "directory", "socket", "symlink", "other",
	};

	return names[t];
}

static int file_stat_add(struct collector *c, json_t *files, const char *path)
{
	struct buf err = BUF_INIT;
	struct host_stat st;
	json_t *entry;
	size_t i;
	json_t *e;
	int rc;

	if (!path || path[0] != '/')
		return 0;
	json_array_foreach(files, i, e)
	{
		if (str_eq(json_string_value(json_object_get(e, "path")), path))
			return 0;
	}
	rc = c->r->stat(c->r, path, &st, &err);
	if (rc)
		entry = json_pack("{s:s, s:s, s:s}", "path", path, "status",
				  part_status_name(status_of(rc)), "error",
				  rc == SW_ENOTFOUND ? "" : buf_str(&err));
	else
		entry = json_pack(
		    "{s:s, s:s, s:s, s:I, s:I, s:I, s:s, s:s, s:o}", "path",
		    path, "status", "collected", "type", type_name(st.type),
		    "mode", (json_int_t)st.mode, "uid", (json_int_t)st.uid,
		    "gid", (json_int_t)st.gid, "owner",
		    name_of(c->users, st.uid), "group",
		    name_of(c->groups, st.gid), "link",
		    json_text(st.link, strlen(st.link)));
	buf_clear(&err);
	return json_array_append_new(files, entry) ? SW_ENOMEM : 0;
}

/* Registry certificates: /etc/docker/certs.d/REGISTRY/FILE. */
static void certs_collect(struct collector *c, json_t *files)
{
	json_t *registries = json_array();
	struct buf ignored = BUF_INIT;
	size_t i, count = 0;
	json_t *reg;

	if (!registries)
		return;
	(void)c->r->list_dir(c->r, "/etc/docker/certs.d", registries, &ignored);
	json_array_foreach(registries, i, reg)
	{
		json_t *names = json_array();
		char *dir;
		size_t j;
		json_t *n;

		if (!names || asprintf(&dir, "/etc/docker/certs.d/%s",
				       json_string_value(reg)) < 0) {
			json_decref(names);
			break;
		}
		file_stat_add(c, files, dir);
		(void)c->r->list_dir(c->r, dir, names, &ignored);
		json_array_foreach(names, j, n)
		{
			char *path;

			if (count >= CERTS_MAX ||
			    asprintf(&path, "%s/%s", dir,
				     json_string_value(n)) < 0)
				continue;
			file_stat_add(c, files, path);
			free(path);
			count++;
		}
		free(dir);
		json_decref(names);
	}
	json_decref(registries);
	buf_clear(&ignored);
}

static const char *path_of(struct collector *c, const char *key)
{
	return json_string_value(json_object_get(c->paths, key));
}

static int files_collect(struct collector *c, struct host_config *cfg)
{
	static const char *const fixed[] = {
	    "/etc/docker",	   "/etc/docker/certs.d",
	    "/etc/default/docker", "/etc/sysconfig/docker",
	    "/run/containerd",	   "/etc/containerd/config.toml",
	    "/var/lib/docker",
	};
	static const char *const path_keys[] = {
	    "docker_service",
	    "docker_socket",
	    "config_file",
	    "containerd_socket",
	    "data_root",
	    "dockerd",
	    "containerd",
	    "containerd_shim",
	    "containerd_shim_runc_v1",
	    "containerd_shim_runc_v2",
	    "runc",
	};
	static const char *const tls_keys[] = {"tlscacert", "tlscert",
					       "tlskey"};
	json_t *files = json_array();
	struct buf err = BUF_INIT;
	size_t i;
	json_t *s;
	int rc = 0;

	if (!files)
		return SW_ENOMEM;
	c->users = names_load(c, "/etc/passwd");
	c->groups = names_load(c, "/etc/group");
	for (i = 0; i < sizeof(path_keys) / sizeof(path_keys[0]) && !rc; i++)
		rc = file_stat_add(c, files, path_of(c, path_keys[i]));
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]) && !rc; i++)
		rc = file_stat_add(c, files, fixed[i]);
	for (i = 0; i < 3 && !rc; i++)
		rc = file_stat_add(
		    c, files, daemon_config_string(cfg->settings, tls_keys[i]));
	json_array_foreach(cfg->sockets, i, s)
	{
		if (!rc)
			rc = file_stat_add(c, files, json_string_value(s));
	}
	if (!rc)
		rc = file_stat_add(c, files,
				   json_string_value(json_object_get(
				       c->info, "DockerRootDir")));
	if (!rc)
		certs_collect(c, files);
	if (rc) {
		json_decref(files);
		return rc;
	}
	rc = part_set(c->host, "files", 0, files, &err);
	buf_clear(&err);
	return rc;
}

/* ---- The docker group ---- */

static void members_add(json_t *members, const char *name)
{
	size_t i;
	json_t *m;

	if (!*name)
		return;
	json_array_foreach(members, i,
			   m) if (str_eq(json_string_value(m), name)) return;
	json_array_append_new(members, json_text(name, strlen(name)));
}

/* Users whose primary group is `gid` are members too. */
static void primary_members_add(struct collector *c, const char *gid,
				json_t *members)
{
	struct buf text = BUF_INIT, ignored = BUF_INIT;
	char *save = NULL;

	buf_init(&text, HOST_TEXT_MAX * 4);
	if (c->r->read_file(c->r, "/etc/passwd", &text, &ignored))
		goto out;
	for (char *line = strtok_r(text.data, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *f[5] = {line};

		for (int i = 1; i < 5 && f[i - 1]; i++) {
			f[i] = strchr(f[i - 1], ':');
			if (f[i])
				*f[i]++ = '\0';
		}
		if (f[4] && str_eq(f[3], gid))
			members_add(members, f[0]);
	}
out:
	buf_clear(&text);
	buf_clear(&ignored);
}

static int group_collect(struct collector *c, struct host_config *cfg)
{
	const char *name = daemon_config_string(cfg->settings, "group");
	struct buf text = BUF_INIT, err = BUF_INIT;
	json_t *data = NULL;
	char *save = NULL;
	int rc;

	if (!name || !*name)
		name = "docker";
	buf_init(&text, HOST_TEXT_MAX * 4);
	rc = c->r->read_file(c->r, "/etc/group", &text, &err);
	for (char *line = rc ? NULL : strtok_r(text.data, "\n", &save);
	     line && !data; line = strtok_r(NULL, "\n", &save)) {
		char *f[4] = {line};
		int64_t gid;

		for (int i = 1; i < 4 && f[i - 1]; i++) {
			f[i] = strchr(f[i - 1], ':');
			if (f[i])
				*f[i]++ = '\0';
		}
		if (!f[3] || !str_eq(f[0], name) ||
		    parse_int64(f[2], 0, INT64_MAX, &gid))
			continue;
		data = json_pack("{s:s, s:I, s:[]}", "name", name, "gid",
				 (json_int_t)gid, "members");
		for (char *m = strtok_r(f[3], ",", &f[1]); data && m;
		     m = strtok_r(NULL, ",", &f[1]))
			members_add(json_object_get(data, "members"), m);
		if (data)
			primary_members_add(c, f[2],
					    json_object_get(data, "members"));
	}
	if (!rc && !data) {
		buf_printf(&err, "no group '%s' in /etc/group", name);
		rc = SW_ENOTFOUND;
	}
	rc = part_set(c->host, "group", rc, data, &err);
	buf_clear(&text);
	buf_clear(&err);
	return rc;
}

/* ---- Audit rules and mounts ---- */

static int audit_files_collect(struct collector *c, const char *why)
{
	json_t *data = json_pack("{s:s, s:[], s:s}", "source", "rule files",
				 "files", "auditctl", why);
	json_t *files = json_object_get(data, "files");
	json_t *names = json_array();
	struct buf err = BUF_INIT;
	json_t *f = NULL, *n;
	size_t i;
	int rc;

	if (!data || !names) {
		json_decref(data);
		json_decref(names);
		return SW_ENOMEM;
	}
	rc = file_read(c, "/etc/audit/audit.rules", HOST_TEXT_MAX, &f, &err);
	if (!rc)
		json_array_append_new(files, f);
	buf_reset(&err);
	rc = c->r->list_dir(c->r, "/etc/audit/rules.d", names, &err);
	json_array_foreach(names, i, n)
	{
		char *path;

		if (!str_ends_with(json_string_value(n), ".rules") ||
		    asprintf(&path, "/etc/audit/rules.d/%s",
			     json_string_value(n)) < 0)
			continue;
		if (!file_read(c, path, HOST_TEXT_MAX, &f, &err))
			json_array_append_new(files, f);
		free(path);
	}
	if (json_array_size(files))
		rc = 0;
	else if (rc == SW_ENOTFOUND) {
		buf_reset(&err);
		buf_printf(&err,
			   "no audit rules: %s, and no rule files "
			   "under /etc/audit",
			   why);
	}
	rc = part_set(c->host, "audit", rc, data, &err);
	json_decref(names);
	buf_clear(&err);
	return rc;
}

static int audit_collect(struct collector *c)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	json_t *data;
	int rc;

	if (c->other_kernel)
		return audit_files_collect(
		    c, "auditctl -l was not run, because it lists the rules of "
		       "this machine's kernel and the engine runs on another "
		       "machine");
	buf_init(&out, HOST_TEXT_MAX);
	rc = c->r->auditctl(c->r, &out, &err);
	if (rc) {
		rc = audit_files_collect(c, buf_str(&err));
		goto out;
	}
	/* auditctl prints "No rules" for an empty rule set. */
	data = json_pack(
	    "{s:s, s:o}", "source", "auditctl -l", "text",
	    json_text(
		str_starts_with(buf_str(&out), "No rules") ? "" : buf_str(&out),
		str_starts_with(buf_str(&out), "No rules") ? 0 : out.len));
	rc = part_set(c->host, "audit", data ? 0 : SW_ENOMEM, data, &err);
out:
	buf_clear(&out);
	buf_clear(&err);
	return rc;
}

static int mounts_collect(struct collector *c)
{
	json_t *pid = json_object_get(c->process, "pid");
	char path[64];
	const char *tries[3];
	size_t n = 0;
	struct buf err = BUF_INIT;
	json_t *f = NULL;
	int rc = SW_ENOTFOUND;

	if (json_is_integer(pid)) {
		snprintf(path, sizeof(path), "/proc/%lld/mountinfo",
			 (long long)json_integer_value(pid));
		tries[n++] = path;
	}
	tries[n++] = "/proc/1/mountinfo";
	/* Our own table is the host's only when we share its root. */
	if (str_eq(c->r->via, "ssh") || str_eq(c->r->root, "/"))
		tries[n++] = "/proc/self/mountinfo";
	for (size_t i = 0; i < n && rc; i++) {
		buf_reset(&err);
		rc = file_read(c, tries[i], PROC_TEXT_MAX, &f, &err);
	}
	rc = part_set(c->host, "mounts", rc, f, &err);
	buf_clear(&err);
	return rc;
}

/* ---- Entry points ---- */

static json_t *users_split(const char *list)
{
	json_t *users = json_array();
	char *copy = strdup(list), *save = NULL;

	if (!users || !copy) {
		json_decref(users);
		free(copy);
		return NULL;
	}
	for (char *u = strtok_r(copy, ", ", &save); u;
	     u = strtok_r(NULL, ", ", &save))
		json_array_append_new(users, json_text(u, strlen(u)));
	free(copy);
	return users;
}

static int facts_collect(struct collector *c)
{
	struct host_config cfg;
	int rc;

	rc = process_collect(c);
	if (!rc)
		rc = units_collect(c);
	if (!rc)
		rc = config_collect(c);
	if (rc)
		return rc;
	rc = host_config_load(c->host, c->info, &cfg);
	if (rc)
		return rc;
	paths_collect(c, &cfg);
	rc = files_collect(c, &cfg);
	if (!rc)
		rc = group_collect(c, &cfg);
	host_config_clear(&cfg);
	if (!rc)
		rc = audit_collect(c);
	if (!rc)
		rc = mounts_collect(c);
	return rc;
}

/*
 * Whether the host read is the engine's: its DockerRootDir exists there.
 * Otherwise writes the reason into `why`. Without this check stridewatch
 * in a container, given the host's engine socket but not --host-root,
 * would assess the container's own files as the host's.
 */
static bool host_is_engines(struct collector *c, struct buf *why)
{
	const char *root_dir =
	    json_string_value(json_object_get(c->info, "DockerRootDir"));
	struct buf ignored = BUF_INIT;
	struct host_stat st;
	int rc;

	if (!root_dir || root_dir[0] != '/')
		return true; /* unknown without /info */
	rc = c->r->stat(c->r, root_dir, &st, &ignored);
	buf_clear(&ignored);
	if (rc != SW_ENOTFOUND)
		return true;
	buf_printf(why,
		   "host facts were not read: the engine's data root %s "
		   "(DockerRootDir in /info) does not exist on %s, so that is "
		   "not the engine's host; run stridewatch on the Docker host, "
		   "give the host's root with --host-root, or scan --host "
		   "ssh://USER@HOST",
		   root_dir, c->r->root);
	return false;
}

/* Records that the host is not the engine's, in the part and the notes. */
static int host_mismatch_record(json_t *target, const struct buf *why)
{
	json_t *notes = json_object_get(target, "notes");

	if (!json_is_array(notes)) {
		notes = json_array();
		if (!notes || json_object_set_new(target, "notes", notes))
			return SW_ENOMEM;
	}
	if (json_array_append_new(notes, json_string(buf_str(why))) ||
	    json_object_set_new(
		target, "host",
		snapshot_part(PART_NOT_PRESENT, NULL, buf_str(why))))
		return SW_ENOMEM;
	return 0;
}

int host_collect(const struct host_options *o, json_t *target, struct buf *err)
{
	json_t *info_part = json_object_get(target, "info");
	struct host_reader r = {0};
	struct collector c = {.r = &r, .o = o};
	struct buf why = BUF_INIT;
	int rc;

	if (str_eq(json_string_value(json_object_get(info_part, "status")),
		   "collected"))
		c.info = json_object_get(info_part, "data");
	/* A --host-root for a tcp:// engine is a mount of another machine. */
	c.other_kernel =
	    !o->ssh_url && o->root && !str_eq(o->root, "/") &&
	    !str_starts_with(
		json_string_value(json_object_get(target, "endpoint")),
		"unix://");
	rc = o->ssh_url ? host_reader_ssh(o->ssh_url, &r, err)
			: host_reader_local(o->root ? o->root : "/", &r, err);
	if (rc)
		return rc;
	if (!host_is_engines(&c, &why)) {
		rc = host_mismatch_record(target, &why);
		goto out;
	}
	c.host = json_pack("{s:s, s:s, s:{}}", "root", r.root, "via", r.via,
			   "paths");
	c.paths = json_object_get(c.host, "paths");
	if (!c.host)
		rc = SW_ENOMEM;
	if (!rc && o->trusted_users) {
		json_t *users = users_split(o->trusted_users);

		rc = users ? json_object_set_new(c.host, "trusted_users", users)
			   : SW_ENOMEM;
	}
	if (!rc)
		rc = facts_collect(&c);
	if (!rc)
		rc = host_binds_collect(&r, target, c.info, c.host);
	if (!rc &&
	    json_object_set_new(
		target, "host",
		snapshot_part(PART_COLLECTED, json_incref(c.host), NULL)))
		rc = SW_ENOMEM;
out:
	if (rc == SW_ENOMEM)
		buf_puts(err, "out of memory while collecting host facts");
	buf_clear(&why);
	json_decref(c.host);
	json_decref(c.process);
	json_decref(c.exec_argv);
	json_decref(c.users);
	json_decref(c.groups);
	r.close(&r);
	return rc;
}

int host_snapshot_set_trusted_users(json_t *snapshot, const char *users,
				    struct buf *err)
{
	json_t *targets = json_object_get(snapshot, "targets");
	size_t i;
	json_t *t;

	json_array_foreach(targets, i, t)
	{
		json_t *host =
		    json_object_get(json_object_get(t, "host"), "data");
		json_t *list;

		if (!json_is_object(host))
			continue;
		list = users_split(users);
		if (!list || json_object_set_new(host, "trusted_users", list)) {
			buf_puts(err, "out of memory while setting the "
				      "trusted users");
			return SW_ENOMEM;
		}
	}
	return 0;
}
