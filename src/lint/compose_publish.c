/*
 * Host resources of a service: ports, volumes, tmpfs mounts and devices,
 * in the short and the long syntax. The model stores them as the engine
 * reports a container created from the service, with one binding per
 * container port and bind sources as absolute host paths.
 */
#include "lint/compose_priv.h"

#include <string.h>

#include "util/error.h"
#include "util/strutil.h"

/* Parses "8080" or "8000-8010"; an empty string is no port. */
static bool port_range(const char *s, size_t len, unsigned *low, unsigned *high)
{
	char text[16];
	const char *dash;

	if (len == 0 || len >= sizeof(text))
		return false;
	memcpy(text, s, len);
	text[len] = '\0';
	dash = strchr(text, '-');
	if (dash) {
		text[dash - text] = '\0';
		if (parse_uint(dash + 1, 65535, high))
			return false;
	}
	if (parse_uint(text, 65535, low))
		return false;
	if (!dash)
		*high = *low;
	return *low <= *high;
}

/*
 * Makes room for `extra` more elements in an array of `*n` elements that
 * has room for `*cap`, doubling the room so that adding items one by one
 * stays linear. The array lives in the arena; the old copy is left there.
 */
static int grow(struct compose_ctx *cx, void **array, size_t n, size_t *cap,
		size_t extra, size_t size)
{
	size_t want = n + extra, room = *cap ? *cap : 4;
	void *grown;

	if (want <= *cap)
		return 0;
	while (room < want)
		room *= 2;
	grown = arena_calloc(cx->a, room, size);
	if (!grown)
		return SW_ENOMEM;
	if (n)
		memcpy(grown, *array, n * size);
	*array = grown;
	*cap = room;
	return 0;
}

/* Adds bindings for container ports low..high, as the engine stores them. */
static int add_bindings(struct compose_ctx *cx, struct container *c,
			struct location loc, const char *host_ip,
			unsigned host_low, unsigned host_high, unsigned low,
			unsigned high, const char *proto)
{
	size_t count = high - low + 1;

	if (host_low && host_high - host_low != high - low && low != high)
		return compose_fail(cx, loc, "ports",
				    "the host port range %u-%u and the "
				    "container port range %u-%u differ in "
				    "length",
				    host_low, host_high, low, high);
	if (c->n_ports + count > COMPOSE_PORTS_MAX)
		return compose_fail(cx, loc, "ports",
				    "the service publishes more than %d "
				    "ports",
				    COMPOSE_PORTS_MAX);
	if (grow(cx, (void **)&c->ports, c->n_ports, &cx->ports_cap, count,
		 sizeof(*c->ports)))
		return SW_ENOMEM;
	for (unsigned i = 0; i < count; i++) {
		struct port_binding *p = &c->ports[c->n_ports++];

		p->container_port =
		    arena_printf(cx->a, "%u/%s", low + i, proto);
		p->host_ip = host_ip;
		p->loc = loc;
		if (!p->container_port)
			return SW_ENOMEM;
		if (!host_low)
			continue;
		if (low == high) {
			/* One container port, a host range to pick from. */
			p->host_port = host_low;
			p->host_port_end = host_high;
		} else {
			p->host_port = host_low + i;
			p->host_port_end = host_low + i;
		}
	}
	return 0;
}

static bool valid_proto(const char *p)
{
	return str_eq(p, "tcp") || str_eq(p, "udp") || str_eq(p, "sctp");
}

/* Checks the host IP of a binding: IPv4 or IPv6, brackets removed. */
static const char *host_ip_clean(struct compose_ctx *cx, const char *ip,
				 size_t len)
{
	if (len >= 2 && ip[0] == '[' && ip[len - 1] == ']') {
		ip++;
		len -= 2;
	}
	for (size_t i = 0; i < len; i++) {
		char ch = ip[i];

		if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
		      (ch >= 'A' && ch <= 'F') || ch == '.' || ch == ':' ||
		      ch == '%'))
			return NULL;
	}
	return arena_strndup(cx->a, ip, len);
}

