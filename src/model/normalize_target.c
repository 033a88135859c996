#include <string.h>

#include "model/jget.h"
#include "model/normalize.h"
#include "util/error.h"
#include "util/strutil.h"

int normalize_image(struct arena *a, json_t *summary, json_t *inspect,
		    json_t *history, struct image *img)
{
	json_t *cfg = jget_object(inspect, "Config");
	json_t *tags = jget_array(inspect ? inspect : summary, "RepoTags");
	size_t i, n = json_array_size(history);
	json_t *h;
	int rc;

	memset(img, 0, sizeof(*img));
	img->origin = ORIGIN_ENGINE;
	img->id = jget_string(a, inspect ? inspect : summary, "Id");
	rc = jget_strlist(a, tags, &img->tags);
	if (rc)
		return rc;
	if (img->tags.n && !str_eq(img->tags.v[0], "<none>:<none>"))
		img->name = img->tags.v[0];
	else if (str_starts_with(img->id, "sha256:"))
		img->name = arena_strndup(a, img->id + 7, 12);
	else
		img->name = img->id;
	if (!img->name)
		return SW_ENOMEM;
	img->containers = (size_t)(jget_int(summary, "Containers") > 0
					   ? jget_int(summary, "Containers")
					   : 0);
	img->user = "";
	img->health.test = "";
	img->history_status = PART_ABSENT;
	if (!inspect)
		return 0;

	img->inspected = true;
	img->user = jget_string(a, cfg, "User");
	{
		json_t *test = jget_array(jget_object(cfg, "Healthcheck"),
					  "Test");
		const char *first = json_string_value(json_array_get(test, 0));

		if (json_array_size(test)) {
			img->health.present = true;
			img->health.disabled = str_eq(first, "NONE");
			/* Copied: the inspect document is freed after
			 * normalization. */
			img->health.test = img->health.disabled
					       ? "NONE"
					       : arena_strdup(a, first ? first
								       : "");
		}
	}
	{
		json_t *env = jget_array(cfg, "Env");
		size_t j, m = json_array_size(env);
		json_t *e;

		img->env = m ? arena_calloc(a, m, sizeof(*img->env)) : NULL;
		if (m && !img->env)
			return SW_ENOMEM;
		json_array_foreach(env, j, e)
		{
			const char *s = json_string_value(e);
			const char *eq = s ? strchr(s, '=') : NULL;
			struct kv *kv = &img->env[img->n_env];

			if (!s)
				continue;
			kv->name = eq ? arena_strndup(a, s, (size_t)(eq - s))
				      : arena_strdup(a, s);
			kv->value = eq ? arena_strdup(a, eq + 1) : NULL;
			if (!kv->name)
				return SW_ENOMEM;
			img->n_env++;
		}
	}

	if (!json_is_array(history))
		return 0;
	img->history_status = PART_COLLECTED;
	if (!n)
		return 0;
	img->history = arena_calloc(a, n, sizeof(*img->history));
	if (!img->history)
		return SW_ENOMEM;
	/* The engine lists history newest first; the model keeps build order. */
	json_array_foreach(history, i, h)
	{
		struct history_entry *e = &img->history[n - 1 - i];

		e->created_by = jget_string(a, h, "CreatedBy");
		e->empty_layer = jget_int(h, "Size") == 0;
	}
	img->n_history = n;
	return 0;
}

int normalize_network(struct arena *a, json_t *doc, struct network *n)
{
	json_t *opts = jget_object(doc, "Options");
	json_t *icc = json_object_get(opts, "com.docker.network.bridge.enable_icc");

	memset(n, 0, sizeof(*n));
	n->id = jget_string(a, doc, "Id");
	n->name = jget_string(a, doc, "Name");
	n->driver = jget_string(a, doc, "Driver");
	n->scope = jget_string(a, doc, "Scope");
	n->internal = jget_bool(doc, "Internal");
	n->icc_set = json_is_string(icc);
	n->icc = !n->icc_set || str_eq(json_string_value(icc), "true");
	n->encrypted = json_object_get(opts, "encrypted") != NULL;
	n->containers = json_object_size(jget_object(doc, "Containers"));
	return 0;
}

static void volume_apply(struct arena *a, json_t *doc, struct mount *m)
{
	json_t *opts = jget_object(doc, "Options");

	m->volume_inspected = true;
	m->volume_type = jget_string(a, opts, "type");
	m->volume_device = jget_string(a, opts, "device");
	m->volume_options = jget_string(a, opts, "o");
}

int normalize_volumes(struct arena *a, json_t *volumes, struct target *t)
{
	size_t i;
	json_t *doc;

	json_array_foreach(volumes, i, doc)
	{
		const char *name =
		    json_string_value(json_object_get(doc, "Name"));

		if (!name)
			continue;
		for (size_t j = 0; j < t->n_containers; j++) {
			struct container *c = &t->containers[j];

			for (size_t k = 0; k < c->n_mounts; k++)
				if (c->mounts[k].type == MOUNT_VOLUME &&
				    str_eq(c->mounts[k].source, name))
					volume_apply(a, doc, &c->mounts[k]);
		}
	}
	return 0;
}

