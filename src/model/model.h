/*
 * The container model: what rules read. Normalizers build it from a
 * snapshot of a live engine, from compose services and from Dockerfiles, so
 * one rule serves all three.
 *
 * Every string and array lives in the arena of the `struct model` that owns
 * it. Strings are never NULL unless the comment says "may be NULL".
 */
#ifndef SW_MODEL_H
#define SW_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

/* Whether a part of a snapshot was gathered, and if not, why not. */
enum part_status {
	PART_ABSENT = 0,   /* not collected at all (e.g. no host access) */
	PART_COLLECTED,    /* collected; the data is there */
	PART_DENIED,       /* the target refused access */
	PART_NOT_PRESENT,  /* the thing does not exist on the target */
	PART_FAILED,       /* collection failed; see the part's error */
};

const char *part_status_name(enum part_status s);
/* Returns -1 for an unknown name. */
int part_status_parse(const char *name);

/* Where an object or a field came from in a file; path NULL for engines. */
struct location {
	const char *path; /* may be NULL */
	unsigned line;    /* 1-based; 0 when unknown */
	unsigned column;  /* 1-based; 0 when unknown */
};

struct strlist {
	const char **v;
	size_t n;
};

bool strlist_contains(const struct strlist *l, const char *s);
bool strlist_icontains(const struct strlist *l, const char *s);

/* A name=value pair (environment variable, build argument). */
struct kv {
	const char *name;
	const char *value; /* NULL when the variable has no value */
	struct location loc;
};

/* Where an object came from; decides the reported object kind. */
enum origin {
	ORIGIN_ENGINE = 0, /* inspected on a live engine */
	ORIGIN_COMPOSE,    /* a compose service */
	ORIGIN_DOCKERFILE, /* a Dockerfile build stage */
};

enum mount_type {
	MOUNT_BIND,
	MOUNT_VOLUME,
	MOUNT_TMPFS,
	MOUNT_NPIPE,
	MOUNT_OTHER,
};

struct mount {
	enum mount_type type;
	const char *source;      /* host path for binds, volume name else */
	const char *destination; /* path inside the container */
	bool read_only;
	const char *propagation; /* "" when not set */
	const char *driver;	 /* a volume's driver ("local"); "" else */
	/* A local volume's options, from GET /volumes/{name}; "" when the
	 * volume was not inspected or sets none. */
	bool volume_inspected;
	const char *volume_type;    /* Options.type: "none", "nfs", ... */
	const char *volume_device;  /* Options.device: "/etc", ":/export" */
	const char *volume_options; /* Options.o: "bind", "addr=..." */
	struct location loc;
};

struct port_binding {
	const char *container_port; /* "80/tcp" */
	const char *host_ip;        /* "" means every interface */
	unsigned host_port;         /* lowest host port; 0 = engine picks */
	unsigned host_port_end;     /* == host_port unless a range */
	struct location loc;
};

struct device {
	const char *host_path;
	const char *container_path;
	const char *permissions; /* "rwm" */
	struct location loc;
};

struct ulimit {
	const char *name;
	int64_t soft;
	int64_t hard;
};

/* One row of /containers/{id}/top. */
struct process {
	const char *user; /* may be NULL */
	const char *pid;  /* may be NULL */
	const char *cmd;
};

/* An exec session seen on the container (ExecIDs, or an engine event). */
struct exec_session {
	const char *id;
	bool privileged;
	const char *user; /* "" means the container's user */
	bool running;
	const char *cmd;
};

struct healthcheck {
	bool present;  /* a health check is configured at all */
	bool disabled; /* explicitly NONE / disable: true */
	const char *test; /* the command, joined; "" when absent */
};

/*
 * Fields a rule can blame. A normalizer from a file records each field's
 * location so a finding can point at its line.
 */
enum cfield {
	CF_NONE = 0,
	CF_PRIVILEGED,
	CF_CAP_ADD,
	CF_CAP_DROP,
	CF_MOUNTS,
	CF_PORTS,
	CF_NETWORK_MODE,
	CF_PID_MODE,
	CF_IPC_MODE,
	CF_UTS_MODE,
	CF_USERNS_MODE,
	CF_MEMORY,
	CF_CPU,
	CF_READ_ONLY,
	CF_RESTART,
	CF_SECURITY_OPT,
	CF_DEVICES,
	CF_ULIMITS,
	CF_CGROUP_PARENT,
	CF_PIDS_LIMIT,
	CF_HEALTHCHECK,
	CF_USER,
	CF_IMAGE,
	CF_ENV,
	CF_COUNT
};

struct image;

struct container {
	enum origin origin;
	const char *id;   /* engine ID; the service name for compose */
	const char *name; /* without the engine's leading slash */
	const char *image;    /* as the container references it */
	const char *image_id; /* "" when unknown */
	struct image *image_ref; /* resolved image; may be NULL */
	bool running;
	const char *state; /* "running", "created", "exited", ... */

	bool privileged;
	struct strlist cap_add;
	struct strlist cap_drop;
	struct mount *mounts;
	size_t n_mounts;
	struct port_binding *ports;
	size_t n_ports;
	struct device *devices;
	size_t n_devices;
	/* HostConfig.DeviceCgroupRules: "c 1:3 rwm", "a *:* rwm". */
	struct strlist device_cgroup_rules;
	struct ulimit *ulimits;
	size_t n_ulimits;

	/* "" when not set; "host", "container:ID", "private", ... */
	const char *network_mode;
	const char *pid_mode;
	const char *ipc_mode;
	const char *uts_mode;
	const char *userns_mode;
	const char *cgroupns_mode;
	struct strlist networks; /* attached network names */

