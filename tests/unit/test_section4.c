/*
 * Section 4 checks over image inspect and history documents captured from
 * a real engine (tests/fixtures/engine/capture.sh): swtest/bad and
 * swtest/good are built with docker build from Dockerfiles that capture.sh
 * writes, swtest/base with docker import. Dockerfile stages, which the
 * Dockerfile normalizer builds, are modelled here by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine_fixture.h"
#include "model/snapshot.h"
#include "rules/evidence.h"
#include "rules/section4.h"

struct fixture {
	struct model *model;
	struct target *t;
	struct buf evidence;
	struct verdict v;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->model = fixture_model(fixture_target("loose", "loose/info.json"));
	f->t = &f->model->targets[0];
	f->v.evidence = &f->evidence;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	buf_clear(&f->evidence);
	model_free(f->model);
	free(f);
	return 0;
}

static enum status check(struct fixture *f, const char *id,
			 const struct image *img)
{
	return fixture_check(id, f->t, img, &f->v);
}

static const char *evidence(struct fixture *f)
{
	return buf_str(&f->evidence);
}

static const struct image *image(struct fixture *f, const char *tag)
{
	return fixture_image(f->t, tag);
}

static void user_root_and_not(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check(f, "4.1", image(f, "swtest/bad:1.0")), ST_FAIL);
	assert_non_null(strstr(evidence(f), "Config.User is not set"));
	assert_int_equal(check(f, "4.1", image(f, "swtest/good:1.0")), ST_PASS);
	assert_non_null(strstr(evidence(f), "1000:1000"));
	assert_int_equal(check(f, "4.1", image(f, "swtest/none:1.0")), ST_FAIL);
	assert_non_null(strstr(evidence(f), "root:root"));
}

static void user_forms_of_root(void **state)
{
	struct fixture *f = *state;
	static const char *const root[] = {
	    "root", "0", "0:0", "root:root", "root:0", "0:root", "00", ":1000"};
	static const char *const other[] = {"1000", "app", "1000:0", "rootless",
					    "nobody:root"};
	struct image img = *image(f, "swtest/good:1.0");

	for (size_t i = 0; i < sizeof(root) / sizeof(root[0]); i++) {
		img.user = root[i];
		assert_int_equal(check(f, "4.1", &img), ST_FAIL);
	}
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		img.user = other[i];
		assert_int_equal(check(f, "4.1", &img), ST_PASS);
	}
}

static void content_trust_needs_host(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(fixture_check("4.5", f->t, f->t, &f->v), ST_MANUAL);
	assert_non_null(strstr(evidence(f), "needs host access"));
	assert_non_null(strstr(evidence(f), "DOCKER_CONTENT_TRUST"));
}

static void health_checks(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check(f, "4.6", image(f, "swtest/bad:1.0")), ST_FAIL);
	assert_int_equal(check(f, "4.6", image(f, "swtest/good:1.0")), ST_PASS);
	/* swtest/none turns the inherited check off with HEALTHCHECK NONE. */
	assert_int_equal(check(f, "4.6", image(f, "swtest/none:1.0")), ST_FAIL);
	assert_non_null(strstr(evidence(f), "NONE"));
}

static void update_alone_in_history(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check(f, "4.7", image(f, "swtest/bad:1.0")), ST_FAIL);
	assert_non_null(strstr(evidence(f), "apt-get update"));
	assert_non_null(strstr(evidence(f), "1 more"));
	assert_int_equal(check(f, "4.7", image(f, "swtest/good:1.0")), ST_PASS);
	assert_int_equal(check(f, "4.7", image(f, "swtest/base:1.0")), ST_PASS);
}

