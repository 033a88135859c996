#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "lint/dockerfile.h"
#include "lint/source.h"
#include "util/error.h"

#define DOCKERFILES FIXTURES "/lint/dockerfile/"

struct parsed {
	struct arena arena;
	struct buf text;
	struct buf err;
	struct dockerfile df;
	int rc;
};

static void parse(struct parsed *p, const char *name)
{
	char path[512];

	memset(p, 0, sizeof(*p));
	snprintf(path, sizeof(path), "%s%s", DOCKERFILES, name);
	assert_int_equal(source_read(path, &p->text, &p->err), 0);
	p->rc = dockerfile_parse(&p->arena, name, p->text.data, p->text.len,
				 &p->df, &p->err);
	if (p->rc)
		print_error("%s\n", buf_str(&p->err));
}

static void parsed_clear(struct parsed *p)
{
	arena_clear(&p->arena);
	buf_clear(&p->text);
	buf_clear(&p->err);
}

struct loaded {
	struct model *m;
	struct buf err;
	const struct image *img;
	int rc;
};

static void load(struct loaded *l, const char *name)
{
	char path[512];

	memset(l, 0, sizeof(*l));
	snprintf(path, sizeof(path), "%s%s", DOCKERFILES, name);
	l->m = model_new();
	assert_non_null(l->m);
	l->rc = dockerfile_load(l->m, path, NULL, &l->err);
	if (!l->rc && l->m->n_targets == 1 && l->m->targets[0].n_images == 1)
		l->img = &l->m->targets[0].images[0];
}

static void loaded_clear(struct loaded *l)
{
	model_free(l->m);
	buf_clear(&l->err);
}

static void continuation_joins_lines(void **state)
{
	struct parsed p;
	const struct df_instruction *run;

	(void)state;
	parse(&p, "multistage.Dockerfile");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.df.n_ins, 19);
	assert_int_equal(p.df.escape, '\\');
	run = &p.df.ins[5];
	assert_string_equal(run->keyword, "RUN");
	assert_int_equal(run->loc.line, 9);
	/* The comment and the empty line inside are dropped; the
	 * continued lines keep their leading blanks. */
	assert_string_equal(run->text,
			    "RUN apt-get update     && apt-get install -y "
			    "--no-install-recommends gcc     && rm -rf "
			    "/var/lib/apt/lists/*");
	assert_false(run->json);
	/* The instruction after it starts on its own line. */
	assert_string_equal(p.df.ins[6].keyword, "FROM");
	assert_int_equal(p.df.ins[6].loc.line, 15);
	parsed_clear(&p);
}

static void keywords_flags_and_forms(void **state)
{
	struct parsed p;
	const struct df_instruction *ins;

	(void)state;
	parse(&p, "multistage.Dockerfile");
	assert_int_equal(p.rc, 0);
	ins = p.df.ins;
	/* Lower-case instructions are upper-cased. */
	assert_string_equal(ins[3].keyword, "USER");
	assert_int_equal(ins[3].loc.line, 7);
	assert_string_equal(ins[11].keyword, "ENV");
	assert_string_equal(ins[4].keyword, "HEALTHCHECK");
	assert_int_equal(ins[4].flags.n, 1);
	assert_string_equal(ins[4].flags.v[0], "--interval=5s");
	assert_string_equal(ins[4].args, "CMD [\"true\"]");
	assert_string_equal(ins[12].keyword, "COPY");
	assert_int_equal(ins[12].flags.n, 1);
	assert_string_equal(ins[12].flags.v[0], "--from=build");
	assert_string_equal(ins[12].args, "/usr/bin/gcc /usr/bin/gcc");
	assert_true(ins[13].json);
	assert_int_equal(ins[13].argv.n, 3);
	assert_string_equal(ins[13].argv.v[2], "echo json form");
	assert_true(ins[18].json);
	assert_string_equal(ins[18].argv.v[0], "app");
	parsed_clear(&p);
}

static void heredocs_read(void **state)
{
	struct parsed p;
	const struct df_instruction *ins;

	(void)state;
	parse(&p, "multistage.Dockerfile");
	assert_int_equal(p.rc, 0);
	ins = p.df.ins;
	assert_int_equal(ins[14].loc.line, 23);
	assert_int_equal(ins[14].n_heredocs, 1);
	assert_string_equal(ins[14].heredocs[0].name, "EOF");
	assert_string_equal(ins[14].heredocs[0].body,
			    "set -e\napt-get update\n");
	assert_true(ins[14].heredocs[0].expand);
	assert_string_equal(ins[14].text,
			    "RUN <<EOF\nset -e\napt-get update\nEOF");
	/* <<- strips leading tabs from the body and the delimiter. */
	assert_int_equal(ins[15].loc.line, 27);
	assert_string_equal(ins[15].heredocs[0].name, "TABBED");
	assert_string_equal(ins[15].heredocs[0].body, "indented with a tab\n");
	/* A quoted delimiter keeps the body unexpanded. */
	assert_int_equal(ins[16].loc.line, 30);
	assert_string_equal(ins[16].keyword, "COPY");
	assert_false(ins[16].heredocs[0].expand);
	assert_string_equal(ins[16].heredocs[0].body, "home=$APP_HOME\n");
	assert_int_equal(ins[17].loc.line, 33);
	parsed_clear(&p);
}