	int64_t memory; /* bytes; 0 means unlimited */
	int64_t memory_reservation;
	int64_t cpu_shares; /* 0 means the default, 1024 */
	int64_t nano_cpus;
	int64_t cpu_quota;
	const char *cpuset_cpus;
	bool pids_limit_set;
	int64_t pids_limit; /* <= 0 means unlimited */

	bool read_only_rootfs;
	const char *restart_policy; /* "", "no", "always", ... */
	int64_t restart_max_retry;
	struct strlist security_opt;
	const char *apparmor_profile; /* "" when the engine applied none */
	const char *cgroup_parent;
	struct healthcheck health;
	const char *health_status; /* State.Health.Status; "" when none */
	const char *user;          /* Config.User; "" when not set */
	struct kv *env;
	size_t n_env;

	enum part_status top_status;
	struct process *processes;
	size_t n_processes;
	enum part_status exec_status;
	struct exec_session *execs;
	size_t n_execs;

	struct location loc;                /* the service or container */
	struct location field_loc[CF_COUNT]; /* per field, for files */
};

/* One layer of an image's history, or one Dockerfile instruction. */
struct history_entry {
	const char *created_by;
	bool empty_layer;
	struct location loc;
};

struct image {
	enum origin origin;
	const char *id;   /* "sha256:..."; the stage name for Dockerfiles */
	const char *name; /* first repository tag, or the short ID */
	struct strlist tags;
	bool inspected; /* inspect document present (images in use) */
	bool in_use;    /* referenced by an assessed container */
	size_t containers; /* containers using it, running or not */
	const char *user;
	struct healthcheck health;
	struct kv *env;
	size_t n_env;
	struct kv *args; /* Dockerfile ARG; none for engine images */
	size_t n_args;
	enum part_status history_status;
	struct history_entry *history; /* oldest first */
	size_t n_history;
	struct location loc;
	struct location user_loc;   /* USER instruction, for Dockerfiles */
	struct location health_loc; /* HEALTHCHECK instruction */
};

struct network {
	const char *id;
	const char *name;
	const char *driver;
	const char *scope;
	bool internal;
	bool icc_set; /* com.docker.network.bridge.enable_icc present */
	bool icc;
	bool encrypted; /* overlay "encrypted" option */
	size_t containers;
};

/* One effective daemon setting and where it came from. */
struct daemon_setting {
	const char *name;   /* daemon.json key, e.g. "icc" */
	const char *value;  /* JSON text of the value */
	const char *source; /* "/etc/docker/daemon.json", "dockerd flag", ... */
};

struct daemon {
	enum part_status version_status;
	enum part_status info_status;
	const char *version;     /* engine version, "" when unknown */
	const char *api_version; /* negotiated API version */
	const char *min_api_version;
	const char *os;
	const char *kernel;
	const char *hostname;
	bool experimental;
	const char *storage_driver;
	struct kv *driver_status;
	size_t n_driver_status;
	const char *logging_driver;
	const char *cgroup_driver;
	const char *cgroup_version;
	const char *root_dir;
	bool debug;
	bool live_restore;
	struct strlist security_options; /* raw, "name=seccomp,profile=..." */
	bool apparmor;
	bool selinux;
	bool seccomp;
	const char *seccomp_profile; /* "" when seccomp is off */
	bool userns;
	bool rootless;
	struct strlist authz_plugins;
	struct strlist insecure_cidrs;      /* InsecureRegistryCIDRs */
	struct strlist insecure_registries; /* IndexConfigs not Secure */
	const char *swarm_state; /* "inactive", "active", ... ; "" unknown */
	bool swarm_manager;
	int64_t swarm_managers;
	int64_t swarm_nodes;
	/* Container counts of /info, which include stopped containers even
	 * when the container list was collected without --all. */
	int64_t containers_total;
	int64_t containers_running;
	int64_t containers_paused;
	int64_t containers_stopped;
	/* Manager autolock, from GET /swarm or /info Swarm.Cluster.Spec;
	 * known only when one of them was collected on a manager. */
	enum part_status swarm_status; /* the snapshot's "swarm" part */
	bool swarm_autolock_known;
	bool swarm_autolock;

	/* Effective configuration from host access; empty without it. */
	struct daemon_setting *settings;
	size_t n_settings;
};

/* How the engine was reached, as far as it matters to rules (2.7). */
struct transport {
	const char *kind; /* "unix", "tcp", "ssh", "snapshot" */
	bool tls;
	bool tls_verify;
};

struct host_facts; /* host collection; see model/host.h */

struct target {
	const char *name;     /* host name or the name given by the user */
	const char *endpoint; /* engine URL */
	struct transport transport;
	struct daemon daemon;
	struct host_facts *host; /* NULL when the host was not read */

	enum part_status containers_status;
	struct container *containers;
	size_t n_containers;
	enum part_status images_status;
	struct image *images; /* every image of the engine */
	size_t n_images;
	enum part_status networks_status;
	struct network *networks;
	size_t n_networks;
	/* GET /volumes/{name} of the local volumes mounted; ABSENT in
	 * snapshots from older versions. */
	enum part_status volumes_status;

	struct strlist notes; /* e.g. a container removed mid-scan */
};

struct model {
	struct arena arena;
	const char *collected_at; /* RFC 3339 UTC */
	struct target *targets;
	size_t n_targets;
};

struct model *model_new(void);
/* Frees the model and everything in its arena; accepts NULL. */
void model_free(struct model *m);

/* Adds an empty target and returns it, or NULL when out of memory. */
struct target *model_add_target(struct model *m);

/* Returns the field's location, falling back to the container's own. */
struct location container_field_location(const struct container *c,
					 enum cfield field);

/* Returns the image a container uses, or NULL. */
const struct image *target_find_image(const struct target *t,
				      const char *id);

#endif