static void package_commands(void **state)
{
	static const struct {
		const char *command;
		bool update;
		bool install;
	} cases[] = {
	    {"apt-get update", true, false},
	    {"apt-get -qq update && apt-get install -y curl", true, true},
	    {"apt-get -o Acquire::Retries=3 update; apt-get -o X=1 install z",
	     true, true},
	    {"apt update", true, false},
	    {"apk update", true, false},
	    {"apk add --no-cache --update curl", false, true},
	    {"yum makecache", true, false},
	    {"dnf -y makecache && dnf -y install git", true, true},
	    {"yum -y update", false, true},
	    {"zypper ref", true, false},
	    {"zypper --non-interactive in vim", false, true},
	    {"pacman -Sy", true, false},
	    {"pacman -Syu --noconfirm", true, true},
	    {"pacman -Sy git", true, true},
	    {"/usr/bin/apt-get update", true, false},
	    {"sudo apt-get update", true, false},
	    {"make && make install", false, false},
	    {"[\"apt-get\", \"update\"]", true, false},
	};
	struct package_steps steps;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		package_steps_scan(cases[i].command, &steps);
		if (steps.updates_index != cases[i].update ||
		    steps.installs != cases[i].install)
			fail_msg("'%s': update %d install %d, expected %d %d",
				 cases[i].command, steps.updates_index,
				 steps.installs, cases[i].update,
				 cases[i].install);
	}
}

static void history_instructions(void **state)
{
	static const struct {
		const char *line;
		enum instruction ins;
		const char *args;
	} cases[] = {
	    {"/bin/sh -c #(nop)  ENV A=b", INS_ENV, "A=b"},
	    {"/bin/sh -c #(nop) ADD file:abc in / ", INS_ADD, "file:abc in / "},
	    {"/bin/sh -c apt-get update", INS_RUN, "apt-get update"},
	    {"|1 A=b /bin/sh -c make", INS_RUN, "|1 A=b /bin/sh -c make"},
	    {"RUN /bin/sh -c make # buildkit", INS_RUN,
	     "/bin/sh -c make # buildkit"},
	    {"ARG TOKEN=x", INS_ARG, "TOKEN=x"},
	    {"from alpine:3.19", INS_FROM, "alpine:3.19"},
	    {"", INS_OTHER, ""},
	    {"/bin/sh -c #(nop)  CMD [\"sh\"]", INS_OTHER, "CMD [\"sh\"]"},
	};
	const char *args;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(history_instruction(cases[i].line, &args),
				 cases[i].ins);
		assert_string_equal(args, cases[i].args);
	}
}

static void add_in_engine_history(void **state)
{
	struct fixture *f = *state;

	/* ADD of a URL shows as "ADD <content hash> in /app/remote.txt". */
	assert_int_equal(check(f, "4.9", image(f, "swtest/bad:1.0")), ST_FAIL);
	assert_non_null(strstr(evidence(f), "URL"));
	/* The history shows ADD bundle.tar /app/ like a plain file. */
	assert_int_equal(check(f, "4.9", image(f, "swtest/good:1.0")),
			 ST_MANUAL);
	/* FROM scratch + ADD rootfs.tar /: "ADD file:<hash> in /". */
	assert_int_equal(check(f, "4.9", image(f, "swtest/scratch:1.0")),
			 ST_PASS);
	assert_non_null(strstr(evidence(f), "base layer"));
	assert_int_equal(check(f, "4.9", image(f, "swtest/base:1.0")), ST_PASS);
	assert_non_null(strstr(evidence(f), "no history step uses ADD"));
}

/* A Dockerfile stage with the given instructions, one per line. */
static struct image dockerfile_stage(struct history_entry *lines, size_t n)
{
	struct image img = {
	    .origin = ORIGIN_DOCKERFILE,
	    .id = "build",
	    .name = "build",
	    .user = "",
	    .health = {.test = ""},
	    .history_status = PART_COLLECTED,
	    .history = lines,
	    .n_history = n,
	    .loc = {.path = "Dockerfile", .line = 1},
	};

	for (size_t i = 0; i < n; i++)
		lines[i].loc =
		    (struct location){"Dockerfile", (unsigned)i + 1, 1};
	return img;
}

