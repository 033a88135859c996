/*
 * Fuzzes the section 5 checks over one container inspect document, with
 * optional "Top" and "Execs" members holding /top and exec replies. The
 * checks run twice: with no /info, then with AppArmor, SELinux, an active
 * swarm and daemon defaults all on and the container read as a compose
 * service.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "model/normalize.h"
#include "rules/rule.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run_section5(const struct target *t, const struct container *c)
{
	struct buf evidence = BUF_INIT;
	size_t n;
	const struct rule *rules = rules_all(&n);

	for (size_t i = 0; i < n; i++) {
		struct verdict v = {.evidence = &evidence};

		if (strncmp(rules[i].id, "5.", 2) != 0 || !rules[i].check)
			continue;
		rules[i].check(t,
			       rules[i].applies_to == OBJ_CONTAINER
				   ? (const void *)c
				   : (const void *)t,
			       &v);
	}
	buf_clear(&evidence);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena arena = ARENA_INIT;
	struct daemon_setting nnp = {"no-new-privileges", "true", "fuzz"};
	struct target t = {.name = "fuzz",
			   .endpoint = "unix:///run/user/1000/docker.sock"};
	struct container c;
	json_t *doc =
	    json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);

	t.daemon.swarm_state = "";
	t.daemon.seccomp_profile = "";
	if (doc && normalize_container(&arena, doc, &c) == 0) {
		c.top_status = PART_COLLECTED;
		c.exec_status = PART_COLLECTED;
		normalize_top(&arena, json_object_get(doc, "Top"), &c);
		normalize_execs(&arena, json_object_get(doc, "Execs"), &c);
		run_section5(&t, &c);

		t.daemon.info_status = PART_COLLECTED;
		t.daemon.apparmor = true;
		t.daemon.selinux = true;
		t.daemon.seccomp = true;
		t.daemon.seccomp_profile = "unconfined";
		t.daemon.swarm_state = "active";
		t.daemon.settings = &nnp;
		t.daemon.n_settings = 1;
		c.origin = ORIGIN_COMPOSE;
		run_section5(&t, &c);
	}
	json_decref(doc);
	arena_clear(&arena);
	return 0;
}