/* Short syntax: [[IP:][HOST]:]CONTAINER[/PROTOCOL]. */
static int port_short(struct compose_ctx *cx, const struct ynode *n,
		      struct container *c)
{
	const char *spec = n->text;
	const char *slash = strrchr(spec, '/');
	const char *proto = slash ? slash + 1 : "tcp";
	size_t len = slash ? (size_t)(slash - spec) : strlen(spec);
	const char *last = NULL, *prev = NULL;
	const char *host_ip = "";
	unsigned low, high, host_low = 0, host_high = 0;

	for (const char *p = spec; p < spec + len; p++) {
		if (*p == ':') {
			prev = last;
			last = p;
		}
	}
	if (!valid_proto(proto))
		return compose_fail(cx, n->loc, "ports",
				    "invalid protocol '%s' in '%s': use tcp, "
				    "udp or sctp",
				    proto, spec);
	if (!port_range(last ? last + 1 : spec,
			(size_t)(spec + len - (last ? last + 1 : spec)), &low,
			&high) ||
	    low == 0)
		return compose_fail(cx, n->loc, "ports",
				    "invalid port '%s': use [IP:][HOST:]"
				    "CONTAINER[/PROTOCOL], such as "
				    "127.0.0.1:8080:80",
				    spec);
	if (last) {
		const char *host = prev ? prev + 1 : spec;

		if (last > host && !port_range(host, (size_t)(last - host),
					       &host_low, &host_high))
			return compose_fail(cx, n->loc, "ports",
					    "invalid host port '%.*s' in '%s': "
					    "use a number or a range such as "
					    "8000-8010",
					    (int)(last - host), host, spec);
		if (prev) {
			host_ip =
			    host_ip_clean(cx, spec, (size_t)(prev - spec));
			if (!host_ip)
				return compose_fail(cx, n->loc, "ports",
						    "invalid host IP '%.*s' in "
						    "'%s': use an IPv4 or IPv6 "
						    "address",
						    (int)(prev - spec), spec,
						    spec);
		}
	}
	return add_bindings(cx, c, n->loc, host_ip, host_low, host_high, low,
			    high, proto);
}

/* Long syntax: target, published, host_ip, protocol, mode. */
static int port_long(struct compose_ctx *cx, const struct ynode *n,
		     struct container *c)
{
	const struct ynode *target = ynode_get(n, "target");
	const struct ynode *published = ynode_get(n, "published");
	const struct ynode *ip = ynode_get(n, "host_ip");
	const struct ynode *protocol = ynode_get(n, "protocol");
	const char *proto = "tcp", *host_ip = "";
	unsigned low, high, host_low = 0, host_high = 0;
	int rc = 0;

	if (!target || target->kind != YNODE_SCALAR ||
	    !port_range(target->text, strlen(target->text), &low, &high) ||
	    low == 0 || low != high)
		return compose_fail(cx, target ? target->loc : n->loc,
				    "ports.target",
				    "expected the container port, a number "
				    "from 1 to 65535");
	if (protocol)
		rc = cv_string(cx, protocol, "ports.protocol", &proto);
	if (!rc && !valid_proto(proto))
		return compose_fail(cx, protocol->loc, "ports.protocol",
				    "invalid protocol '%s': use tcp, udp or "
				    "sctp",
				    proto);
	if (!rc && published && published->kind != YNODE_NULL &&
	    (published->kind != YNODE_SCALAR ||
	     !port_range(published->text, strlen(published->text), &host_low,
			 &host_high)))
		return compose_fail(cx, published->loc, "ports.published",
				    "invalid host port: use a number or a "
				    "range such as 8000-8010");
	if (!rc && ip) {
		rc = cv_string(cx, ip, "ports.host_ip", &host_ip);
		if (!rc)
			host_ip = host_ip_clean(cx, host_ip, strlen(host_ip));
		if (!rc && !host_ip)
			return compose_fail(cx, ip->loc, "ports.host_ip",
					    "invalid host IP '%s'", ip->text);
	}
	if (rc)
		return rc;
	return add_bindings(cx, c, n->loc, host_ip, host_low, host_high, low,
			    high, proto);
}