static void add_in_dockerfile(void **state)
{
	struct fixture *f = *state;
	struct history_entry lines[] = {
	    {.created_by = "FROM alpine:3.19"},
	    {.created_by = "ADD --chown=1:1 app.tar.gz /app/"},
	    {.created_by = "ADD [\"vendor.tgz\", \"/opt/\"]"},
	    {.created_by = "ADD notes.txt /app/notes.txt"},
	    {.created_by = "ADD https://example.com/x.tar.gz /x/"},
	};
	struct image img = dockerfile_stage(lines, 3);

	assert_int_equal(check(f, "4.9", &img), ST_PASS);
	img = dockerfile_stage(lines, 4);
	assert_int_equal(check(f, "4.9", &img), ST_FAIL);
	assert_int_equal(f->v.loc.line, 4);
	assert_non_null(strstr(evidence(f), "not an archive"));
	img = dockerfile_stage(lines, 5);
	assert_int_equal(check(f, "4.9", &img), ST_FAIL);
	assert_non_null(strstr(evidence(f), "1 more"));
}

static void secrets_redacted(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check(f, "4.10", image(f, "swtest/bad:1.0")), ST_FAIL);
	assert_non_null(strstr(evidence(f), "DB_PASSWORD (Config.Env)"));
	assert_non_null(strstr(evidence(f), "API_TOKEN"));
	assert_null(strstr(evidence(f), "APP_VERSION"));
	assert_null(strstr(evidence(f), "fixture-pw-1"));
	assert_null(strstr(evidence(f), "fixture-token-2"));
}

static void build_argument_in_run_history(void **state)
{
	struct fixture *f = *state;

	/* "|1 DEPLOY_KEY=fixture-key-3 /bin/sh -c echo built" */
	assert_int_equal(check(f, "4.10", image(f, "swtest/buildarg:1.0")),
			 ST_FAIL);
	assert_non_null(strstr(evidence(f), "DEPLOY_KEY"));
	assert_non_null(strstr(evidence(f), "RUN build argument"));
	assert_null(strstr(evidence(f), "fixture-key-3"));
}

static void secret_like_names_pass(void **state)
{
	struct fixture *f = *state;

	/* TOKENIZER_PATH, PASSWORD_FILE, VAULT_TOKEN_VERSION, EMPTY_SECRET= */
	assert_int_equal(check(f, "4.10", image(f, "swtest/good:1.0")),
			 ST_PASS);
	assert_int_equal(check(f, "4.10", image(f, "swtest/base:1.0")),
			 ST_PASS);
}

static void credential_names(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *name;
		const char *value;
		bool secret;
	} cases[] = {
	    {"DB_PASSWORD", "x1", true},
	    {"dbPassword", "x1", true},
	    {"AWS_SECRET_ACCESS_KEY", "x1", true},
	    {"GITHUB_TOKEN", "ghp_x", true},
	    {"api-key", "x1", true},
	    {"PRIVATE_KEY", "-----BEGIN", true},
	    {"REGISTRY_CREDENTIALS", "u:p", true},
	    {"PASSWD", "x1", true},
	    {"AWS_ACCESS_KEY_ID", "AKIAX", false},
	    {"GPG_KEY", "A035C8C19219BA82", false},
	    {"TOKENIZER_PATH", "/opt/tok", false},
	    {"PASSWORD_FILE", "/run/secrets/pw", false},
	    {"SECRET_VERSION", "3", false},
	    {"PASSWORD", "", false},
	    {"PASSWORD", "$DB_PASSWORD", false},
	    {"PASSWORD", "${DB_PASSWORD}", false},
	    {"USE_TOKEN", "true", false},
	    {"TOKEN_TOOL", "1.4.0", false},
	    {"PASSPORT", "x1", false},
	    {"BYPASS", "x1", false},
	};
	struct image img = *image(f, "swtest/base:1.0");

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct kv env = {.name = cases[i].name,
				 .value = cases[i].value};
		enum status want = cases[i].secret ? ST_FAIL : ST_PASS;

		img.env = &env;
		img.n_env = 1;
		if (check(f, "4.10", &img) != want)
			fail_msg("%s=%s: %s", cases[i].name, cases[i].value,
				 evidence(f));
		assert_null(strstr(
		    evidence(f), cases[i].value[0] ? cases[i].value : "\x01"));
	}
}

