/*
 * Internals of the compose loader, shared by compose.c (the file),
 * compose_service.c (one service), compose_limits.c (its resources),
 * compose_publish.c (ports, volumes and devices) and compose_values.c
 * (scalar conversions).
 */
#ifndef SW_LINT_COMPOSE_PRIV_H
#define SW_LINT_COMPOSE_PRIV_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "lint/interpolate.h"
#include "lint/yaml.h"
#include "model/model.h"
#include "util/buf.h"

struct compose_ctx {
	struct arena *a;  /* the model's arena */
	const char *path; /* the compose file as given */
	const char *dir;  /* its directory, for relative bind sources */
	const char *home; /* $HOME for "~/" sources; may be NULL */
	const struct varmap *vars;
	struct buf *err;
	struct strlist notes; /* grows; moved to the target at the end */
	size_t notes_cap;
	const char *service; /* the service being read, for messages */
	/* Room in the service's arrays, which grow by doubling. */
	size_t ports_cap, mounts_cap, devices_cap;
};

/* Port bindings of one service, ranges expanded: all ports of one
 * protocol, enough for any real file. */
#define COMPOSE_PORTS_MAX 65536

/* Adds a note for the target, once per distinct text. */
void compose_note(struct compose_ctx *cx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Writes "PATH:LINE:COLUMN: services.NAME.KEY: message" to the error
 * buffer and returns SW_EINVAL. `key` is the setting's path below the
 * service ("deploy.resources.limits.memory"), or NULL for the service.
 */
int compose_fail(struct compose_ctx *cx, struct location loc, const char *key,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* compose_values.c: each returns 0 or, through compose_fail, SW_EINVAL. */

/* A string setting; numbers and booleans are taken as written. Null
 * gives "". Mappings and lists are rejected. */
int cv_string(struct compose_ctx *cx, const struct ynode *n, const char *key,
	      const char **out);
/* A boolean: true/false in any case, and the YAML 1.1 forms y, yes, on,
 * n, no and off that Compose still accepts; quoted or not. */
int cv_bool(struct compose_ctx *cx, const struct ynode *n, const char *key,
	    bool *out);
int cv_int(struct compose_ctx *cx, const struct ynode *n, const char *key,
	   int64_t min, int64_t max, int64_t *out);
/* A byte size: a number of bytes, or a number with b, k, m, g, t or p
 * (binary multiples, an optional "b" or "ib"), such as "512m" or "1.5g". */
int cv_bytes(struct compose_ctx *cx, const struct ynode *n, const char *key,
	     int64_t *out);
/* A number of CPUs ("0.5", 2) in units of 10^-9 CPUs. */
int cv_nano_cpus(struct compose_ctx *cx, const struct ynode *n, const char *key,
		 int64_t *out);
/* A list of strings; with `single`, one string is a list of one. */
int cv_strlist(struct compose_ctx *cx, const struct ynode *n, const char *key,
	       bool single, struct strlist *out);
/* Parses a byte size as cv_bytes does; returns false when invalid. */
bool parse_byte_size(const char *s, int64_t *out);
/* Parses a decimal number with up to nine decimals into 10^-9 units. */
bool parse_nano(const char *s, int64_t *out);

/* Whether `n` is a mapping; otherwise fails naming the expected type. */
int cv_expect_mapping(struct compose_ctx *cx, const struct ynode *n,
		      const char *key);

/* compose_publish.c */
int compose_ports(struct compose_ctx *cx, const struct ynode *n,
		  struct container *c);
int compose_volumes(struct compose_ctx *cx, const struct ynode *n,
		    struct container *c);
int compose_tmpfs(struct compose_ctx *cx, const struct ynode *n,
		  struct container *c);
int compose_devices(struct compose_ctx *cx, const struct ynode *n,
		    struct container *c);

/* Settings that the short keys and deploy.* can both give. */
struct service_limits {
	const struct ypair *mem, *deploy_mem;
	const struct ypair *reservation, *deploy_reservation;
	const struct ypair *cpus, *deploy_cpus;
	const struct ypair *pids, *deploy_pids;
	const struct ypair *restart, *deploy_restart;
};

/* A service being read into a container. */
struct service {
	struct compose_ctx *cx;
	struct container *c;
	struct service_limits limits;
};

/* Records where the setting of field `f` is written. */
static inline void service_field_at(struct service *s, enum cfield f,
				    const struct ypair *p)
{
	s->c->field_loc[f] = p->loc;
}

/* compose_limits.c: the resource keys, one handler per key. */
int compose_key_mem_limit(struct service *s, const struct ypair *p);
int compose_key_mem_reservation(struct service *s, const struct ypair *p);
int compose_key_cpus(struct service *s, const struct ypair *p);
int compose_key_cpu_shares(struct service *s, const struct ypair *p);
int compose_key_cpu_quota(struct service *s, const struct ypair *p);
int compose_key_cpuset(struct service *s, const struct ypair *p);
int compose_key_pids_limit(struct service *s, const struct ypair *p);
int compose_key_restart(struct service *s, const struct ypair *p);
int compose_key_ulimits(struct service *s, const struct ypair *p);
int compose_key_deploy(struct service *s, const struct ypair *p);
/* Checks the short keys against deploy.* once the service is read, and
 * takes the values that only deploy.* gives. */
int compose_limits_apply(struct service *s);

/* compose_service.c: fills `c` from the service entry `p`. */
int compose_service(struct compose_ctx *cx, const struct ypair *p,
		    struct container *c);

#endif
