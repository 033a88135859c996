/* The host part's "binds": where bind sources and sockets lead. */
#include <string.h>

#include "model/host.h"
#include "model/jget.h"
#include "util/error.h"
#include "util/strutil.h"

static const char *const file_type_names[] = {
    [HOST_FILE_UNKNOWN] = "unknown",	 [HOST_FILE_REGULAR] = "file",
    [HOST_FILE_DIRECTORY] = "directory", [HOST_FILE_SOCKET] = "socket",
    [HOST_FILE_SYMLINK] = "symlink",	 [HOST_FILE_OTHER] = "other",
};

const char *host_file_type_name(enum host_file_type t)
{
	if ((size_t)t >= sizeof(file_type_names) / sizeof(file_type_names[0]))
		return "unknown";
	return file_type_names[t];
}

enum host_file_type host_file_type_parse(const char *name)
{
	for (size_t i = 0;
	     i < sizeof(file_type_names) / sizeof(file_type_names[0]); i++)
		if (str_eq(name, file_type_names[i]))
			return (enum host_file_type)i;
	return HOST_FILE_UNKNOWN;
}

const struct host_bind *host_bind_find(const struct host_facts *h,
				       const char *path)
{
	if (!h || !path)
		return NULL;
	for (size_t i = 0; i < h->n_binds; i++)
		if (str_eq(h->bind_paths[i].path, path))
			return &h->bind_paths[i];
	return NULL;
}

int host_binds_load(struct arena *a, json_t *host, struct host_facts *h)
{
	json_t *part = jget_object(host, "binds");
	int s = part_status_parse(jget_string(a, part, "status"));
	json_t *list = jget_array(part, "data");
	size_t i, n = json_array_size(list);
	json_t *e;

	h->binds.status = s < 0 ? PART_ABSENT : (enum part_status)s;
	h->binds.error = jget_string(a, part, "error");
	if (h->binds.status != PART_COLLECTED || !n)
		return 0;
	h->bind_paths = arena_calloc(a, n, sizeof(*h->bind_paths));
	if (!h->bind_paths)
		return SW_ENOMEM;
	json_array_foreach(list, i, e)
	{
		struct host_bind *b = &h->bind_paths[h->n_binds];
		int st = part_status_parse(jget_string(a, e, "status"));

		b->path = jget_string(a, e, "path");
		if (!*b->path)
			continue;
		b->status = st < 0 ? PART_FAILED : (enum part_status)st;
		b->error = jget_string(a, e, "error");
		b->resolved = jget_string(a, e, "resolved");
		b->type = host_file_type_parse(jget_string(a, e, "type"));
		/* A resolution must be an absolute path to be compared. */
		if (b->status == PART_COLLECTED && b->resolved[0] != '/')
			b->status = PART_FAILED;
		h->n_binds++;
	}
	return 0;
}