static void secrets_in_dockerfile(void **state)
{
	struct fixture *f = *state;
	struct history_entry lines[] = {
	    {.created_by = "FROM alpine:3.19"},
	    {.created_by = "ARG VERSION=1.2"},
	    {.created_by = "ENV API_KEY=\"k-123\" LOG=debug"},
	    {.created_by = "ENV DB_PASSWORD hunter two"},
	};
	struct image img = dockerfile_stage(lines, 4);

	assert_int_equal(check(f, "4.10", &img), ST_FAIL);
	assert_int_equal(f->v.loc.line, 3);
	assert_non_null(strstr(evidence(f), "API_KEY (history step 3: ENV)"));
	assert_non_null(strstr(evidence(f), "DB_PASSWORD"));
	assert_null(strstr(evidence(f), "k-123"));
	assert_null(strstr(evidence(f), "hunter"));
}

static void base_image_evidence(void **state)
{
	struct fixture *f = *state;
	struct history_entry lines[] = {{.created_by = "FROM alpine:3.19"}};
	struct image img = dockerfile_stage(lines, 1);

	assert_int_equal(check(f, "4.2", image(f, "swtest/bad:1.0")),
			 ST_MANUAL);
	assert_non_null(strstr(evidence(f), "swtest/bad:1.0"));
	assert_int_equal(check(f, "4.2", &img), ST_MANUAL);
	assert_non_null(strstr(evidence(f), "alpine:3.19"));
}

static void person_rules_show_what_to_verify(void **state)
{
	struct fixture *f = *state;
	static const char *const ids[] = {"4.3", "4.4", "4.8", "4.11", "4.12"};

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		assert_int_equal(check(f, ids[i], image(f, "swtest/bad:1.0")),
				 ST_MANUAL);
		assert_string_equal(evidence(f), rule_find(ids[i])->checks);
	}
}

static void history_not_collected(void **state)
{
	struct fixture *f = *state;
	struct image img = *image(f, "swtest/bad:1.0");

	img.history_status = PART_DENIED;
	assert_int_equal(check(f, "4.7", &img), ST_MANUAL);
	assert_int_equal(check(f, "4.9", &img), ST_MANUAL);
	assert_non_null(strstr(evidence(f), "denied"));
}

/* Loads a document of tests/fixtures/inspect (capture_nobridge.sh). */
static json_t *inspect_load(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "../inspect/%s.json", name);
	return fixture_load(path);
}

/* A one-target model with swuser:1.0 (USER 1000:1000) and containers of
 * it, each an inspect document of tests/fixtures/inspect. */
static struct model *swuser_model(const char *const *containers, size_t n)
{
	json_t *target = json_pack("{s:s, s:s}", "name", "capture", "endpoint",
				   "unix:///run/docker.sock");
	json_t *list = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    list,
		    json_pack("{s:o}", "inspect", inspect_load(containers[i])));
	fixture_part_set(target, "containers", list);
	fixture_part_set(
	    target, "images",
	    json_pack("[{s:n, s:o, s:o}]", "summary", "inspect",
		      inspect_load("image_swuser"), "history",
		      snapshot_part(PART_COLLECTED, json_array(), NULL)));
	return fixture_model(target);
}

