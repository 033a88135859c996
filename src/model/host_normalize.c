/*
 * Builds the host facts and the effective daemon settings from a snapshot
 * target's "host" part. The part keeps the files as read (daemon.json,
 * units, audit rules, the mount table), so a saved snapshot is parsed by
 * the same code as a live scan and gives the same report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/host.h"
#include "model/host_daemon.h"
#include "model/host_parse.h"
#include "model/jget.h"
#include "util/error.h"
#include "util/strutil.h"

const struct host_file *host_file_find(const struct host_facts *h,
				       const char *path)
{
	if (!h || !path)
		return NULL;
	for (size_t i = 0; i < h->n_files; i++)
		if (str_eq(h->file_stats[i].path, path))
			return &h->file_stats[i];
	return NULL;
}

/* Reads a sub-part; returns its data when collected. */
static json_t *part_read(struct arena *a, json_t *host, const char *key,
			 struct host_part *part)
{
	json_t *p = jget_object(host, key);
	int s =
	    part_status_parse(json_string_value(json_object_get(p, "status")));

	part->status = s < 0 ? PART_ABSENT : (enum part_status)s;
	part->error = jget_string(a, p, "error");
	if (part->status != PART_COLLECTED)
		return NULL;
	return json_object_get(p, "data");
}

static const char *text_of(json_t *obj, size_t *len)
{
	json_t *t = json_object_get(obj, "text");

	*len = json_string_length(t);
	return json_string_value(t);
}

struct host_build {
	struct arena *a;
	struct target *t;
	struct host_facts *h;
	json_t *info;
	struct host_config cfg;
};

/* Applies the units in systemd's order: unit, drop-ins, socket unit. */
static int units_load(struct host_config *c, json_t *units)
{
	json_t *env_files = jget_array(units, "environment_files");
	json_t *dropins = jget_array(units, "dropins");
	json_t *service = jget_object(units, "service");
	json_t *socket = jget_object(units, "socket");
	const char *text, *last;
	size_t i, len;
	json_t *e;
	int rc = 0;

	text = text_of(service, &len);
	if (text)
		rc = unit_file_apply(&c->unit, text, len);
	json_array_foreach(dropins, i, e)
	{
		text = text_of(e, &len);
		if (!rc && text)
			rc = unit_file_apply(&c->unit, text, len);
	}
	json_array_foreach(env_files, i, e)
	{
		text = text_of(e, &len);
		if (!rc && text)
			rc = env_file_apply(c->unit.environment, text, len);
	}
	text = text_of(socket, &len);
	if (!rc && text)
		rc = unit_file_apply(&c->unit, text, len);
	if (rc)
		return rc;
	last = json_string_value(json_array_get(
	    c->unit.exec_start, json_array_size(c->unit.exec_start) - 1));
	if (last) {
		c->exec_argv = exec_start_split(last, c->unit.environment);
		if (!c->exec_argv)
			return SW_ENOMEM;
	}
	return 0;
}

/* Copies a JSON array of strings into a C array for daemon_config_build. */
static const char **argv_of(json_t *arr, size_t *argc)
{
	size_t n = json_array_size(arr);
	const char **argv = calloc(n + 1, sizeof(*argv));

	*argc = 0;
	if (!argv)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const char *s = json_string_value(json_array_get(arr, i));

		if (s)
			argv[(*argc)++] = s;
	}
	return argv;
}

/* The command line: the running process's, else the unit's ExecStart. */
static json_t *config_argv(struct host_config *c, json_t *process,
			   json_t *units, char **source)
{
	json_t *cmdline = jget_array(process, "cmdline");
	json_t *unit = json_object_get(jget_object(units, "service"), "path");

	*source = NULL;
	if (json_array_size(cmdline)) {
		if (asprintf(source, "pid %lld",
			     (long long)jget_int(process, "pid")) < 0)
			*source = NULL;
		return cmdline;
	}
	if (json_array_size(c->exec_argv)) {
		if (asprintf(source, "ExecStart of %s",
			     json_is_string(unit) ? json_string_value(unit)
						  : "docker.service") < 0)
			*source = NULL;
		return c->exec_argv;
	}
	return NULL;
}

static json_t *part_data_of(json_t *host, const char *key)
{
	json_t *p = jget_object(host, key);

	if (!str_eq(json_string_value(json_object_get(p, "status")),
		    "collected"))
		return NULL;
	return json_object_get(p, "data");
}

