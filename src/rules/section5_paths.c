/*
 * The host paths a container's mounts reach, for 5.6 and 5.32: bind
 * sources, and the devices of local volumes created with driver options
 * (o=bind,device=/etc makes a volume a bind mount of /etc). With host
 * facts each path is also matched as it resolves on the host, because the
 * engine keeps a symlinked source as given.
 */
#include <string.h>

#include "model/host.h"
#include "rules/section5.h"
#include "util/strutil.h"

/* Bytes of a cleaned host path. */
#define PATH_BYTES 4096

void mount_paths_init(struct mount_paths *it, const struct target *t,
		      const struct container *c)
{
	memset(it, 0, sizeof(*it));
	it->t = t;
	it->c = c;
	buf_init(&it->path, PATH_BYTES);
	buf_init(&it->resolved, PATH_BYTES);
	evidence_list_init(&it->unresolved);
	evidence_list_init(&it->uninspected);
}

void mount_paths_clear(struct mount_paths *it)
{
	buf_clear(&it->path);
	buf_clear(&it->resolved);
	evidence_list_clear(&it->unresolved);
	evidence_list_clear(&it->uninspected);
}

/* Whether a local volume's "o" options bind-mount its device. */
static bool options_bind(const char *o)
{
	while (*o) {
		size_t n = strcspn(o, ",");

		if ((n == 4 && !strncmp(o, "bind", 4)) ||
		    (n == 5 && !strncmp(o, "rbind", 5)))
			return true;
		o += n;
		o += strspn(o, ",");
	}
	return false;
}

/*
 * Returns the host path mount `m` reaches ("" for none) and sets the
 * volume fields of `out`. Notes a local volume whose options are unknown.
 */
static const char *mount_host_path(struct mount_paths *it,
				   const struct mount *m,
				   struct mount_path *out)
{
	if (m->type == MOUNT_BIND)
		return m->source;
	if (m->type != MOUNT_VOLUME || !str_eq(m->driver, "local"))
		return "";
	if (!m->volume_inspected) {
		evidence_list_add(&it->uninspected, "%s", m->source);
		return "";
	}
	out->volume = m->source;
	out->device = !options_bind(m->volume_options);
	return m->volume_device;
}

/* Sets out->resolved from the host facts, or notes that it is unknown. */
static void path_resolve(struct mount_paths *it, const char *raw,
			 struct mount_path *out)
{
	const struct host_bind *b = host_bind_find(it->t->host, raw);

	if (b && b->status == PART_COLLECTED) {
		out->resolved = path_clean(&it->resolved, b->resolved);
		return;
	}
	/* The source of a file's service is on a host not read either. */
	if (b)
		evidence_list_add(&it->unresolved, "%s (%s)", out->path,
				  part_status_name(b->status));
	else
		evidence_list_add(&it->unresolved, "%s", out->path);
}

bool mount_paths_next(struct mount_paths *it, struct mount_path *out)
{
	while (it->next < it->c->n_mounts) {
		const struct mount *m = &it->c->mounts[it->next++];
		const char *raw;

		memset(out, 0, sizeof(*out));
		out->mount = m;
		raw = mount_host_path(it, m, out);
		/* Relative paths of a compose file are relative to the
		 * project directory; NFS devices (":/export") are remote. */
		if (raw[0] != '/')
			continue;
		out->path = path_clean(&it->path, raw);
		/* A device that is not bind-mounted is a file system to
		 * mount (/dev/sda1), not a directory to resolve. */
		if (!out->device)
			path_resolve(it, raw, out);
		if (out->resolved && str_eq(out->resolved, out->path))
			out->resolved = NULL;
		return true;
	}
	return false;
}

void mount_path_describe(struct evidence_list *l, const struct mount_path *p)
{
	const struct mount *m = p->mount;
	const char *ro = m->read_only ? " (read-only)" : "";

	if (p->volume && p->device)
		evidence_list_add(l, "volume %s (device %s, type %s) at %s%s",
				  p->volume, p->path, m->volume_type,
				  m->destination, ro);
	else if (p->volume && p->resolved)
		evidence_list_add(l,
				  "volume %s (bind of %s, which resolves to "
				  "%s) at %s%s",
				  p->volume, p->path, p->resolved,
				  m->destination, ro);
	else if (p->volume)
		evidence_list_add(l, "volume %s (bind of %s) at %s%s",
				  p->volume, p->path, m->destination, ro);
	else if (p->resolved)
		evidence_list_add(l, "%s (resolves to %s) at %s%s", p->path,
				  p->resolved, m->destination, ro);
	else
		evidence_list_add(l, "%s at %s%s", p->path, m->destination, ro);
}

void mount_paths_notes(struct mount_paths *it, struct buf *evidence)
{
	if (it->unresolved.n)
		buf_printf(evidence,
			   "; not resolved on the host, so a symlink in them "
			   "is not followed: %s%s",
			   evidence_list_str(&it->unresolved),
			   it->t->host ? "" : " (no host facts)");
	if (it->uninspected.n)
		buf_printf(evidence,
			   "; local volumes not inspected, so a bind-backed "
			   "one is not seen: %s",
			   evidence_list_str(&it->uninspected));
}