static void escape_directive_changes_escape(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "escape.Dockerfile");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.df.escape, '`');
	assert_int_equal(p.df.n_ins, 4);
	/* With ` as the escape, backslashes are plain characters. */
	assert_string_equal(p.df.ins[1].text, "COPY C:\\src\\app C:\\app");
	assert_string_equal(p.df.ins[2].text, "RUN echo one     && echo two");
	assert_int_equal(p.df.ins[3].loc.line, 7);
	parsed_clear(&p);
}

static void byte_order_mark_skipped(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "bom.Dockerfile");
	assert_int_equal(p.rc, 0);
	/* The directive on the first line still counts. */
	assert_int_equal(p.df.escape, '`');
	assert_int_equal(p.df.n_ins, 2);
	assert_string_equal(p.df.ins[0].keyword, "FROM");
	assert_int_equal(p.df.ins[0].loc.line, 2);
	parsed_clear(&p);
}

static void final_stage_ignores_builder(void **state)
{
	struct loaded l;
	const struct image *img;

	(void)state;
	load(&l, "multistage.Dockerfile");
	assert_int_equal(l.rc, 0);
	img = l.img;
	assert_non_null(img);
	assert_int_equal(img->origin, ORIGIN_DOCKERFILE);
	assert_string_equal(img->id, "stage 1");
	assert_string_equal(img->name, DOCKERFILES "multistage.Dockerfile");
	assert_int_equal(img->loc.line, 15);
	/* USER root and the HEALTHCHECK of the build stage do not reach
	 * the final stage, which is built FROM another image. */
	assert_string_equal(img->user, "app:2000");
	assert_int_equal(img->user_loc.line, 33);
	assert_false(img->health.present);
	assert_int_equal(img->history_status, PART_COLLECTED);
	assert_int_equal(img->n_history, 19);
	assert_string_equal(img->history[0].created_by, "ARG BASE=debian");
	assert_true(img->history[0].empty_layer);
	assert_int_equal(img->history[5].loc.line, 9);
	assert_false(img->history[5].empty_layer);
	loaded_clear(&l);
}

static void env_and_args_as_written(void **state)
{
	struct loaded l;
	const struct image *img;

	(void)state;
	load(&l, "multistage.Dockerfile");
	assert_int_equal(l.rc, 0);
	img = l.img;
	assert_non_null(img);
	assert_int_equal(img->n_env, 6);
	assert_string_equal(img->env[0].name, "APP_HOME");
	assert_string_equal(img->env[0].value, "/srv/app");
	assert_int_equal(img->env[0].loc.line, 18);
	assert_string_equal(img->env[1].name, "LEGACY_NOT");
	/* ENV NAME value with spaces: the rest of the line. */
	assert_string_equal(img->env[2].name, "GREETING");
	assert_string_equal(img->env[2].value, "hello world");
	assert_string_equal(img->env[3].value, "a b");
	assert_string_equal(img->env[4].value, "$NOT_EXPANDED");
	/* Not substituted, so a check can see the reference. */
	assert_string_equal(img->env[5].name, "REF");
	assert_string_equal(img->env[5].value, "$APP_HOME/bin");
	assert_int_equal(img->n_args, 4);
	assert_string_equal(img->args[0].name, "BASE");
	assert_string_equal(img->args[0].value, "debian");
	assert_string_equal(img->args[2].name, "RUNAS");
	assert_null(img->args[2].value);
	assert_int_equal(img->args[3].loc.line, 17);
	loaded_clear(&l);
}

static void stages_inherit_user_and_health(void **state)
{
	struct loaded l;
	const struct image *img;

	(void)state;
	load(&l, "inherit.Dockerfile");
	assert_int_equal(l.rc, 0);
	img = l.img;
	assert_non_null(img);
	/* "from BASE as Final" names the stage case-insensitively. */
	assert_string_equal(img->id, "Final");
	assert_int_equal(img->loc.line, 10);
	assert_string_equal(img->user, "10001");
	assert_int_equal(img->user_loc.line, 3);
	assert_true(img->health.present);
	assert_false(img->health.disabled);
	assert_string_equal(img->health.test,
			    "CMD-SHELL wget -qO- http://localhost:8080/ || "
			    "exit 1");
	assert_int_equal(img->health_loc.line, 4);
	loaded_clear(&l);
}