/* Interprets /info SecurityOptions entries ("name=seccomp,profile=..."). */
static void security_options_apply(struct daemon *d)
{
	for (size_t i = 0; i < d->security_options.n; i++) {
		const char *opt = d->security_options.v[i];

		if (str_starts_with(opt, "name=apparmor"))
			d->apparmor = true;
		else if (str_starts_with(opt, "name=selinux"))
			d->selinux = true;
		else if (str_starts_with(opt, "name=userns"))
			d->userns = true;
		else if (str_starts_with(opt, "name=rootless"))
			d->rootless = true;
		else if (str_starts_with(opt, "name=seccomp")) {
			const char *p = strstr(opt, "profile=");

			d->seccomp = true;
			d->seccomp_profile = p ? p + 8 : "default";
		}
	}
}

static int registries_apply(struct arena *a, json_t *reg, struct daemon *d)
{
	json_t *index = jget_object(reg, "IndexConfigs");
	size_t n = json_object_size(index);
	const char *name;
	json_t *cfg;
	int rc;

	rc = jget_strlist(a, jget_array(reg, "InsecureRegistryCIDRs"),
			  &d->insecure_cidrs);
	if (rc || !n)
		return rc;
	d->insecure_registries.v = arena_calloc(a, n, sizeof(char *));
	if (!d->insecure_registries.v)
		return SW_ENOMEM;
	json_object_foreach(index, name, cfg)
	{
		json_t *secure = json_object_get(cfg, "Secure");

		if (!json_is_false(secure))
			continue;
		d->insecure_registries.v[d->insecure_registries.n] =
			arena_strdup(a, name);
		if (!d->insecure_registries.v[d->insecure_registries.n])
			return SW_ENOMEM;
		d->insecure_registries.n++;
	}
	return 0;
}

static int driver_status_apply(struct arena *a, json_t *arr, struct daemon *d)
{
	size_t i, n = json_array_size(arr);
	json_t *pair;

	if (!n)
		return 0;
	d->driver_status = arena_calloc(a, n, sizeof(*d->driver_status));
	if (!d->driver_status)
		return SW_ENOMEM;
	json_array_foreach(arr, i, pair)
	{
		const char *k = json_string_value(json_array_get(pair, 0));
		const char *v = json_string_value(json_array_get(pair, 1));
		struct kv *kv = &d->driver_status[d->n_driver_status];

		if (!k)
			continue;
		kv->name = arena_strdup(a, k);
		kv->value = arena_strdup(a, v ? v : "");
		if (!kv->name || !kv->value)
			return SW_ENOMEM;
		d->n_driver_status++;
	}
	return 0;
}

void normalize_swarm(json_t *swarm, struct daemon *d)
{
	json_t *enc = jget_object(jget_object(swarm, "Spec"),
				  "EncryptionConfig");
	json_t *autolock = json_object_get(enc, "AutoLockManagers");

	if (!json_is_boolean(autolock))
		return;
	d->swarm_autolock_known = true;
	d->swarm_autolock = json_is_true(autolock);
}

int normalize_daemon(struct arena *a, json_t *version, json_t *info,
		     struct daemon *d)
{
	json_t *swarm = jget_object(info, "Swarm");
	int rc;

	d->version = jget_string(a, version, "Version");
	d->api_version = jget_string(a, version, "ApiVersion");
	d->min_api_version = jget_string(a, version, "MinAPIVersion");
	d->os = jget_string(a, version, "Os");
	d->kernel = jget_string(a, version, "KernelVersion");
	d->experimental = jget_bool(version, "Experimental") ||
			  jget_bool(info, "ExperimentalBuild");
	d->hostname = jget_string(a, info, "Name");
	d->storage_driver = jget_string(a, info, "Driver");
	d->logging_driver = jget_string(a, info, "LoggingDriver");
	d->cgroup_driver = jget_string(a, info, "CgroupDriver");
	d->cgroup_version = jget_string(a, info, "CgroupVersion");
	d->root_dir = jget_string(a, info, "DockerRootDir");
	d->debug = jget_bool(info, "Debug");
	d->live_restore = jget_bool(info, "LiveRestoreEnabled");
	d->seccomp_profile = "";
	d->swarm_state = jget_string(a, swarm, "LocalNodeState");
	d->swarm_manager = jget_bool(swarm, "ControlAvailable");
	d->swarm_managers = jget_int(swarm, "Managers");
	d->swarm_nodes = jget_int(swarm, "Nodes");
	d->containers_total = jget_int(info, "Containers");
	d->containers_running = jget_int(info, "ContainersRunning");
	d->containers_paused = jget_int(info, "ContainersPaused");
	d->containers_stopped = jget_int(info, "ContainersStopped");
	normalize_swarm(jget_object(swarm, "Cluster"), d);
	if (!*d->kernel)
		d->kernel = jget_string(a, info, "KernelVersion");
	if (!*d->version)
		d->version = jget_string(a, info, "ServerVersion");

	rc = jget_strlist(a, jget_array(info, "SecurityOptions"),
			  &d->security_options);
	if (!rc)
		rc = jget_strlist(
			a,
			jget_array(jget_object(info, "Plugins"), "Authorization"),
			&d->authz_plugins);
	if (!rc)
		rc = registries_apply(a, jget_object(info, "RegistryConfig"), d);
	if (!rc)
		rc = driver_status_apply(a, jget_array(info, "DriverStatus"), d);
	security_options_apply(d);
	return rc;
}
