/*
 * Section 5 of the CIS Docker Benchmark v1.6.0, container runtime: the
 * checks, split by topic over section5_*.c, and the helpers they share.
 * Private to src/rules.
 */
#ifndef SW_SECTION5_H
#define SW_SECTION5_H

#include <stdbool.h>
#include <stddef.h>

#include "rules/rule.h"
#include "util/buf.h"

/* Items an evidence line names before it ends with "and N more". */
#define EVIDENCE_LIST_MAX 8
/* Bytes of one evidence list; longer lists are cut at an item boundary. */
#define EVIDENCE_LIST_BYTES 2048

/* A comma-separated list of observed values for an evidence line. */
struct evidence_list {
	struct buf text;
	size_t n;   /* items added, including those not shown */
	bool ended; /* "and N more" appended */
};

void evidence_list_init(struct evidence_list *l);
void evidence_list_add(struct evidence_list *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Returns the list with "and N more" appended once when items were left
 * out; "" when empty. The string lives until evidence_list_clear(). */
const char *evidence_list_str(struct evidence_list *l);
void evidence_list_clear(struct evidence_list *l);

/*
 * Writes `path` into `out` in lexical normal form: repeated slashes and "."
 * components removed, ".." resolved (never above "/"), no trailing slash.
 * Symbolic links are not resolved, since the path belongs to another host.
 * Returns the result, which lives in `out`.
 */
const char *path_clean(struct buf *out, const char *path);
/* Whether the clean path `path` is `dir` or lies below it ("/etcetera" is
 * not below "/etc"). */
bool path_is_within(const char *path, const char *dir);

/* One security option, "key=value", "key:value" (the engine's old form) or
 * a bare "key". */
struct secopt {
	const char *key;
	size_t key_len;
	const char *value; /* NULL for a bare key */
};

void secopt_parse(const char *opt, struct secopt *o);
bool secopt_key_is(const struct secopt *o, const char *key);
/*
 * Returns the value of the last option with this key ("" for a bare key),
 * or NULL when there is none. `raw`, when not NULL, receives the whole
 * option as written.
 */
const char *container_secopt(const struct container *c, const char *key,
			     const char **raw);

/* Whether a user spec ("", "root", "0", "0:0", "root:wheel") is UID 0. An
 * empty spec is root, because Config.User already contains the image's user. */
bool user_is_root(const char *user);

/* Whether the object was read from a file rather than a live engine. */
bool container_from_file(const struct container *c);

/* section5_confine.c: mandatory access control, capabilities, seccomp. */
void check_5_2(const struct target *t, const void *obj, struct verdict *v);
void check_5_3(const struct target *t, const void *obj, struct verdict *v);
void check_5_4(const struct target *t, const void *obj, struct verdict *v);
void check_5_5(const struct target *t, const void *obj, struct verdict *v);
void check_5_22(const struct target *t, const void *obj, struct verdict *v);
void check_5_26(const struct target *t, const void *obj, struct verdict *v);

/* section5_mounts.c: mounts, devices and the root file system. */
void check_5_6(const struct target *t, const void *obj, struct verdict *v);
void check_5_13(const struct target *t, const void *obj, struct verdict *v);
void check_5_18(const struct target *t, const void *obj, struct verdict *v);
void check_5_20(const struct target *t, const void *obj, struct verdict *v);
void check_5_32(const struct target *t, const void *obj, struct verdict *v);

/* section5_network.c: published ports and networks. */
void check_5_8(const struct target *t, const void *obj, struct verdict *v);
void check_5_9(const struct target *t, const void *obj, struct verdict *v);
void check_5_14(const struct target *t, const void *obj, struct verdict *v);
void check_5_30(const struct target *t, const void *obj, struct verdict *v);

/* section5_resources.c: limits, restart policy and cgroups. */
void check_5_11(const struct target *t, const void *obj, struct verdict *v);
void check_5_12(const struct target *t, const void *obj, struct verdict *v);
void check_5_15(const struct target *t, const void *obj, struct verdict *v);
void check_5_19(const struct target *t, const void *obj, struct verdict *v);
void check_5_25(const struct target *t, const void *obj, struct verdict *v);
void check_5_29(const struct target *t, const void *obj, struct verdict *v);

/* section5_runtime.c: swarm, namespaces, processes, exec, health, image. */
void check_5_1(const struct target *t, const void *obj, struct verdict *v);
void check_5_7(const struct target *t, const void *obj, struct verdict *v);
void check_5_10(const struct target *t, const void *obj, struct verdict *v);
void check_5_16(const struct target *t, const void *obj, struct verdict *v);
void check_5_17(const struct target *t, const void *obj, struct verdict *v);
void check_5_21(const struct target *t, const void *obj, struct verdict *v);
void check_5_23(const struct target *t, const void *obj, struct verdict *v);
void check_5_24(const struct target *t, const void *obj, struct verdict *v);
void check_5_27(const struct target *t, const void *obj, struct verdict *v);
void check_5_28(const struct target *t, const void *obj, struct verdict *v);
void check_5_31(const struct target *t, const void *obj, struct verdict *v);

#endif