static void user_root_override_fails(void **state)
{
	static const char *const both[] = {"user_image_default",
					   "user_root_override"};
	struct fixture *f = *state;
	struct model *m = swuser_model(both, 2);
	const struct image *img = fixture_image(&m->targets[0], "swuser:1.0");

	/* docker run -u 0 swuser:1.0: Config.User of the container is "0". */
	assert_int_equal(fixture_check("4.1", &m->targets[0], img, &f->v),
			 ST_FAIL);
	assert_non_null(strstr(evidence(f), "\"1000:1000\""));
	assert_non_null(
	    strstr(evidence(f), "user_root_override (Config.User \"0\")"));
	assert_null(strstr(evidence(f), "user_image_default"));
	model_free(m);
	m = swuser_model(both, 1);
	img = fixture_image(&m->targets[0], "swuser:1.0");
	assert_int_equal(fixture_check("4.1", &m->targets[0], img, &f->v),
			 ST_PASS);
	model_free(m);
}

static void redacted_urls(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"https://deploy:ghp_SecretTok3n@example.com/app.tar.gz /app/",
	     "https://***@example.com/app.tar.gz /app/"},
	    {"https://example.com/a.tgz?sig=abc&x=1 /app/",
	     "https://example.com/a.tgz?*** /app/"},
	    {"http://user@host", "http://***@host"},
	    {"https://host/p#access_token=x", "https://host/p#***"},
	    {"https://a:b@c@host/x?y#z", "https://***@host/x?***"},
	    {"[\"https://u:p@h/x\", \"/y\"]", "[\"https://***@h/x\", \"/y\"]"},
	    {"git+ssh://git:pw@host/r.git ftp://x:y@z/",
	     "git+ssh://***@host/r.git ftp://***@z/"},
	    {"RUN curl -o x 'https://t:s3cret@h/?q=1'",
	     "RUN curl -o x 'https://***@h/?***'"},
	    {"alpine:3.19 AS build  ", "alpine:3.19 AS build"},
	    {"file:abc in /", "file:abc in /"},
	    {"://u:p@h", "://u:p@h"},
	    {"https://h/go/https://u:p@x/y", "https://h/go/https://***@x/y"},
	    {"https://h/?to=https://u:p@x/", "https://h/?***"},
	};
	struct buf out = BUF_INIT;
	char longer[400];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&out);
		evidence_redacted(&out, cases[i].in, 200);
		assert_string_equal(buf_str(&out), cases[i].out);
	}
	/* Cut after redacting: no part of the password survives the cut. */
	snprintf(longer, sizeof(longer), "https://user:SECRETSECRET@%0300d/x",
		 0);
	buf_reset(&out);
	evidence_redacted(&out, longer, 20);
	assert_null(strstr(buf_str(&out), "SECRET"));
	assert_non_null(strstr(buf_str(&out), "https://***@"));
	assert_non_null(strstr(buf_str(&out), "..."));
	buf_clear(&out);
}

static void add_url_credentials_redacted(void **state)
{
	struct fixture *f = *state;
	struct image img = *image(f, "swtest/bad:1.0");
	/* Edited: BuildKit records an ADD of a URL as written, which this
	 * machine cannot build without a network. */
	struct history_entry e = {
	    .created_by = "ADD https://deploy:ghp_SecretTok3n@example.com/"
			  "app.tar.gz?X-Sig=abc /app/ # buildkit"};

	img.history = &e;
	img.n_history = 1;
	assert_int_equal(check(f, "4.9", &img), ST_FAIL);
	assert_non_null(
	    strstr(evidence(f), "https://***@example.com/app.tar.gz?***"));
	assert_null(strstr(evidence(f), "ghp_"));
	assert_null(strstr(evidence(f), "deploy"));
	assert_null(strstr(evidence(f), "X-Sig"));
	/* 4.10 reports the URL's password without showing it. */
	assert_int_equal(check(f, "4.10", &img), ST_FAIL);
	assert_non_null(strstr(evidence(f), "history step 1: ADD (URL with a "
					    "password)"));
	assert_null(strstr(evidence(f), "ghp_"));
}