static void healthcheck_none_disables(void **state)
{
	struct loaded l;

	(void)state;
	load(&l, "escape.Dockerfile");
	assert_int_equal(l.rc, 0);
	assert_non_null(l.img);
	assert_true(l.img->health.present);
	assert_true(l.img->health.disabled);
	assert_int_equal(l.img->health_loc.line, 7);
	assert_string_equal(l.img->user, "");
	assert_int_equal(l.img->user_loc.line, 0);
	loaded_clear(&l);
}

struct invalid_case {
	const char *file;
	const char *where; /* ":LINE:COLUMN: ", or ": " without a position */
	const char *message;
};

static const struct invalid_case invalid_cases[] = {
    {"unknown-instruction", ":2:1: ", "unknown instruction 'RUNN'"},
    {"unclosed-heredoc", ":2:1: ", "the heredoc 'EOF' is never closed"},
    {"no-from", ": ", "the Dockerfile has no FROM instruction"},
    {"before-from", ":1:1: ",
     "RUN: only ARG may come before the first "
     "FROM"},
    {"bad-escape", ":1:1: ", "invalid escape directive 'x'"},
    {"twice-escape", ":2:1: ",
     "the parser directive 'escape' is given "
     "twice"},
    {"env-no-value", ":2:1: ", "ENV: ENV LONELY has no value"},
    {"env-open-quote", ":2:1: ", "ENV: a quote is never closed"},
    {"bad-healthcheck", ":2:1: ",
     "HEALTHCHECK: expected HEALTHCHECK "
     "[OPTIONS] CMD command or HEALTHCHECK "
     "NONE"},
    {"user-two-words", ":2:1: ", "USER: expected one user"},
    {"from-extra", ":1:1: ",
     "FROM: expected FROM IMAGE or FROM IMAGE AS "
     "NAME"},
    {"user-empty", ":2:1: ", "USER needs arguments"},
    {"user-required", ":2:1: ", "USER: U: required"},
};

static void invalid_dockerfiles_rejected(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(invalid_cases) / sizeof(invalid_cases[0]);
	     i++) {
		const struct invalid_case *c = &invalid_cases[i];
		struct loaded l;
		char name[256], want[512];
		bool ok;

		snprintf(name, sizeof(name), "invalid/%s.Dockerfile", c->file);
		load(&l, name);
		snprintf(want, sizeof(want), "%s%s%s%s", DOCKERFILES, name,
			 c->where, c->message);
		ok = l.rc == SW_EINVAL && strstr(buf_str(&l.err), want) &&
		     l.m->n_targets == 0;
		if (!ok)
			print_error("%s: rc %d, message '%s', expected '%s'\n",
				    c->file, l.rc, buf_str(&l.err), want);
		assert_true(ok);
		loaded_clear(&l);
	}
}

static void build_arg_overrides_default(void **state)
{
	const char *args[] = {"GID=3000", "RUNAS=svc"};
	struct dockerfile_options opts = {.build_args = args,
					  .n_build_args = 2};
	struct model *m = model_new();
	struct buf err = BUF_INIT;

	(void)state;
	assert_non_null(m);
	assert_int_equal(dockerfile_load(m, DOCKERFILES "multistage.Dockerfile",
					 &opts, &err),
			 0);
	assert_string_equal(m->targets[0].images[0].user, "svc:3000");
	model_free(m);
	buf_clear(&err);
}

static void dockerfile_names_recognised(void **state)
{
	(void)state;
	assert_true(dockerfile_is_name("Dockerfile"));
	assert_true(dockerfile_is_name("Dockerfile.dev"));
	assert_true(dockerfile_is_name("api.Dockerfile"));
	assert_false(dockerfile_is_name("Dockerfile."));
	assert_false(dockerfile_is_name(".Dockerfile"));
	assert_false(dockerfile_is_name("dockerfile"));
	assert_false(dockerfile_is_name("Dockerfiles"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(continuation_joins_lines),
	    cmocka_unit_test(keywords_flags_and_forms),
	    cmocka_unit_test(heredocs_read),
	    cmocka_unit_test(escape_directive_changes_escape),
	    cmocka_unit_test(byte_order_mark_skipped),
	    cmocka_unit_test(final_stage_ignores_builder),
	    cmocka_unit_test(env_and_args_as_written),
	    cmocka_unit_test(stages_inherit_user_and_health),
	    cmocka_unit_test(healthcheck_none_disables),
	    cmocka_unit_test(invalid_dockerfiles_rejected),
	    cmocka_unit_test(build_arg_overrides_default),
	    cmocka_unit_test(dockerfile_names_recognised),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
