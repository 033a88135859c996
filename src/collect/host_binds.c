/*
 * Resolves, on the host, the paths that containers reach: bind mount
 * sources, the devices of local volumes mounted with o=bind, and the
 * engine's sockets. The engine keeps a bind source as given, so a symlink
 * such as DIR/link -> /etc, or /bin on a merged-/usr system, would hide a
 * sensitive directory from rules that read the path. The host part's
 * "binds" list records where each path leads, resolved inside the
 * assessed root as the other host files are.
 */
#include <string.h>

#include "collect/host_reader.h"
#include "model/host_parse.h"
#include "model/snapshot.h"
#include "util/error.h"
#include "util/strutil.h"

/* 4096 paths resolved per target; more are left unresolved. */
#define BINDS_MAX 4096
/* 4096 bytes: the longest resolved path kept. */
#define RESOLVED_MAX 4096

static int path_add(json_t *paths, const char *path)
{
	if (!path || path[0] != '/' || json_object_size(paths) >= BINDS_MAX)
		return 0;
	return json_object_set_new(paths, path, json_true()) ? SW_ENOMEM : 0;
}

static json_t *part_data(json_t *obj, const char *key)
{
	json_t *part = json_object_get(obj, key);

	if (!str_eq(json_string_value(json_object_get(part, "status")),
		    "collected"))
		return NULL;
	return json_object_get(part, "data");
}

static int container_paths_add(json_t *target, json_t *paths)
{
	json_t *entry, *mount;
	size_t i, j;
	int rc = 0;

	json_array_foreach(part_data(target, "containers"), i, entry)
	{
		json_t *mounts = json_object_get(
		    json_object_get(entry, "inspect"), "Mounts");

		json_array_foreach(mounts, j, mount)
		{
			const char *type =
			    json_string_value(json_object_get(mount, "Type"));

			if (!rc && str_eq(type, "bind"))
				rc = path_add(paths,
					      json_string_value(json_object_get(
						  mount, "Source")));
		}
	}
	return rc;
}

/* Whether a local volume's "o" options bind-mount its device. */
static bool options_bind(const char *o)
{
	const char *p = o ? o : "";

	while (*p) {
		size_t n = strcspn(p, ",");

		if ((n == 4 && !strncmp(p, "bind", 4)) ||
		    (n == 5 && !strncmp(p, "rbind", 5)))
			return true;
		p += n;
		p += strspn(p, ",");
	}
	return false;
}

static int volume_paths_add(json_t *target, json_t *paths)
{
	json_t *volume;
	size_t i;
	int rc = 0;

	json_array_foreach(part_data(target, "volumes"), i, volume)
	{
		json_t *opts = json_object_get(volume, "Options");

		if (!rc &&
		    options_bind(json_string_value(json_object_get(opts, "o"))))
			rc = path_add(paths, json_string_value(json_object_get(
						 opts, "device")));
	}
	return rc;
}

/* The engine's sockets: its endpoint and the ones its configuration
 * listens on. */
static int socket_paths_add(json_t *target, json_t *info, json_t *host,
			    json_t *paths)
{
	const char *endpoint =
	    json_string_value(json_object_get(target, "endpoint"));
	struct host_config cfg;
	size_t i;
	json_t *s;
	int rc = 0;

	if (str_starts_with(endpoint, "unix://"))
		rc = path_add(paths, endpoint + strlen("unix://"));
	if (rc || host_config_load(host, info, &cfg))
		return rc;
	json_array_foreach(cfg.sockets, i, s)
	{
		if (!rc)
			rc = path_add(paths, json_string_value(s));
	}
	host_config_clear(&cfg);
	return rc;
}

static json_t *bind_resolve(struct host_reader *r, const char *path)
{
	struct buf resolved = BUF_INIT, err = BUF_INIT;
	struct host_stat st;
	json_t *entry;
	int rc;

	buf_init(&resolved, RESOLVED_MAX);
	rc = r->resolve(r, path, &resolved, &err);
	if (!rc) {
		buf_reset(&err);
		if (r->stat(r, buf_str(&resolved), &st, &err))
			st.type = HOST_FILE_UNKNOWN;
		entry =
		    json_pack("{s:s, s:s, s:s, s:s}", "path", path, "status",
			      "collected", "resolved", buf_str(&resolved),
			      "type", host_file_type_name(st.type));
	} else {
		entry = json_pack(
		    "{s:s, s:s, s:s}", "path", path, "status",
		    part_status_name(rc == SW_ENOTFOUND ? PART_NOT_PRESENT
				     : rc == SW_EPERM	? PART_DENIED
							: PART_FAILED),
		    "error", buf_str(&err));
	}
	buf_clear(&resolved);
	buf_clear(&err);
	return entry;
}

int host_binds_collect(struct host_reader *r, json_t *target, json_t *info,
		       json_t *host)
{
	json_t *paths = json_object(), *binds = json_array();
	const char *path;
	json_t *v;
	int rc = 0;

	if (!paths || !binds)
		rc = SW_ENOMEM;
	if (!rc)
		rc = container_paths_add(target, paths);
	if (!rc)
		rc = volume_paths_add(target, paths);
	if (!rc)
		rc = socket_paths_add(target, info, host, paths);
	json_object_foreach(paths, path, v)
	{
		if (!rc && json_array_append_new(binds, bind_resolve(r, path)))
			rc = SW_ENOMEM;
	}
	if (!rc && json_object_set_new(
		       host, "binds",
		       snapshot_part(PART_COLLECTED, json_incref(binds), NULL)))
		rc = SW_ENOMEM;
	json_decref(paths);
	json_decref(binds);
	return rc;
}