int host_config_load(json_t *host, json_t *info, struct host_config *c)
{
	json_t *process = part_data_of(host, "process");
	json_t *config = part_data_of(host, "daemon_json");
	json_t *env = jget_object(process, "env");
	json_t *path =
	    json_object_get(jget_object(host, "paths"), "config_file");
	struct daemon_config_input in = {
	    .config_path = json_is_string(path) ? json_string_value(path)
						: DAEMON_JSON_DEFAULT,
	    .info = info,
	    .home = json_string_value(json_object_get(env, "HOME")),
	    .runtime_dir =
		json_string_value(json_object_get(env, "XDG_RUNTIME_DIR")),
	};
	const char **argv = NULL;
	char *source = NULL;
	json_t *argv_json;
	int rc;

	memset(c, 0, sizeof(*c));
	rc = unit_settings_init(&c->unit);
	if (!rc)
		rc = units_load(c, part_data_of(host, "units"));
	if (rc)
		goto out;
	argv_json =
	    config_argv(c, process, part_data_of(host, "units"), &source);
	in.config_text = config ? text_of(config, &in.config_len) : NULL;
	in.argv_source = source ? source : "command line";
	if (argv_json) {
		argv = argv_of(argv_json, &in.argc);
		if (!argv) {
			rc = SW_ENOMEM;
			goto out;
		}
		in.argv = argv;
	}
	rc = daemon_config_build(&in, &c->settings, &c->problems);
	if (!rc) {
		c->sockets =
		    daemon_unix_sockets(c->settings, c->unit.listen_streams);
		if (!c->sockets)
			rc = SW_ENOMEM;
	}
out:
	free(argv);
	free(source);
	if (rc)
		host_config_clear(c);
	return rc;
}

void host_config_clear(struct host_config *c)
{
	unit_settings_clear(&c->unit);
	json_decref(c->exec_argv);
	json_decref(c->settings);
	json_decref(c->problems);
	json_decref(c->sockets);
	memset(c, 0, sizeof(*c));
}

static int strlist_append(struct arena *a, struct strlist *l, const char *s)
{
	const char **v = arena_calloc(a, l->n + 1, sizeof(*v));

	if (!v)
		return SW_ENOMEM;
	if (l->n)
		memcpy(v, l->v, l->n * sizeof(*v));
	v[l->n] = arena_strdup(a, s);
	if (!v[l->n])
		return SW_ENOMEM;
	l->v = v;
	l->n++;
	return 0;
}

static int settings_store(struct host_build *b, json_t *settings)
{
	struct daemon *d = &b->t->daemon;
	size_t n = json_object_size(settings);
	const char *key;
	json_t *entry;

	if (!n)
		return 0;
	d->settings = arena_calloc(b->a, n, sizeof(*d->settings));
	if (!d->settings)
		return SW_ENOMEM;
	json_object_foreach(settings, key, entry)
	{
		struct daemon_setting *s = &d->settings[d->n_settings];
		char *value = json_dumps(json_object_get(entry, "value"),
					 JSON_COMPACT | JSON_ENCODE_ANY);

		s->name = arena_strdup(b->a, key);
		s->value = arena_strdup(b->a, value ? value : "null");
		s->source = jget_string(b->a, entry, "source");
		free(value);
		if (!s->name || !s->value)
			return SW_ENOMEM;
		d->n_settings++;
	}
	return 0;
}

static int daemon_apply(struct host_build *b, json_t *host)
{
	struct host_config *c = &b->cfg;
	size_t i;
	json_t *p;
	int rc;

	rc = host_config_load(host, b->info, c);
	if (!rc)
		rc = settings_store(b, c->settings);
	json_array_foreach(c->problems, i, p)
	{
		if (!rc)
			rc = strlist_append(b->a, &b->h->problems,
					    json_string_value(p));
		if (!rc)
			rc = strlist_append(b->a, &b->t->notes,
					    json_string_value(p));
	}
	if (!rc)
		rc = jget_strlist(b->a, c->sockets, &b->h->sockets);
	if (!rc)
		rc = jget_strlist(b->a, c->exec_argv, &b->h->exec_start);
	if (!rc)
		rc = jget_strlist(b->a, c->unit.listen_streams,
				  &b->h->listen_streams);
	return rc;
}

static int audit_apply(struct host_build *b, json_t *audit)
{
	struct host_facts *h = b->h;
	json_t *files = jget_array(audit, "files");
	const char *text;
	size_t i, len;
	json_t *f;

	h->audit_source = jget_string(b->a, audit, "source");
	text = text_of(audit, &len);
	if (text && audit_rules_parse(b->a, text, len, NULL, &h->audit_rules,
				      &h->n_audit_rules))
		return SW_ENOMEM;
	json_array_foreach(files, i, f)
	{
		const char *path =
		    json_string_value(json_object_get(f, "path"));

		text = text_of(f, &len);
		if (text &&
		    audit_rules_parse(b->a, text, len, path, &h->audit_rules,
				      &h->n_audit_rules))
			return SW_ENOMEM;
	}
	return 0;
}

