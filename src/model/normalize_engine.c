#include "model/normalize.h"

#include "model/jget.h"

#include <string.h>

#include "util/error.h"
#include "util/strutil.h"

/* Joins the strings of an array with spaces: a command line. */
static const char *join_json(struct arena *a, json_t *arr)
{
	struct buf b = BUF_INIT;
	size_t i;
	json_t *v;
	char *s;

	if (json_is_string(arr))
		return arena_strdup(a, json_string_value(arr));
	json_array_foreach(arr, i, v)
	{
		if (!json_is_string(v))
			continue;
		if (b.len)
			buf_putc(&b, ' ');
		buf_puts(&b, json_string_value(v));
	}
	s = arena_strdup(a, buf_str(&b));
	buf_clear(&b);
	return s ? s : "";
}

/* Splits "NAME=value" environment entries. */
static int env_from_json(struct arena *a, json_t *arr, struct kv **out,
			 size_t *count)
{
	size_t i, n = json_array_size(arr);
	struct kv *env;
	json_t *v;

	*out = NULL;
	*count = 0;
	if (!n)
		return 0;
	env = arena_calloc(a, n, sizeof(*env));
	if (!env)
		return SW_ENOMEM;
	json_array_foreach(arr, i, v)
	{
		const char *s = json_string_value(v);
		const char *eq;
		struct kv *e = &env[*count];

		if (!s)
			continue;
		eq = strchr(s, '=');
		if (eq) {
			e->name = arena_strndup(a, s, (size_t)(eq - s));
			e->value = arena_strdup(a, eq + 1);
		} else {
			e->name = arena_strdup(a, s);
			e->value = NULL;
		}
		if (!e->name)
			return SW_ENOMEM;
		(*count)++;
	}
	*out = env;
	return 0;
}

static void health_from_json(struct arena *a, json_t *hc,
			     struct healthcheck *h)
{
	json_t *test = jget_array(hc, "Test");

	memset(h, 0, sizeof(*h));
	h->test = "";
	if (!test || json_array_size(test) == 0)
		return;
	h->present = true;
	if (str_eq(json_string_value(json_array_get(test, 0)), "NONE")) {
		h->disabled = true;
		h->test = "NONE";
		return;
	}
	h->test = join_json(a, test);
}

static enum mount_type mount_type_parse(const char *s)
{
	if (str_eq(s, "bind"))
		return MOUNT_BIND;
	if (str_eq(s, "volume"))
		return MOUNT_VOLUME;
	if (str_eq(s, "tmpfs"))
		return MOUNT_TMPFS;
	if (str_eq(s, "npipe"))
		return MOUNT_NPIPE;
	return MOUNT_OTHER;
}

/* Mounts come from the inspect document's "Mounts", which the engine fills
 * for binds, volumes and tmpfs given either way (-v, --mount). */
static int mounts_from_json(struct arena *a, json_t *arr, struct container *c)
{
	size_t i, n = json_array_size(arr);
	json_t *m;

	if (!n)
		return 0;
	c->mounts = arena_calloc(a, n, sizeof(*c->mounts));
	if (!c->mounts)
		return SW_ENOMEM;
	json_array_foreach(arr, i, m)
	{
		struct mount *mt = &c->mounts[c->n_mounts];

		if (!json_is_object(m))
			continue;
		mt->type = mount_type_parse(jget_string(a, m, "Type"));
		mt->source = jget_string(a, m, "Source");
		if (mt->type == MOUNT_VOLUME && json_is_string(
							json_object_get(m, "Name")))
			mt->source = jget_string(a, m, "Name");
		mt->destination = jget_string(a, m, "Destination");
		mt->read_only = json_is_false(json_object_get(m, "RW"));
		mt->propagation = jget_string(a, m, "Propagation");
		mt->driver = jget_string(a, m, "Driver");
		mt->volume_type = "";
		mt->volume_device = "";
		mt->volume_options = "";
		c->n_mounts++;
	}
	return 0;
}

/* Parses "8080" or "8000-8010" into the lowest and highest port. */
static void host_port_parse(const char *s, unsigned *low, unsigned *high)
{
	const char *dash = strchr(s, '-');
	char first[16];
	size_t len = dash ? (size_t)(dash - s) : strlen(s);

	*low = 0;
	*high = 0;
	if (len == 0 || len >= sizeof(first))
		return;
	memcpy(first, s, len);
	first[len] = '\0';
	if (parse_uint(first, 65535, low))
		return;
	*high = *low;
	if (dash && parse_uint(dash + 1, 65535, high))
		*high = *low;
}

static int ports_from_json(struct arena *a, json_t *bindings,
			   struct container *c)
{
	const char *cport;
	json_t *list;
	size_t total = 0;

