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

/*
 * A custom seccomp profile as dockerd reads it: its defaultAction and its
 * syscall rules (section5_seccomp.c).
 */
struct seccomp_profile {
	struct buf default_action; /* "" when the profile sets none */
	bool default_action_set;
	size_t rules;	       /* entries of the "syscalls" list */
	size_t blocking_rules; /* those whose action is not ALLOW or LOG */
};

/*
 * Reads the profile JSON `text` as dockerd does (see section5_seccomp.c).
 * Returns 0, or SW_EINVAL when the text is not a JSON object or a field
 * has a type the engine rejects. Call seccomp_profile_clear() either way.
 */
int seccomp_profile_read(const char *text, struct seccomp_profile *p);
void seccomp_profile_clear(struct seccomp_profile *p);
/* Whether a seccomp action lets the syscall run (ALLOW, LOG). */
bool seccomp_action_allows(const char *action);

/* section5_namespaces.c: namespaces joined from another container. */
enum namespace_join {
	NAMESPACE_OWN,	   /* the chain ends at a mode that joins nothing */
	NAMESPACE_MISSING, /* it names no container of the target */
	NAMESPACE_OUTSIDE, /* a file names a container outside the file */
	NAMESPACE_LOOP,	   /* it comes back to a container already seen */
};

/* Containers of a chain kept for evidence. */
#define NAMESPACE_CHAIN_MAX 4

struct namespace_owner {
	const struct container *owner; /* the chain's last container */
	const char *mode;	       /* the owner's mode */
	const char *reference;	       /* the last ID or name followed */
	const struct container *chain[NAMESPACE_CHAIN_MAX];
	size_t n_chain; /* containers joined, also those not kept */
};

/* Returns the mode of `field` (CF_NETWORK_MODE, CF_PID_MODE, CF_IPC_MODE);
 * "" for other fields. */
const char *container_namespace_mode(const struct container *c,
				     enum cfield field);
/*
 * Follows the "container:X" (and, in files, "service:X") modes of `field`
 * from `c` through the target's containers, and fills `o` with the
 * container whose namespace `c` ends up in. Returns an enum
 * namespace_join; with NAMESPACE_OWN and no chain, `o->owner` is `c`.
 */
int namespace_owner_find(const struct target *t, const struct container *c,
			 enum cfield field, struct namespace_owner *o);
/* Appends "web joins db (3f2a8c1d9e0b), which joins ..." to `out`. */
void namespace_chain_describe(struct buf *out, const struct container *c,
			      const struct namespace_owner *o);

/* section5_paths.c: the host paths that mounts reach. */

/* One host path a mount reaches. The strings live in the iterator until
 * its next call. */
struct mount_path {
	const struct mount *mount;
	const char *path;     /* cleaned bind source or volume device */
	const char *resolved; /* cleaned, as it resolves on the host; NULL
				 when unknown or the same as `path` */
	const char *volume;   /* the volume's name; NULL for a bind */
	bool device;	      /* a volume's device mounted as a file system */
};

struct mount_paths {
	const struct target *t;
	const struct container *c;
	size_t next;
	struct buf path, resolved;
	struct evidence_list unresolved;  /* paths the host did not resolve */
	struct evidence_list uninspected; /* local volumes without options */
};

void mount_paths_init(struct mount_paths *it, const struct target *t,
		      const struct container *c);
/* Moves to the next mount that reaches an absolute host path. */
bool mount_paths_next(struct mount_paths *it, struct mount_path *out);
/* Adds "/src (resolves to /etc) at /dst" or "volume v (...) at /dst". */
void mount_path_describe(struct evidence_list *l, const struct mount_path *p);
/* Appends what the iteration could not see: unresolved paths and local
 * volumes whose options were not collected. */
void mount_paths_notes(struct mount_paths *it, struct buf *evidence);
void mount_paths_clear(struct mount_paths *it);

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