int compose_ports(struct compose_ctx *cx, const struct ynode *n,
		  struct container *c)
{
	if (n->kind == YNODE_NULL)
		return 0;
	if (n->kind != YNODE_SEQUENCE)
		return compose_fail(cx, n->loc, "ports",
				    "expected a list of ports, found a %s",
				    ynode_kind_name(n));
	for (size_t i = 0; i < n->n_items; i++) {
		const struct ynode *item = n->items[i];
		int rc;

		if (item->kind == YNODE_SCALAR)
			rc = port_short(cx, item, c);
		else if (item->kind == YNODE_MAPPING)
			rc = port_long(cx, item, c);
		else
			rc = compose_fail(cx, item->loc, "ports",
					  "expected a port, found a %s",
					  ynode_kind_name(item));
		if (rc)
			return rc;
	}
	return 0;
}

/* Resolves a bind source as Compose does: "~" is $HOME, relative paths
 * start at the compose file's directory. The result is cleaned lexically,
 * since the path belongs to the host the file will run on. */
static const char *bind_source(struct compose_ctx *cx, const char *src)
{
	struct buf joined = BUF_INIT, clean = BUF_INIT;
	const char *p;
	char *out = NULL;

	if (src[0] == '~' && (src[1] == '/' || !src[1]) && cx->home)
		buf_printf(&joined, "%s/%s", cx->home, src + 1);
	else if (src[0] != '/')
		buf_printf(&joined, "%s/%s", cx->dir, src);
	else
		buf_puts(&joined, src);
	for (p = buf_str(&joined); *p;) {
		size_t len = strcspn(p, "/");

		if (len == 2 && p[0] == '.' && p[1] == '.') {
			while (clean.len && clean.data[clean.len - 1] != '/')
				clean.len--;
			if (clean.len)
				clean.len--;
			if (clean.data)
				clean.data[clean.len] = '\0';
		} else if (len && !(len == 1 && p[0] == '.')) {
			buf_putc(&clean, '/');
			buf_append(&clean, p, len);
		}
		p += len;
		if (*p == '/')
			p++;
	}
	if (!joined.failed && !clean.failed)
		out = arena_strdup(cx->a, clean.len ? buf_str(&clean) : "/");
	buf_clear(&joined);
	buf_clear(&clean);
	return out;
}

static bool is_propagation(const char *s)
{
	static const char *const modes[] = {"shared", "rshared", "slave",
					    "rslave", "private", "rprivate"};

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (str_eq(s, modes[i]))
			return true;
	return false;
}

static bool is_volume_option(const char *s)
{
	static const char *const opts[] = {"ro",     "rw",	 "z",
					   "Z",	     "nocopy",	 "consistent",
					   "cached", "delegated"};

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (str_eq(s, opts[i]))
			return true;
	return is_propagation(s);
}

static struct mount *mount_add(struct compose_ctx *cx, struct container *c,
			       struct location loc)
{
	struct mount *m;

	if (grow(cx, (void **)&c->mounts, c->n_mounts, &cx->mounts_cap, 1,
		 sizeof(*c->mounts)))
		return NULL;
	m = &c->mounts[c->n_mounts++];
	m->source = "";
	m->destination = "";
	m->propagation = "";
	m->loc = loc;
	return m;
}

/* Applies the comma-separated options of a short volume ("ro,rshared"). */
static int volume_mode(struct compose_ctx *cx, const struct ynode *n,
		       const char *mode, struct mount *m)
{
	char *copy = arena_strdup(cx->a, mode);

	if (!copy)
		return SW_ENOMEM;
	for (char *save = NULL, *opt = strtok_r(copy, ",", &save); opt;
	     opt = strtok_r(NULL, ",", &save)) {
		if (!is_volume_option(opt))
			return compose_fail(cx, n->loc, "volumes",
					    "invalid volume option '%s' in "
					    "'%s': use ro, rw, z, Z, nocopy or "
					    "a propagation such as rslave",
					    opt, n->text);
		if (str_eq(opt, "ro"))
			m->read_only = true;
		else if (is_propagation(opt))
			m->propagation = opt;
	}
	return 0;
}

/* Whether a short volume source is a path (a bind) rather than a name. */
static bool source_is_path(const char *s)
{
	return s[0] == '/' || s[0] == '.' || s[0] == '~';
}

/* Short syntax: [SOURCE:]TARGET[:MODE]. */
static int volume_short(struct compose_ctx *cx, const struct ynode *n,
			struct container *c)
{
	char *copy = arena_strdup(cx->a, n->text);
	char *parts[3] = {NULL, NULL, NULL};
	size_t count = 0;
	struct mount *m;