	json_object_foreach(bindings, cport, list)
		total += json_array_size(list);
	if (!total)
		return 0;
	c->ports = arena_calloc(a, total, sizeof(*c->ports));
	if (!c->ports)
		return SW_ENOMEM;
	json_object_foreach(bindings, cport, list)
	{
		size_t i;
		json_t *b;

		json_array_foreach(list, i, b)
		{
			struct port_binding *p = &c->ports[c->n_ports];

			if (!json_is_object(b))
				continue;
			p->container_port = arena_strdup(a, cport);
			p->host_ip = jget_string(a, b, "HostIp");
			host_port_parse(jget_string(a, b, "HostPort"), &p->host_port,
					&p->host_port_end);
			if (!p->container_port)
				return SW_ENOMEM;
			c->n_ports++;
		}
	}
	return 0;
}

static int devices_from_json(struct arena *a, json_t *arr,
			     struct container *c)
{
	size_t i, n = json_array_size(arr);
	json_t *d;

	if (!n)
		return 0;
	c->devices = arena_calloc(a, n, sizeof(*c->devices));
	if (!c->devices)
		return SW_ENOMEM;
	json_array_foreach(arr, i, d)
	{
		struct device *dev = &c->devices[c->n_devices];

		if (!json_is_object(d))
			continue;
		dev->host_path = jget_string(a, d, "PathOnHost");
		dev->container_path = jget_string(a, d, "PathInContainer");
		dev->permissions = jget_string(a, d, "CgroupPermissions");
		c->n_devices++;
	}
	return 0;
}

static int ulimits_from_json(struct arena *a, json_t *arr,
			     struct container *c)
{
	size_t i, n = json_array_size(arr);
	json_t *u;

	if (!n)
		return 0;
	c->ulimits = arena_calloc(a, n, sizeof(*c->ulimits));
	if (!c->ulimits)
		return SW_ENOMEM;
	json_array_foreach(arr, i, u)
	{
		struct ulimit *ul = &c->ulimits[c->n_ulimits];

		if (!json_is_object(u))
			continue;
		ul->name = jget_string(a, u, "Name");
		ul->soft = jget_int(u, "Soft");
		ul->hard = jget_int(u, "Hard");
		c->n_ulimits++;
	}
	return 0;
}

static int networks_from_json(struct arena *a, json_t *nets,
			      struct container *c)
{
	size_t n = json_object_size(nets);
	const char *name;
	json_t *v;

	if (!n)
		return 0;
	c->networks.v = arena_calloc(a, n, sizeof(*c->networks.v));
	if (!c->networks.v)
		return SW_ENOMEM;
	json_object_foreach(nets, name, v)
	{
		/* A running container with an empty NetworkID is not attached
		 * to that network: dockerd --bridge=none still lists "bridge".
		 * A created container's entries are all empty until it starts,
		 * so they are kept as the networks it will join. */
		if (c->running && str_empty(json_string_value(
				      json_object_get(v, "NetworkID"))))
			continue;
		c->networks.v[c->networks.n] = arena_strdup(a, name);
		if (!c->networks.v[c->networks.n])
			return SW_ENOMEM;
		c->networks.n++;
	}
	return 0;
}

static void host_config_from_json(struct arena *a, json_t *hc,
				  struct container *c)
{
	json_t *restart = jget_object(hc, "RestartPolicy");
	json_t *pids = json_object_get(hc, "PidsLimit");

	c->privileged = jget_bool(hc, "Privileged");
	c->network_mode = jget_string(a, hc, "NetworkMode");
	c->pid_mode = jget_string(a, hc, "PidMode");
	c->ipc_mode = jget_string(a, hc, "IpcMode");
	c->uts_mode = jget_string(a, hc, "UTSMode");
	c->userns_mode = jget_string(a, hc, "UsernsMode");
	c->cgroupns_mode = jget_string(a, hc, "CgroupnsMode");
	c->memory = jget_int(hc, "Memory");
	c->memory_reservation = jget_int(hc, "MemoryReservation");
	c->cpu_shares = jget_int(hc, "CpuShares");
	c->nano_cpus = jget_int(hc, "NanoCpus");
	c->cpu_quota = jget_int(hc, "CpuQuota");
	c->cpuset_cpus = jget_string(a, hc, "CpusetCpus");
	c->pids_limit_set = json_is_integer(pids);
	c->pids_limit = jget_int(hc, "PidsLimit");
	c->read_only_rootfs = jget_bool(hc, "ReadonlyRootfs");
	c->restart_policy = jget_string(a, restart, "Name");
	c->restart_max_retry = jget_int(restart, "MaximumRetryCount");
	c->cgroup_parent = jget_string(a, hc, "CgroupParent");
}

