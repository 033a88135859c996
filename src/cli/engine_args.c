#include "cli/engine_args.h"

#include <stdint.h>
#include <string.h>

#include "cli/cli.h"
#include "collect/engine.h"
#include "util/error.h"
#include "util/log.h"
#include "util/strutil.h"

static int parse_seconds(const char *name, const char *value, long *ms,
			 struct buf *err)
{
	int64_t s;

	if (parse_int64(value, 1, ENGINE_ARGS_TIMEOUT_MAX, &s)) {
		buf_printf(err,
			   "invalid --%s '%s': expected whole seconds from 1 "
			   "to %d",
			   name, value ? value : "", ENGINE_ARGS_TIMEOUT_MAX);
		return SW_EINVAL;
	}
	*ms = (long)s * 1000;
	return 0;
}

static int apply_host(struct engine_args *a, const char *value, struct buf *err)
{
	if (str_empty(value)) {
		buf_puts(err, "--host needs an engine address, as "
			      "unix:///var/run/docker.sock");
		return SW_EINVAL;
	}
	if (a->n_hosts == ENGINE_ARGS_HOSTS_MAX) {
		buf_printf(err, "more than %d --host options",
			   ENGINE_ARGS_HOSTS_MAX);
		return SW_EINVAL;
	}
	a->hosts[a->n_hosts++] = value;
	return 0;
}

static int apply_tls(struct engine_args *a, const char *value, struct buf *err)
{
	(void)value;
	(void)err;
	a->engine.tls = true;
	return 0;
}

/* --tlsverify alone means true; --tlsverify=false is the opt-out. */
static int apply_tlsverify(struct engine_args *a, const char *value,
			   struct buf *err)
{
	struct engine_options *e = &a->engine;

	if (!value || str_ieq(value, "true") || str_eq(value, "1") ||
	    str_ieq(value, "yes")) {
		e->tls_verify = true;
		e->tls_skip_verify = false;
		return 0;
	}
	if (str_ieq(value, "false") || str_eq(value, "0") ||
	    str_ieq(value, "no")) {
		e->tls = true;
		e->tls_skip_verify = true;
		return 0;
	}
	buf_printf(err,
		   "invalid --tlsverify '%s': expected true or false, as "
		   "--tlsverify=false",
		   value);
	return SW_EINVAL;
}

static int require_value(const char *name, const char *value, struct buf *err)
{
	if (!str_empty(value))
		return 0;
	buf_printf(err, "--%s needs a file name", name);
	return SW_EINVAL;
}

static int apply_tlscacert(struct engine_args *a, const char *value,
			   struct buf *err)
{
	a->engine.ca_file = value;
	return require_value("tlscacert", value, err);
}

static int apply_tlscert(struct engine_args *a, const char *value,
			 struct buf *err)
{
	a->engine.cert_file = value;
	return require_value("tlscert", value, err);
}

static int apply_tlskey(struct engine_args *a, const char *value,
			struct buf *err)
{
	a->engine.key_file = value;
	return require_value("tlskey", value, err);
}

static int apply_timeout(struct engine_args *a, const char *value,
			 struct buf *err)
{
	return parse_seconds("timeout", value, &a->engine.timeout_ms, err);
}

static int apply_connect_timeout(struct engine_args *a, const char *value,
				 struct buf *err)
{
	return parse_seconds("connect-timeout", value,
			     &a->engine.connect_timeout_ms, err);
}

static int apply_concurrency(struct engine_args *a, const char *value,
			     struct buf *err)
{
	unsigned n;

	if (parse_uint(value, ENGINE_CONCURRENCY_MAX, &n) || n == 0) {
		buf_printf(err,
			   "invalid --concurrency '%s': expected a number "
			   "from 1 to %d",
			   value ? value : "", ENGINE_CONCURRENCY_MAX);
		return SW_EINVAL;
	}
	a->engine.concurrency = (int)n;
	return 0;
}

