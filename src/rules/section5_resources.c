/*
 * Section 5 checks on resource controls: memory (5.11), CPU (5.12), the
 * restart policy (5.15), ulimits (5.19), the cgroup parent (5.25) and the
 * PIDs limit (5.29).
 */
#include <inttypes.h>
#include <stdio.h>

#include "rules/section5.h"
#include "util/strutil.h"

/* The maximum retry count the benchmark accepts for on-failure. */
#define RESTART_RETRY_MAX 5
/* The engine's CPU weight when none is given; 0 also means this. */
#define CPU_SHARES_DEFAULT 1024

/* Writes a byte count with its binary unit when it divides evenly. */
static const char *bytes_text(char *out, size_t size, int64_t bytes)
{
	static const char *const units[] = {"KiB", "MiB", "GiB", "TiB"};
	int64_t scaled = bytes;
	int unit = -1;

	while (unit < 3 && scaled >= 1024 && scaled % 1024 == 0) {
		scaled /= 1024;
		unit++;
	}
	if (unit < 0)
		snprintf(out, size, "%" PRId64 " bytes", bytes);
	else
		snprintf(out, size, "%" PRId64 " bytes, %" PRId64 " %s", bytes,
			 scaled, units[unit]);
	return out;
}

void check_5_11(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;
	char text[64];

	(void)t;
	/* MemoryReservation is a soft limit the kernel enforces only under
	 * memory pressure, so it does not cap the container. */
	if (c->memory > 0)
		verdict_pass(v, CF_MEMORY, "HostConfig.Memory is %s",
			     bytes_text(text, sizeof(text), c->memory));
	else if (c->memory_reservation > 0)
		verdict_fail(
		    v, CF_MEMORY,
		    "HostConfig.Memory is 0 (unlimited); "
		    "MemoryReservation %s is only a soft limit",
		    bytes_text(text, sizeof(text), c->memory_reservation));
	else
		verdict_fail(v, CF_MEMORY,
			     "HostConfig.Memory is 0 (unlimited)");
}

void check_5_12(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;

	(void)t;
	if (c->nano_cpus > 0)
		verdict_pass(v, CF_CPU,
			     "HostConfig.NanoCpus is %" PRId64 " (%.2f CPUs)",
			     c->nano_cpus, (double)c->nano_cpus / 1e9);
	else if (c->cpu_quota > 0)
		verdict_pass(v, CF_CPU, "HostConfig.CpuQuota is %" PRId64,
			     c->cpu_quota);
	else if (*c->cpuset_cpus)
		verdict_pass(v, CF_CPU, "HostConfig.CpusetCpus is %s",
			     c->cpuset_cpus);
	else if (c->cpu_shares > 0 && c->cpu_shares != CPU_SHARES_DEFAULT)
		verdict_pass(v, CF_CPU, "HostConfig.CpuShares is %" PRId64,
			     c->cpu_shares);
	else
		verdict_fail(v, CF_CPU,
			     "HostConfig.CpuShares is %" PRId64 " (the default "
			     "weight %d) and NanoCpus, CpuQuota and CpusetCpus "
			     "are not set",
			     c->cpu_shares, CPU_SHARES_DEFAULT);
}

void check_5_15(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;
	const char *policy = c->restart_policy;
	int64_t retries = c->restart_max_retry;

	(void)t;
	if (!*policy || str_eq(policy, "no"))
		verdict_pass(v, CF_RESTART,
			     "HostConfig.RestartPolicy.Name is %s",
			     *policy ? policy : "empty (no restart)");
	else if (str_eq(policy, "always") || str_eq(policy, "unless-stopped"))
		verdict_fail(
		    v, CF_RESTART,
		    "HostConfig.RestartPolicy.Name is %s, which restarts "
		    "without limit",
		    policy);
	else if (!str_eq(policy, "on-failure"))
		verdict_error(v,
			      "HostConfig.RestartPolicy.Name is '%s', which "
			      "is not a restart policy the engine knows",
			      policy);
	else if (retries <= 0)
		verdict_fail(v, CF_RESTART,
			     "HostConfig.RestartPolicy is on-failure with "
			     "MaximumRetryCount %" PRId64 " (unlimited)",
			     retries);
	else if (retries > RESTART_RETRY_MAX)
		verdict_fail(v, CF_RESTART,
			     "HostConfig.RestartPolicy is on-failure with "
			     "MaximumRetryCount %" PRId64 ", more than %d",
			     retries, RESTART_RETRY_MAX);
	else
		verdict_pass(v, CF_RESTART,
			     "HostConfig.RestartPolicy is on-failure with "
			     "MaximumRetryCount %" PRId64,
			     retries);
}

void check_5_19(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;
	struct evidence_list limits;

	(void)t;
	if (!c->n_ulimits) {
		verdict_pass(v, CF_ULIMITS,
			     "HostConfig.Ulimits is empty, so the daemon's "
			     "default ulimits apply");
		return;
	}
	evidence_list_init(&limits);
	for (size_t i = 0; i < c->n_ulimits; i++)
		evidence_list_add(&limits, "%s=%" PRId64 ":%" PRId64,
				  c->ulimits[i].name, c->ulimits[i].soft,
				  c->ulimits[i].hard);
	verdict_set(v, ST_MANUAL, CF_ULIMITS,
		    "HostConfig.Ulimits overrides %s; check that each override "
		    "is needed",
		    evidence_list_str(&limits));
	evidence_list_clear(&limits);
}

void check_5_25(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;

	(void)t;
	if (*c->cgroup_parent)
		verdict_fail(v, CF_CGROUP_PARENT,
			     "HostConfig.CgroupParent is %s, not the engine's "
			     "default",
			     c->cgroup_parent);
	else
		verdict_pass(
		    v, CF_CGROUP_PARENT,
		    "HostConfig.CgroupParent is empty, so the engine's "
		    "default cgroup applies");
}

void check_5_29(const struct target *t, const void *obj, struct verdict *v)
{
	const struct container *c = obj;

	(void)t;
	if (!c->pids_limit_set)
		verdict_fail(v, CF_PIDS_LIMIT,
			     "HostConfig.PidsLimit is not set (unlimited)");
	else if (c->pids_limit <= 0)
		verdict_fail(v, CF_PIDS_LIMIT,
			     "HostConfig.PidsLimit is %" PRId64 " (unlimited)",
			     c->pids_limit);
	else
		verdict_pass(v, CF_PIDS_LIMIT,
			     "HostConfig.PidsLimit is %" PRId64, c->pids_limit);
}