int normalize_container(struct arena *a, json_t *inspect, struct container *c)
{
	json_t *hc = jget_object(inspect, "HostConfig");
	json_t *cfg = jget_object(inspect, "Config");
	json_t *state = jget_object(inspect, "State");
	json_t *health = jget_object(state, "Health");
	json_t *ports = jget_object(jget_object(inspect, "NetworkSettings"), "Ports");
	const char *name;
	int rc;

	if (!json_is_object(inspect) ||
	    !json_is_string(json_object_get(inspect, "Id")))
		return SW_EINVAL;
	memset(c, 0, sizeof(*c));
	c->origin = ORIGIN_ENGINE;
	c->id = jget_string(a, inspect, "Id");
	name = jget_string(a, inspect, "Name");
	c->name = name[0] == '/' ? name + 1 : name;
	c->image = jget_string(a, cfg, "Image");
	c->image_id = jget_string(a, inspect, "Image");
	c->state = jget_string(a, state, "Status");
	c->running = jget_bool(state, "Running");
	c->apparmor_profile = jget_string(a, inspect, "AppArmorProfile");
	c->user = jget_string(a, cfg, "User");
	c->health_status = jget_string(a, health, "Status");
	health_from_json(a, jget_object(cfg, "Healthcheck"), &c->health);
	host_config_from_json(a, hc, c);

	rc = jget_strlist(a, jget_array(hc, "CapAdd"), &c->cap_add);
	if (!rc)
		rc = jget_strlist(a, jget_array(hc, "CapDrop"), &c->cap_drop);
	if (!rc)
		rc = jget_strlist(a, jget_array(hc, "SecurityOpt"),
				       &c->security_opt);
	if (!rc)
		rc = mounts_from_json(a, jget_array(inspect, "Mounts"), c);
	/* A created container has no NetworkSettings.Ports yet, so fall back
	 * to the requested bindings. */
	if (!rc)
		rc = ports_from_json(
			a, json_object_size(ports) ? ports
						   : jget_object(hc, "PortBindings"),
			c);
	if (!rc)
		rc = devices_from_json(a, jget_array(hc, "Devices"), c);
	if (!rc)
		rc = jget_strlist(a, jget_array(hc, "DeviceCgroupRules"),
				  &c->device_cgroup_rules);
	if (!rc)
		rc = ulimits_from_json(a, jget_array(hc, "Ulimits"), c);
	if (!rc)
		rc = networks_from_json(
			a, jget_object(jget_object(inspect, "NetworkSettings"), "Networks"),
			c);
	if (!rc)
		rc = env_from_json(a, jget_array(cfg, "Env"), &c->env, &c->n_env);
	return rc;
}

int normalize_top(struct arena *a, json_t *top, struct container *c)
{
	json_t *titles = jget_array(top, "Titles");
	json_t *rows = jget_array(top, "Processes");
	int user_col = -1, pid_col = -1, cmd_col = -1;
	size_t i, n = json_array_size(rows);
	json_t *t, *row;

	json_array_foreach(titles, i, t)
	{
		const char *s = json_string_value(t);

		if (str_eq(s, "UID") || str_eq(s, "USER"))
			user_col = (int)i;
		else if (str_eq(s, "PID"))
			pid_col = (int)i;
		else if (str_eq(s, "CMD") || str_eq(s, "COMMAND"))
			cmd_col = (int)i;
	}
	if (!n || cmd_col < 0)
		return 0;
	c->processes = arena_calloc(a, n, sizeof(*c->processes));
	if (!c->processes)
		return SW_ENOMEM;
	json_array_foreach(rows, i, row)
	{
		struct process *p = &c->processes[c->n_processes];
		const char *cmd = json_string_value(
			json_array_get(row, (size_t)cmd_col));

		if (!cmd)
			continue;
		p->cmd = arena_strdup(a, cmd);
		p->user = user_col < 0 ? NULL
				       : arena_strdup(a, json_string_value(
							json_array_get(
								row,
								(size_t)user_col)));
		p->pid = pid_col < 0 ? NULL
				     : arena_strdup(a, json_string_value(
							json_array_get(
								row,
								(size_t)pid_col)));
		if (!p->cmd)
			return SW_ENOMEM;
		c->n_processes++;
	}
	return 0;
}

int normalize_execs(struct arena *a, json_t *execs, struct container *c)
{
	size_t i, n = json_array_size(execs);
	json_t *e;

	if (!n)
		return 0;
	c->execs = arena_calloc(a, n, sizeof(*c->execs));
	if (!c->execs)
		return SW_ENOMEM;
	json_array_foreach(execs, i, e)
	{
		struct exec_session *x = &c->execs[c->n_execs];
		json_t *pc = jget_object(e, "ProcessConfig");
		struct buf cmd = BUF_INIT;
		json_t *args = jget_array(pc, "arguments");
		size_t j;
		json_t *arg;

		if (!json_is_object(e))
			continue;
		x->id = jget_string(a, e, "ID");
		x->running = jget_bool(e, "Running");
		x->privileged = jget_bool(pc, "privileged");
		x->user = jget_string(a, pc, "user");
		buf_puts(&cmd, jget_string(a, pc, "entrypoint"));
		json_array_foreach(args, j, arg)
		{
			buf_putc(&cmd, ' ');
			if (json_is_string(arg))
				buf_puts(&cmd, json_string_value(arg));
		}
		x->cmd = arena_strdup(a, buf_str(&cmd));
		buf_clear(&cmd);
		if (!x->cmd)
			return SW_ENOMEM;
		c->n_execs++;
	}
	return 0;
}