static void dockerfile_secrets_not_shown(void **state)
{
	struct fixture *f = *state;
	struct history_entry lines[] = {
	    {.created_by = "FROM https://reg:pw@registry.example/base:1"},
	    {.created_by = "ADD https://deploy:ghp_SecretTok3n@example.com/"
			   "app.tar.gz /app/"},
	    {.created_by = "HEALTHCHECK CMD curl -fsu admin:HealthPassw0rd "
			   "http://localhost/"},
	};
	struct image img = dockerfile_stage(lines, 3);

	img.health = (struct healthcheck){
	    .present = true,
	    .test = "CMD-SHELL curl -fsu admin:HealthPassw0rd "
		    "http://localhost/"};
	img.health_loc = lines[2].loc;
	assert_int_equal(check(f, "4.6", &img), ST_PASS);
	assert_non_null(strstr(evidence(f), "HEALTHCHECK CMD-SHELL, line 3"));
	assert_null(strstr(evidence(f), "HealthPassw0rd"));
	assert_null(strstr(evidence(f), "admin"));
	assert_int_equal(check(f, "4.9", &img), ST_FAIL);
	assert_null(strstr(evidence(f), "ghp_"));
	assert_int_equal(check(f, "4.2", &img), ST_MANUAL);
	assert_non_null(strstr(evidence(f), "https://***@registry.example"));
	assert_null(strstr(evidence(f), "pw@"));
	assert_int_equal(check(f, "4.10", &img), ST_FAIL);
	assert_null(strstr(evidence(f), "ghp_"));
}

static void engine_health_kind_only(void **state)
{
	struct fixture *f = *state;
	struct image img = *image(f, "swtest/good:1.0");

	/* Edited: an engine image's Test as a Dockerfile normalizer would
	 * keep it whole. */
	img.health.test = "CMD-SHELL wget -q http://admin:pw@localhost/";
	assert_int_equal(check(f, "4.6", &img), ST_PASS);
	assert_non_null(strstr(evidence(f), "Config.Healthcheck.Test is "
					    "CMD-SHELL"));
	assert_null(strstr(evidence(f), "admin"));
}

static void env_url_with_password(void **state)
{
	struct fixture *f = *state;
	struct image img = *image(f, "swtest/base:1.0");
	static const struct {
		const char *value;
		bool secret;
	} cases[] = {
	    {"postgres://app:s3cret@db:5432/app", true},
	    {"https://${USER}:${TOKEN}@h/", false},
	    {"https://user@h/", false},
	    {"https://h/x?token=abc", false},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct kv env = {.name = "DATABASE_URL",
				 .value = cases[i].value};

		img.env = &env;
		img.n_env = 1;
		assert_int_equal(check(f, "4.10", &img),
				 cases[i].secret ? ST_FAIL : ST_PASS);
		assert_null(strstr(evidence(f), "s3cret"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(user_root_and_not),
	    cmocka_unit_test(user_forms_of_root),
	    cmocka_unit_test(content_trust_needs_host),
	    cmocka_unit_test(health_checks),
	    cmocka_unit_test(update_alone_in_history),
	    cmocka_unit_test(package_commands),
	    cmocka_unit_test(history_instructions),
	    cmocka_unit_test(add_in_engine_history),
	    cmocka_unit_test(add_in_dockerfile),
	    cmocka_unit_test(secrets_redacted),
	    cmocka_unit_test(build_argument_in_run_history),
	    cmocka_unit_test(secret_like_names_pass),
	    cmocka_unit_test(credential_names),
	    cmocka_unit_test(secrets_in_dockerfile),
	    cmocka_unit_test(base_image_evidence),
	    cmocka_unit_test(person_rules_show_what_to_verify),
	    cmocka_unit_test(history_not_collected),
	    cmocka_unit_test(user_root_override_fails),
	    cmocka_unit_test(redacted_urls),
	    cmocka_unit_test(add_url_credentials_redacted),
	    cmocka_unit_test(dockerfile_secrets_not_shown),
	    cmocka_unit_test(engine_health_kind_only),
	    cmocka_unit_test(env_url_with_password),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
