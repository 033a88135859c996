/*
 * Resource settings of a service: memory, CPU and PIDs limits, ulimits and
 * the restart policy, from the short keys and from deploy.*, which must
 * agree when both are given, as Compose requires.
 */
#include "lint/compose_priv.h"

#include <string.h>

#include "util/error.h"
#include "util/strutil.h"

static void field_at(struct service *s, enum cfield f, const struct ypair *p)
{
	service_field_at(s, f, p);
}

int compose_key_mem_limit(struct service *s, const struct ypair *p)
{
	s->limits.mem = p;
	return cv_bytes(s->cx, p->value, "mem_limit", &s->c->memory);
}

int compose_key_mem_reservation(struct service *s, const struct ypair *p)
{
	s->limits.reservation = p;
	return cv_bytes(s->cx, p->value, "mem_reservation",
			&s->c->memory_reservation);
}

int compose_key_cpus(struct service *s, const struct ypair *p)
{
	s->limits.cpus = p;
	return cv_nano_cpus(s->cx, p->value, "cpus", &s->c->nano_cpus);
}

int compose_key_cpu_shares(struct service *s, const struct ypair *p)
{
	field_at(s, CF_CPU, p);
	return cv_int(s->cx, p->value, "cpu_shares", 0, 262144,
		      &s->c->cpu_shares);
}

int compose_key_cpu_quota(struct service *s, const struct ypair *p)
{
	if (!s->c->field_loc[CF_CPU].line)
		field_at(s, CF_CPU, p);
	return cv_int(s->cx, p->value, "cpu_quota", -1, INT64_MAX,
		      &s->c->cpu_quota);
}

int compose_key_cpuset(struct service *s, const struct ypair *p)
{
	return cv_string(s->cx, p->value, "cpuset", &s->c->cpuset_cpus);
}

int compose_key_pids_limit(struct service *s, const struct ypair *p)
{
	s->limits.pids = p;
	s->c->pids_limit_set = p->value->kind != YNODE_NULL;
	if (!s->c->pids_limit_set)
		return 0;
	return cv_int(s->cx, p->value, "pids_limit", -1, INT64_MAX,
		      &s->c->pids_limit);
}

int compose_key_restart(struct service *s, const struct ypair *p)
{
	s->limits.restart = p;
	return 0;
}

int compose_key_ulimits(struct service *s, const struct ypair *p)
{
	const struct ynode *n = p->value;
	int rc;

	field_at(s, CF_ULIMITS, p);
	rc = cv_expect_mapping(s->cx, n, "ulimits");
	if (rc)
		return rc;
	s->c->ulimits =
	    arena_calloc(s->cx->a, n->n_pairs + 1, sizeof(*s->c->ulimits));
	if (!s->c->ulimits)
		return SW_ENOMEM;
	for (size_t i = 0; i < n->n_pairs && !rc; i++) {
		const struct ynode *v = n->pairs[i].value;
		struct ulimit *u = &s->c->ulimits[s->c->n_ulimits++];

		u->name = n->pairs[i].key;
		if (v->kind != YNODE_MAPPING) {
			rc = cv_int(s->cx, v, "ulimits", -1, INT64_MAX,
				    &u->soft);
			u->hard = u->soft;
			continue;
		}
		if (!ynode_get(v, "soft") || !ynode_get(v, "hard"))
			return compose_fail(s->cx, v->loc, "ulimits",
					    "ulimit '%s' needs both 'soft' "
					    "and 'hard'",
					    u->name);
		rc = cv_int(s->cx, ynode_get(v, "soft"), "ulimits.soft", -1,
			    INT64_MAX, &u->soft);
		if (!rc)
			rc = cv_int(s->cx, ynode_get(v, "hard"), "ulimits.hard",
				    -1, INT64_MAX, &u->hard);
	}
	return rc;
}

/* deploy.resources and deploy.restart_policy, checked against the short
 * keys once the whole service is read. */
int compose_key_deploy(struct service *s, const struct ypair *p)
{
	const struct ynode *n = p->value;
	const struct ynode *res = ynode_get(n, "resources");
	const struct ynode *limits = ynode_get(res, "limits");
	const struct ynode *reserv = ynode_get(res, "reservations");
	int rc =
	    n->kind == YNODE_NULL ? 0 : cv_expect_mapping(s->cx, n, "deploy");

	if (!rc && res)
		rc = cv_expect_mapping(s->cx, res, "deploy.resources");
	if (!rc && limits)
		rc =
		    cv_expect_mapping(s->cx, limits, "deploy.resources.limits");
	if (!rc && reserv)
		rc = cv_expect_mapping(s->cx, reserv,
				       "deploy.resources.reservations");
	s->limits.deploy_mem = ynode_pair(limits, "memory");
	s->limits.deploy_cpus = ynode_pair(limits, "cpus");
	s->limits.deploy_pids = ynode_pair(limits, "pids");
	s->limits.deploy_reservation = ynode_pair(reserv, "memory");
	s->limits.deploy_restart = ynode_pair(n, "restart_policy");
	return rc;
}