static enum host_file_type file_type_parse(const char *s)
{
	static const char *const names[] = {
	    "unknown", "file", "directory", "socket", "symlink", "other",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (str_eq(s, names[i]))
			return (enum host_file_type)i;
	return HOST_FILE_UNKNOWN;
}

static int files_apply(struct host_build *b, json_t *files)
{
	struct host_facts *h = b->h;
	size_t i, n = json_array_size(files);
	json_t *f;

	if (!n)
		return 0;
	h->file_stats = arena_calloc(b->a, n, sizeof(*h->file_stats));
	if (!h->file_stats)
		return SW_ENOMEM;
	json_array_foreach(files, i, f)
	{
		struct host_file *hf = &h->file_stats[h->n_files];
		int s = part_status_parse(jget_string(b->a, f, "status"));

		hf->path = jget_string(b->a, f, "path");
		if (!*hf->path)
			continue;
		hf->status = s < 0 ? PART_FAILED : (enum part_status)s;
		hf->error = jget_string(b->a, f, "error");
		hf->type = file_type_parse(jget_string(b->a, f, "type"));
		hf->mode = (uint32_t)(jget_int(f, "mode") & 07777);
		hf->uid = jget_int(f, "uid");
		hf->gid = jget_int(f, "gid");
		hf->owner = jget_string(b->a, f, "owner");
		hf->group = jget_string(b->a, f, "group");
		hf->link = jget_string(b->a, f, "link");
		h->n_files++;
	}
	return 0;
}

static void paths_apply(struct host_build *b, json_t *paths)
{
	struct host_paths *p = &b->h->paths;
	struct arena *a = b->a;

	p->dockerd = jget_string(a, paths, "dockerd");
	p->containerd = jget_string(a, paths, "containerd");
	p->containerd_shim = jget_string(a, paths, "containerd_shim");
	p->containerd_shim_runc_v1 =
	    jget_string(a, paths, "containerd_shim_runc_v1");
	p->containerd_shim_runc_v2 =
	    jget_string(a, paths, "containerd_shim_runc_v2");
	p->runc = jget_string(a, paths, "runc");
	p->docker_service = jget_string(a, paths, "docker_service");
	p->docker_socket = jget_string(a, paths, "docker_socket");
	p->config_file = jget_string(a, paths, "config_file");
	p->containerd_socket = jget_string(a, paths, "containerd_socket");
	p->data_root = jget_string(a, paths, "data_root");
	if (!*p->config_file)
		p->config_file = DAEMON_JSON_DEFAULT;
}

static int facts_apply(struct host_build *b, json_t *host)
{
	struct host_facts *h = b->h;
	json_t *process, *audit, *mounts, *group, *files;
	size_t len;
	const char *text;
	int rc;

	h->root = jget_string(b->a, host, "root");
	h->via = jget_string(b->a, host, "via");
	paths_apply(b, jget_object(host, "paths"));
	process = part_read(b->a, host, "process", &h->process);
	h->daemon_pid = jget_int(process, "pid");
	h->daemon_uid = process ? jget_int(process, "uid") : -1;
	rc = jget_strlist(b->a, jget_array(process, "cmdline"), &h->cmdline);
	if (rc)
		return rc;
	(void)part_read(b->a, host, "units", &h->units);
	(void)part_read(b->a, host, "daemon_json", &h->daemon_config);
	rc = daemon_apply(b, host);
	if (rc)
		return rc;

	audit = part_read(b->a, host, "audit", &h->audit);
	rc = audit_apply(b, audit);
	if (rc)
		return rc;
	mounts = part_read(b->a, host, "mounts", &h->mounts);
	text = text_of(mounts, &len);
	if (text) {
		rc = mount_table_parse(b->a, text, len, &h->mount_table,
				       &h->n_mounts);
		if (rc)
			return rc;
	}
	group = part_read(b->a, host, "group", &h->group);
	h->group_name = jget_string(b->a, group, "name");
	h->group_gid = group ? jget_int(group, "gid") : -1;
	rc =
	    jget_strlist(b->a, jget_array(group, "members"), &h->group_members);
	if (rc)
		return rc;
	h->trusted_users_set =
	    json_is_array(json_object_get(host, "trusted_users"));
	rc = jget_strlist(b->a, jget_array(host, "trusted_users"),
			  &h->trusted_users);
	if (rc)
		return rc;
	rc = host_binds_load(b->a, host, h);
	if (rc)
		return rc;
	files = part_read(b->a, host, "files", &h->files);
	return files_apply(b, files);
}

int normalize_host(struct arena *a, json_t *host, enum part_status status,
		   json_t *info, struct target *t, struct buf *err)
{
	struct host_build b = {.a = a, .t = t, .info = info};
	int rc;

	if (status != PART_COLLECTED || !host)
		return 0;
	if (!json_is_object(host)) {
		buf_puts(err, "the snapshot's \"host\" data is not a JSON "
			      "object; collect the snapshot again");
		return SW_EINVAL;
	}
	b.h = arena_calloc(a, 1, sizeof(*b.h));
	if (!b.h)
		return SW_ENOMEM;
	rc = facts_apply(&b, host);
	host_config_clear(&b.cfg);
	if (rc)
		return rc;
	t->host = b.h;
	return 0;
}
