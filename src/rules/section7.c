/*
 * Section 7, Docker Swarm configuration. Every rule is not applicable while
 * swarm mode is inactive. On an active swarm, the managers, overlay
 * networks and autolock are read from /info, GET /swarm and the network
 * list, and the other rules need a person.
 */
#include "rules/evidence.h"
#include "rules/rule.h"
#include "util/strutil.h"

/* Docker's swarm documentation recommends at most seven managers. */
#define SWARM_MANAGERS_MAX 7

/*
 * Sets the verdict and returns true when swarm rules cannot be decided:
 * the node is not in a swarm, or /info, which shows the swarm state, was
 * not collected.
 */
static bool swarm_absent(const struct target *t, struct verdict *v)
{
	const char *state = t->daemon.swarm_state;

	if (t->daemon.info_status != PART_COLLECTED) {
		verdict_error(v,
			      "GET /info was not collected (%s), so the "
			      "swarm state is unknown",
			      part_status_name(t->daemon.info_status));
		return true;
	}
	if (str_empty(state)) {
		verdict_na(v, "/info has no Swarm.LocalNodeState, so this "
			      "engine is not in a swarm");
		return true;
	}
	if (str_eq(state, "inactive")) {
		verdict_na(v, "swarm mode is inactive (Swarm.LocalNodeState is "
			      "\"inactive\")");
		return true;
	}
	return false;
}

/*
 * Sets a manual verdict and returns true when the node cannot show
 * cluster-wide facts: only an unlocked manager can.
 */
static bool not_manager(const struct target *t, struct verdict *v,
			const char *what)
{
	if (t->daemon.swarm_manager && str_eq(t->daemon.swarm_state, "active"))
		return false;
	verdict_manual(v, "this node is not an active swarm manager "
			  "(Swarm.LocalNodeState is \"");
	evidence_append(v->evidence, t->daemon.swarm_state, EVIDENCE_VALUE_MAX);
	buf_printf(v->evidence, "\"), so %s is not visible; scan a manager",
		   what);
	return true;
}

/* Sets the manual verdict of a rule that only a person can decide. */
static void swarm_manual(const struct target *t, struct verdict *v,
			 const char *id)
{
	const struct rule *r = rule_find(id);

	if (swarm_absent(t, v))
		return;
	verdict_manual(v, "%s", r ? r->checks : id);
}

static void check_7_1(const struct target *t, const void *object,
		      struct verdict *v)
{
	int64_t managers = t->daemon.swarm_managers;

	(void)object;
	if (swarm_absent(t, v) || not_manager(t, v, "the manager count"))
		return;
	if (managers < 1)
		verdict_error(v, "/info reports %lld swarm managers",
			      (long long)managers);
	else if (managers % 2 == 0)
		verdict_fail(v, CF_NONE,
			     "Swarm.Managers is %lld, an even number: it "
			     "tolerates no more manager failures than %lld "
			     "would, with one more host able to control the "
			     "swarm",
			     (long long)managers, (long long)managers - 1);
	else if (managers > SWARM_MANAGERS_MAX)
		verdict_fail(v, CF_NONE,
			     "Swarm.Managers is %lld, more than the %d a swarm "
			     "needs",
			     (long long)managers, SWARM_MANAGERS_MAX);
	else
		verdict_pass(v, CF_NONE,
			     "Swarm.Managers is %lld, an odd number of at most "
			     "%d",
			     (long long)managers, SWARM_MANAGERS_MAX);
}

static void check_7_2(const struct target *t, const void *object,
		      struct verdict *v)
{
	(void)object;
	if (swarm_absent(t, v))
		return;
	verdict_manual(v, "swarm mode is active; the engine API does not show "
			  "the address the swarm ports listen on: check with "
			  "'ss -ltn' that 2377 and 7946 are bound to one "
			  "interface, not 0.0.0.0 or [::]");
}

static void check_7_3(const struct target *t, const void *object,
		      struct verdict *v)
{
	size_t overlays = 0, plain = 0;

	(void)object;
	if (swarm_absent(t, v))
		return;
	if (t->networks_status != PART_COLLECTED) {
		verdict_error(v, "the network list was not collected (%s)",
			      part_status_name(t->networks_status));
		return;
	}
	verdict_fail(v, CF_NONE,
		     "overlay networks without the encrypted "
		     "option: ");
	for (size_t i = 0; i < t->n_networks; i++) {
		const struct network *n = &t->networks[i];

		if (!str_eq(n->driver, "overlay"))
			continue;
		overlays++;
		if (n->encrypted)
			continue;
		buf_puts(v->evidence, plain++ ? ", " : "");
		evidence_append(v->evidence, n->name, EVIDENCE_VALUE_MAX);
	}
	if (!plain)
		verdict_pass(v, CF_NONE,
			     overlays ? "all %zu overlay networks are encrypted"
				      : "the node has %zu overlay networks",
			     overlays);
}

static void check_7_4(const struct target *t, const void *object,
		      struct verdict *v)
{
	(void)object;
	swarm_manual(t, v, "7.4");
}

static void check_7_5(const struct target *t, const void *object,
		      struct verdict *v)
{
	const struct daemon *d = &t->daemon;

	(void)object;
	if (swarm_absent(t, v))
		return;
	if (str_eq(d->swarm_state, "locked")) {
		verdict_pass(v, CF_NONE,
			     "the swarm is locked, so autolock is "
			     "on");
		return;
	}
	if (!d->swarm_autolock_known) {
		if (!not_manager(t, v, "the autolock setting"))
			verdict_error(v, "neither GET /swarm nor /info shows "
					 "Spec.EncryptionConfig."
					 "AutoLockManagers");
		return;
	}
	if (d->swarm_autolock)
		verdict_pass(v, CF_NONE,
			     "Spec.EncryptionConfig."
			     "AutoLockManagers is true");
	else
		verdict_fail(v, CF_NONE,
			     "Spec.EncryptionConfig.AutoLockManagers is false, "
			     "so each manager keeps its TLS key and the raft "
			     "encryption key on disk without protection");
}

static void check_7_6(const struct target *t, const void *object,
		      struct verdict *v)
{
	(void)object;
	swarm_manual(t, v, "7.6");
}

static void check_7_7(const struct target *t, const void *object,
		      struct verdict *v)
{
	(void)object;
	swarm_manual(t, v, "7.7");
}

static void check_7_8(const struct target *t, const void *object,
		      struct verdict *v)
{
	(void)object;
	swarm_manual(t, v, "7.8");
}

static void check_7_9(const struct target *t, const void *object,
		      struct verdict *v)
{
	(void)object;
	swarm_manual(t, v, "7.9");
}

const struct rule_check section7_checks[] = {
    {"7.1", check_7_1}, {"7.2", check_7_2}, {"7.3", check_7_3},
    {"7.4", check_7_4}, {"7.5", check_7_5}, {"7.6", check_7_6},
    {"7.7", check_7_7}, {"7.8", check_7_8}, {"7.9", check_7_9},
    {NULL, NULL},
};