	if (!copy)
		return SW_ENOMEM;
	for (char *p = copy; p; count++) {
		char *colon = strchr(p, ':');

		if (count == 3)
			return compose_fail(cx, n->loc, "volumes",
					    "invalid volume '%s': use "
					    "[SOURCE:]TARGET[:MODE]",
					    n->text);
		parts[count] = p;
		if (colon)
			*colon = '\0';
		p = colon ? colon + 1 : NULL;
	}
	m = mount_add(cx, c, n->loc);
	if (!m)
		return SW_ENOMEM;
	if (count == 1) {
		/* An anonymous volume: the engine names it. */
		m->type = MOUNT_VOLUME;
		m->destination = parts[0];
		return 0;
	}
	m->destination = parts[1];
	if (!*parts[0] || !*parts[1])
		return compose_fail(cx, n->loc, "volumes",
				    "invalid volume '%s': the source and the "
				    "target must not be empty",
				    n->text);
	if (source_is_path(parts[0])) {
		m->type = MOUNT_BIND;
		m->source = bind_source(cx, parts[0]);
		if (!m->source)
			return SW_ENOMEM;
	} else {
		m->type = MOUNT_VOLUME;
		m->source = parts[0];
	}
	return count == 3 ? volume_mode(cx, n, parts[2], m) : 0;
}

static int mount_type(struct compose_ctx *cx, const struct ynode *n,
		      struct mount *m)
{
	static const struct {
		const char *name;
		enum mount_type type;
	} types[] = {
	    {"bind", MOUNT_BIND},     {"volume", MOUNT_VOLUME},
	    {"tmpfs", MOUNT_TMPFS},   {"npipe", MOUNT_NPIPE},
	    {"cluster", MOUNT_OTHER}, {"image", MOUNT_OTHER},
	};
	const char *name;
	int rc = cv_string(cx, n, "volumes.type", &name);

	if (rc)
		return rc;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (str_eq(name, types[i].name)) {
			m->type = types[i].type;
			return 0;
		}
	}
	return compose_fail(cx, n->loc, "volumes.type",
			    "invalid mount type '%s': use bind, volume, "
			    "tmpfs, npipe, cluster or image",
			    name);
}

/* Long syntax: type, source, target, read_only, bind.propagation. */
static int volume_long(struct compose_ctx *cx, const struct ynode *n,
		       struct container *c)
{
	const struct ynode *type = ynode_get(n, "type");
	const struct ynode *source = ynode_get(n, "source");
	const struct ynode *target = ynode_get(n, "target");
	const struct ynode *ro = ynode_get(n, "read_only");
	const struct ynode *prop =
	    ynode_get(ynode_get(n, "bind"), "propagation");
	struct mount *m = mount_add(cx, c, n->loc);
	int rc;

	if (!m)
		return SW_ENOMEM;
	if (!type)
		return compose_fail(cx, n->loc, "volumes",
				    "a volume in the long syntax needs "
				    "'type' (bind, volume or tmpfs)");
	if (!target)
		return compose_fail(cx, n->loc, "volumes",
				    "a volume in the long syntax needs "
				    "'target', the path in the container");
	rc = mount_type(cx, type, m);
	if (!rc)
		rc = cv_string(cx, target, "volumes.target", &m->destination);
	if (!rc && source)
		rc = cv_string(cx, source, "volumes.source", &m->source);
	if (!rc && ro)
		rc = cv_bool(cx, ro, "volumes.read_only", &m->read_only);
	if (!rc && prop)
		rc = cv_string(cx, prop, "volumes.bind.propagation",
			       &m->propagation);
	if (!rc && prop && !is_propagation(m->propagation))
		return compose_fail(cx, prop->loc, "volumes.bind.propagation",
				    "invalid propagation '%s': use shared, "
				    "rshared, slave, rslave, private or "
				    "rprivate",
				    m->propagation);
	if (!rc && m->type == MOUNT_BIND) {
		if (!*m->source)
			return compose_fail(cx, n->loc, "volumes.source",
					    "a bind mount needs 'source', "
					    "the host path");
		m->source = bind_source(cx, m->source);
		if (!m->source)
			return SW_ENOMEM;
	}
	return rc;
}