/* Applies a setting that both a short key and deploy.* give. */
static int limit_merge(struct service *s, const struct ypair *own,
		       const struct ypair *deploy, const char *deploy_key,
		       int64_t *value, enum cfield field,
		       int (*conv)(struct compose_ctx *, const struct ynode *,
				   const char *, int64_t *))
{
	int64_t v;
	int rc;

	if (own && field != CF_NONE)
		s->c->field_loc[field] = own->loc;
	if (!deploy)
		return 0;
	rc = conv(s->cx, deploy->value, deploy_key, &v);
	if (rc)
		return rc;
	if (own && v != *value)
		return compose_fail(s->cx, deploy->loc, NULL,
				    "'%s' and '%s' set different values; set "
				    "only one",
				    own->key, deploy_key);
	if (!own && field != CF_NONE)
		s->c->field_loc[field] = deploy->loc;
	*value = v;
	return 0;
}

static int conv_pids(struct compose_ctx *cx, const struct ynode *n,
		     const char *key, int64_t *out)
{
	return cv_int(cx, n, key, -1, INT64_MAX, out);
}

/* restart: "no", "always", "unless-stopped" or "on-failure[:N]". */
static int restart_short(struct service *s, const struct ypair *p)
{
	const char *v;
	int rc = cv_string(s->cx, p->value, "restart", &v);
	const char *colon;

	if (rc)
		return rc;
	colon = strchr(v, ':');
	s->c->restart_policy =
	    colon ? arena_strndup(s->cx->a, v, (size_t)(colon - v)) : v;
	if (!s->c->restart_policy)
		return SW_ENOMEM;
	if (colon &&
	    (!str_eq(s->c->restart_policy, "on-failure") ||
	     parse_int64(colon + 1, 0, INT32_MAX, &s->c->restart_max_retry)))
		return compose_fail(s->cx, p->value->loc, "restart",
				    "invalid restart policy '%s': only "
				    "on-failure takes a count, as in "
				    "on-failure:5",
				    v);
	if (!str_eq(s->c->restart_policy, "no") &&
	    !str_eq(s->c->restart_policy, "always") &&
	    !str_eq(s->c->restart_policy, "unless-stopped") &&
	    !str_eq(s->c->restart_policy, "on-failure"))
		return compose_fail(s->cx, p->value->loc, "restart",
				    "invalid restart policy '%s': use no, "
				    "always, unless-stopped or on-failure[:N]",
				    v);
	return 0;
}

/* deploy.restart_policy replaces restart, as Compose maps it: condition
 * none is "no", any is "always". */
static int restart_deploy(struct service *s, const struct ypair *p)
{
	const struct ynode *cond = ynode_get(p->value, "condition");
	const struct ynode *max = ynode_get(p->value, "max_attempts");
	const char *c = "";
	int rc = cv_expect_mapping(s->cx, p->value, "deploy.restart_policy");

	if (!rc && cond)
		rc = cv_string(s->cx, cond, "deploy.restart_policy.condition",
			       &c);
	if (rc)
		return rc;
	if (str_eq(c, "none"))
		c = "no";
	else if (str_eq(c, "any"))
		c = "always";
	s->c->restart_policy = c;
	s->c->restart_max_retry = 0;
	if (max)
		rc = cv_int(s->cx, max, "deploy.restart_policy.max_attempts", 0,
			    INT32_MAX, &s->c->restart_max_retry);
	return rc;
}

int compose_limits_apply(struct service *s)
{
	struct service_limits *l = &s->limits;
	int rc;

	rc = limit_merge(s, l->mem, l->deploy_mem,
			 "deploy.resources.limits.memory", &s->c->memory,
			 CF_MEMORY, cv_bytes);
	if (!rc)
		rc = limit_merge(s, l->reservation, l->deploy_reservation,
				 "deploy.resources.reservations.memory",
				 &s->c->memory_reservation, CF_NONE, cv_bytes);
	if (!rc)
		rc = limit_merge(
		    s, l->cpus, l->deploy_cpus, "deploy.resources.limits.cpus",
		    &s->c->nano_cpus,
		    s->c->field_loc[CF_CPU].line ? CF_NONE : CF_CPU,
		    cv_nano_cpus);
	if (!rc)
		rc = limit_merge(s, l->pids, l->deploy_pids,
				 "deploy.resources.limits.pids",
				 &s->c->pids_limit, CF_PIDS_LIMIT, conv_pids);
	if (!rc && l->deploy_pids)
		s->c->pids_limit_set = true;
	if (!rc && l->restart)
		rc = restart_short(s, l->restart);
	if (!rc && l->deploy_restart)
		rc = restart_deploy(s, l->deploy_restart);
	if (l->deploy_restart)
		s->c->field_loc[CF_RESTART] = l->deploy_restart->loc;
	else if (l->restart)
		s->c->field_loc[CF_RESTART] = l->restart->loc;
	return rc;
}