static const struct {
	const char *name;
	int (*apply)(struct engine_args *a, const char *value, struct buf *err);
} handlers[] = {
    {"host", apply_host},
    {"tls", apply_tls},
    {"tlsverify", apply_tlsverify},
    {"tlscacert", apply_tlscacert},
    {"tlscert", apply_tlscert},
    {"tlskey", apply_tlskey},
    {"timeout", apply_timeout},
    {"connect-timeout", apply_connect_timeout},
    {"concurrency", apply_concurrency},
};

int engine_args_apply(struct engine_args *a, const char *name,
		      const char *value, struct buf *err)
{
	for (size_t i = 0; i < sizeof(handlers) / sizeof(handlers[0]); i++) {
		int rc;

		if (!str_eq(name, handlers[i].name))
			continue;
		rc = handlers[i].apply(a, value, err);
		return rc ? rc : 1;
	}
	return 0;
}

size_t engine_args_count(const struct engine_args *a)
{
	return a->n_hosts ? a->n_hosts : 1;
}

void engine_args_target(const struct engine_args *a, size_t k,
			struct engine_options *out)
{
	*out = a->engine;
	if (k < a->n_hosts) {
		out->url = a->hosts[k];
		out->url_origin = "--host";
	}
	engine_options_from_env(out);
}

void engine_args_usage(FILE *out)
{
	fprintf(out,
		"Engine connection:\n"
		"  -H, --host URL        engine address: unix:///PATH, "
		"tcp://HOST:PORT,\n"
		"                        https://HOST:PORT or "
		"ssh://[USER@]HOST (repeatable;\n"
		"                        default: DOCKER_HOST, else "
		"%s)\n"
		"      --tls             use TLS on tcp:// (implied by "
		"--tlsverify and\n"
		"                        DOCKER_TLS_VERIFY); the server "
		"is verified\n"
		"      --tlsverify[=BOOL]\n"
		"                        use TLS and verify the server "
		"(the default when TLS is\n"
		"                        used); --tlsverify=false uses "
		"TLS without verifying\n"
		"      --tlscacert FILE  CA certificate (default: "
		"DOCKER_CERT_PATH/ca.pem,\n"
		"                        DOCKER_CERT_PATH defaulting to "
		"~/.docker)\n"
		"      --tlscert FILE    client certificate (default: "
		"DOCKER_CERT_PATH/cert.pem)\n"
		"      --tlskey FILE     client key (default: "
		"DOCKER_CERT_PATH/key.pem)\n"
		"      --timeout SECONDS per-request time limit (default "
		"%d)\n"
		"      --connect-timeout SECONDS\n"
		"                        time limit to connect (default "
		"%d)\n"
		"      --concurrency N   requests in flight at once "
		"(default %d, at most %d)\n",
		ENGINE_DEFAULT_URL, ENGINE_TIMEOUT_MS / 1000,
		ENGINE_CONNECT_TIMEOUT_MS / 1000, ENGINE_CONCURRENCY,
		ENGINE_CONCURRENCY_MAX);
}

int engine_args_exit_code(int rc)
{
	if (rc == 0)
		return EXIT_DONE;
	return rc == SW_EINVAL ? EXIT_USAGE : EXIT_UNREACHABLE;
}

size_t engine_args_warn_unreadable(json_t *target)
{
	static const char *const keys[] = {"version", "info", "containers",
					   "images", "networks"};
	const char *endpoint =
	    json_string_value(json_object_get(target, "endpoint"));
	size_t unreadable = 0;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		json_t *part = json_object_get(target, keys[i]);
		const char *status =
		    json_string_value(json_object_get(part, "status"));
		const char *error =
		    json_string_value(json_object_get(part, "error"));

		if (str_eq(status, "collected"))
			continue;
		log_warn("%s: part \"%s\" could not be read (%s): %s",
			 endpoint ? endpoint : "the engine", keys[i],
			 status ? status : "absent",
			 error ? error : "no reason given");
		unreadable++;
	}
	return unreadable;
}