int compose_volumes(struct compose_ctx *cx, const struct ynode *n,
		    struct container *c)
{
	if (n->kind == YNODE_NULL)
		return 0;
	if (n->kind != YNODE_SEQUENCE)
		return compose_fail(cx, n->loc, "volumes",
				    "expected a list of volumes, found a %s",
				    ynode_kind_name(n));
	for (size_t i = 0; i < n->n_items; i++) {
		const struct ynode *item = n->items[i];
		int rc;

		if (item->kind == YNODE_SCALAR)
			rc = volume_short(cx, item, c);
		else if (item->kind == YNODE_MAPPING)
			rc = volume_long(cx, item, c);
		else
			rc = compose_fail(cx, item->loc, "volumes",
					  "expected a volume, found a %s",
					  ynode_kind_name(item));
		if (rc)
			return rc;
	}
	return 0;
}

int compose_tmpfs(struct compose_ctx *cx, const struct ynode *n,
		  struct container *c)
{
	struct strlist paths;
	int rc = cv_strlist(cx, n, "tmpfs", true, &paths);

	for (size_t i = 0; !rc && i < paths.n; i++) {
		struct mount *m = mount_add(cx, c, n->loc);
		const char *colon = strchr(paths.v[i], ':');

		if (!m)
			return SW_ENOMEM;
		m->type = MOUNT_TMPFS;
		m->destination =
		    colon ? arena_strndup(cx->a, paths.v[i],
					  (size_t)(colon - paths.v[i]))
			  : paths.v[i];
		if (!m->destination)
			return SW_ENOMEM;
	}
	return rc;
}

static struct device *device_add(struct compose_ctx *cx, struct container *c,
				 struct location loc)
{
	struct device *d;

	if (grow(cx, (void **)&c->devices, c->n_devices, &cx->devices_cap, 1,
		 sizeof(*c->devices)))
		return NULL;
	d = &c->devices[c->n_devices++];
	d->permissions = "rwm";
	d->loc = loc;
	return d;
}

/* Short syntax HOST[:CONTAINER[:PERMISSIONS]], or the long syntax. */
static int device_one(struct compose_ctx *cx, const struct ynode *n,
		      struct container *c)
{
	struct device *d = device_add(cx, c, n->loc);
	char *copy, *second, *third;

	if (!d)
		return SW_ENOMEM;
	if (n->kind == YNODE_MAPPING) {
		const struct ynode *src = ynode_get(n, "source");
		const struct ynode *dst = ynode_get(n, "target");
		const struct ynode *perm = ynode_get(n, "permissions");
		int rc;

		if (!src)
			return compose_fail(cx, n->loc, "devices",
					    "a device in the long syntax "
					    "needs 'source', the host path");
		rc = cv_string(cx, src, "devices.source", &d->host_path);
		d->container_path = d->host_path;
		if (!rc && dst)
			rc = cv_string(cx, dst, "devices.target",
				       &d->container_path);
		if (!rc && perm)
			rc = cv_string(cx, perm, "devices.permissions",
				       &d->permissions);
		return rc;
	}
	if (n->kind != YNODE_SCALAR || !*n->text)
		return compose_fail(cx, n->loc, "devices",
				    "expected a device such as "
				    "/dev/ttyUSB0:/dev/ttyUSB0:rw, found a %s",
				    ynode_kind_name(n));
	copy = arena_strdup(cx->a, n->text);
	if (!copy)
		return SW_ENOMEM;
	second = strchr(copy, ':');
	if (second)
		*second++ = '\0';
	third = second ? strchr(second, ':') : NULL;
	if (third)
		*third++ = '\0';
	d->host_path = copy;
	d->container_path = second && *second ? second : copy;
	if (third && *third)
		d->permissions = third;
	return 0;
}

int compose_devices(struct compose_ctx *cx, const struct ynode *n,
		    struct container *c)
{
	if (n->kind == YNODE_NULL)
		return 0;
	if (n->kind != YNODE_SEQUENCE)
		return compose_fail(cx, n->loc, "devices",
				    "expected a list of devices, found a %s",
				    ynode_kind_name(n));
	for (size_t i = 0; i < n->n_items; i++) {
		int rc = device_one(cx, n->items[i], c);

		if (rc)
			return rc;
	}
	return 0;
}
