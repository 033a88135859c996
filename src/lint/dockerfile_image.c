/*
 * The stages of a parsed Dockerfile, and the image its final stage builds.
 */
#include "lint/dockerfile_priv.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lint/source.h"
#include "util/error.h"
#include "util/strutil.h"

/* Build stages one Dockerfile may have; real ones have a handful. */
#define DOCKERFILE_STAGES_MAX 256

struct stage {
	const char *name; /* "" when the stage has no AS name */
	int parent;	  /* index of the stage it is built FROM, or -1 */
	const char *user; /* NULL when this stage sets none */
	struct location user_loc;
	bool health_set;
	struct healthcheck health;
	struct location health_loc;
	struct location loc; /* the FROM instruction */
	struct df_vars env;  /* ENV values at the end of the stage */
};

/* The state of the walk over the instructions. */
struct build {
	struct arena *a;
	struct buf *err;
	char escape;
	const struct dockerfile_options *opts;
	struct df_vars global;	   /* ARGs before the first FROM */
	struct df_vars stage_args; /* the current stage's ARG values */
	struct df_vars scope; /* its ENV values, falling back to stage_args */
	struct stage *stages;
	size_t n_stages, cap_stages;
	struct kv *env, *args; /* every ENV and ARG of the file */
	size_t n_env, n_args, cap_env, cap_args;
};

static int fail_at(struct build *b, const struct df_instruction *ins,
		   const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail_at(struct build *b, const struct df_instruction *ins,
		   const char *fmt, ...)
{
	va_list ap;

	buf_reset(b->err);
	buf_printf(b->err, "%s:%u:%u: %s: ", ins->loc.path, ins->loc.line,
		   ins->loc.column, ins->keyword);
	va_start(ap, fmt);
	buf_vprintf(b->err, fmt, ap);
	va_end(ap);
	return SW_EINVAL;
}

/* Wraps a word-processing failure with the instruction's position. */
static int word_failed(struct build *b, const struct df_instruction *ins,
		       struct buf *why)
{
	int rc = fail_at(b, ins, "%s", buf_str(why));

	buf_clear(why);
	return rc;
}

static struct kv *kv_add(struct build *b, struct kv **list, size_t *n,
			 size_t *cap)
{
	if (*n == *cap) {
		size_t room = *cap ? *cap * 2 : 16;
		struct kv *grown = arena_calloc(b->a, room, sizeof(*grown));

		if (!grown)
			return NULL;
		if (*n)
			memcpy(grown, *list, *n * sizeof(*grown));
		*list = grown;
		*cap = room;
	}
	return &(*list)[(*n)++];
}

/* The value a --build-arg gives `name`, or NULL. */
static const char *build_arg(const struct build *b, const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; b->opts && i < b->opts->n_build_args; i++) {
		const char *ba = b->opts->build_args[i];

		if (strncmp(ba, name, len) == 0 && ba[len] == '=')
			return ba + len + 1;
	}
	return NULL;
}

/* Splits NAME=value, quotes of the value removed but nothing expanded. */
static int split_pair(struct build *b, const struct df_instruction *ins,
		      const char *word, const char **name, const char **raw,
		      const char **value_word)
{
	const char *eq = strchr(word, '=');
	struct buf why = BUF_INIT;

	*name = eq ? arena_strndup(b->a, word, (size_t)(eq - word)) : word;
	*value_word = eq ? eq + 1 : NULL;
	*raw = NULL;
	if (!*name)
		return SW_ENOMEM;
	if (!**name)
		return fail_at(b, ins, "a variable name must not be empty");
	if (eq) {
		*raw = df_word(b->a, eq + 1, b->escape, NULL, &why);
		if (!*raw)
			return word_failed(b, ins, &why);
	}
	return 0;
}

/* ARG NAME[=default] ...; before the first FROM it is a global ARG. */
static int do_arg(struct build *b, const struct df_instruction *ins)
{
	struct df_vars *vars = b->n_stages ? &b->stage_args : &b->global;
	struct strlist words;
	int rc = df_words(b->a, ins->args, b->escape, &words);

	if (rc == SW_EINVAL)
		return fail_at(b, ins, "a quote is never closed");
	for (size_t i = 0; !rc && i < words.n; i++) {
		const char *name, *raw, *value_word, *value;
		struct buf why = BUF_INIT;
		struct kv *rec;

		rc = split_pair(b, ins, words.v[i], &name, &raw, &value_word);
		if (rc)
			break;
		rec = kv_add(b, &b->args, &b->n_args, &b->cap_args);
		if (!rec)
			return SW_ENOMEM;
		*rec = (struct kv){name, raw, ins->loc};
		value = build_arg(b, name);
		if (!value && value_word) {
			value =
			    df_word(b->a, value_word, b->escape,
				    b->n_stages ? &b->scope : &b->global, &why);
			if (!value)
				return word_failed(b, ins, &why);
		}
		/* A stage's "ARG NAME" brings a global ARG's value in. */
		if (!value && b->n_stages)
			value = df_vars_get(&b->global, name, strlen(name));
		rc = df_vars_set(vars, name, value);
	}
	return rc;
}

/* ENV NAME=value ... or the older ENV NAME value with spaces. */
static int do_env(struct build *b, const struct df_instruction *ins)
{
	struct strlist words;
	const char **names = NULL, **values = NULL;
	int rc = df_words(b->a, ins->args, b->escape, &words);

	if (rc == SW_EINVAL)
		return fail_at(b, ins, "a quote is never closed");
	if (!rc && words.n && !strchr(words.v[0], '=')) {
		/* Legacy form: the rest of the line is the value. */
		const char *rest = ins->args + strlen(words.v[0]);

		while (*rest == ' ' || *rest == '\t')
			rest++;
		if (!*rest)
			return fail_at(
			    b, ins, "ENV %s has no value: use ENV NAME=value",
			    words.v[0]);
		words.v[0] = arena_printf(b->a, "%s=%s", words.v[0], rest);
		words.n = 1;
		if (!words.v[0])
			return SW_ENOMEM;
	}
	/* Every value of one ENV is substituted with the variables as they
	 * were before it, so ENV A=1 B=$A gives B the earlier A. */
	values = arena_calloc(b->a, words.n + 1, sizeof(*values));
	names = arena_calloc(b->a, words.n + 1, sizeof(*names));
	if (!rc && (!values || !names))
		rc = SW_ENOMEM;
	for (size_t i = 0; !rc && i < words.n; i++) {
		const char *raw, *value_word;
		struct buf why = BUF_INIT;
		struct kv *rec;

		rc = split_pair(b, ins, words.v[i], &names[i], &raw,
				&value_word);
		if (rc)
			break;
		if (!value_word)
			return fail_at(b, ins,
				       "'%s' has no '=': write ENV NAME=value",
				       words.v[i]);
		values[i] =
		    df_word(b->a, value_word, b->escape, &b->scope, &why);
		if (!values[i])
			return word_failed(b, ins, &why);
		rec = kv_add(b, &b->env, &b->n_env, &b->cap_env);
		if (!rec)
			return SW_ENOMEM;
		*rec = (struct kv){names[i], raw, ins->loc};
	}
	for (size_t i = 0; !rc && i < words.n; i++)
		rc = df_vars_set(&b->scope, names[i], values[i]);
	return rc;
}

/* FROM [--platform=...] IMAGE [AS NAME] */
static int do_from(struct build *b, const struct df_instruction *ins)
{
	struct strlist words;
	struct buf why = BUF_INIT;
	struct stage *grown, *st;
	const char *image;
	int rc = df_words(b->a, ins->args, b->escape, &words);

	if (rc == SW_EINVAL)
		return fail_at(b, ins, "a quote is never closed");
	if (rc)
		return rc;
	if (words.n != 1 && !(words.n == 3 && str_ieq(words.v[1], "AS")))
		return fail_at(b, ins,
			       "expected FROM IMAGE or FROM IMAGE AS NAME, "
			       "found '%s'",
			       ins->args);
	image = df_word(b->a, words.v[0], b->escape, &b->global, &why);
	if (!image)
		return word_failed(b, ins, &why);
	if (b->n_stages == DOCKERFILE_STAGES_MAX)
		return fail_at(b, ins,
			       "the Dockerfile has more than %d build stages",
			       DOCKERFILE_STAGES_MAX);
	if (b->n_stages == b->cap_stages) {
		size_t cap = b->cap_stages ? b->cap_stages * 2 : 8;

		grown = realloc(b->stages, cap * sizeof(*grown));
		if (!grown)
			return SW_ENOMEM;
		b->stages = grown;
		b->cap_stages = cap;
	}
	st = &b->stages[b->n_stages];
	*st = (struct stage){.name = words.n == 3 ? words.v[2] : "",
			     .parent = -1,
			     .loc = ins->loc};
	for (size_t i = 0; i < b->n_stages; i++)
		if (*b->stages[i].name && str_ieq(b->stages[i].name, image))
			st->parent = (int)i;
	/* The stage before keeps its ENV for stages built FROM it. */
	if (b->n_stages)
		rc = df_vars_copy(&b->stages[b->n_stages - 1].env, &b->scope);
	b->n_stages++;
	/* A stage starts with no ARG in scope and its parent's ENV. */
	df_vars_clear(&b->stage_args);
	if (!rc && st->parent >= 0)
		rc = df_vars_copy(&b->scope, &b->stages[st->parent].env);
	else
		df_vars_clear(&b->scope);
	return rc;
}

static int do_user(struct build *b, const struct df_instruction *ins)
{
	struct stage *st = &b->stages[b->n_stages - 1];
	struct buf why = BUF_INIT;
	struct strlist words;
	int rc = df_words(b->a, ins->args, b->escape, &words);

	if (rc == SW_EINVAL)
		return fail_at(b, ins, "a quote is never closed");
	if (rc)
		return rc;
	if (words.n != 1)
		return fail_at(b, ins,
			       "expected one user, as in USER app or USER "
			       "1000:1000, found '%s'",
			       ins->args);
	st->user = df_word(b->a, words.v[0], b->escape, &b->scope, &why);
	if (!st->user)
		return word_failed(b, ins, &why);
	st->user_loc = ins->loc;
	return 0;
}

/* HEALTHCHECK [--options] CMD command, or HEALTHCHECK NONE. */
static int do_healthcheck(struct build *b, struct df_instruction *ins)
{
	struct stage *st = &b->stages[b->n_stages - 1];
	const char *rest = ins->args;
	struct healthcheck h = {.present = true};

	if (str_ieq(rest, "NONE")) {
		if (ins->flags.n)
			return fail_at(b, ins,
				       "HEALTHCHECK NONE takes no "
				       "options");
		h.disabled = true;
		h.test = "NONE";
	} else if (strncasecmp(rest, "CMD", 3) == 0 &&
		   (rest[3] == ' ' || rest[3] == '\t')) {
		rest += 4;
		while (*rest == ' ' || *rest == '\t')
			rest++;
		if (!*rest)
			return fail_at(b, ins,
				       "HEALTHCHECK CMD needs a "
				       "command");
		if (*rest == '[') {
			json_t *arr = json_loads(rest, JSON_DECODE_ANY, NULL);
			struct buf t = BUF_INIT;
			size_t i;
			json_t *v;

			buf_puts(&t, json_is_array(arr) ? "CMD" : "CMD-SHELL");
			json_array_foreach(arr, i, v) buf_printf(
			    &t, " %s",
			    json_is_string(v) ? json_string_value(v) : "");
			if (!json_is_array(arr))
				buf_printf(&t, " %s", rest);
			json_decref(arr);
			h.test =
			    t.failed ? NULL : arena_strdup(b->a, buf_str(&t));
			buf_clear(&t);
		} else {
			h.test = arena_printf(b->a, "CMD-SHELL %s", rest);
		}
		if (!h.test)
			return SW_ENOMEM;
	} else {
		return fail_at(b, ins,
			       "expected HEALTHCHECK [OPTIONS] CMD command or "
			       "HEALTHCHECK NONE, found '%s'",
			       rest);
	}
	st->health_set = true;
	st->health = h;
	st->health_loc = ins->loc;
	return 0;
}

static int walk(struct build *b, struct dockerfile *df)
{
	int rc = 0;

	for (size_t i = 0; i < df->n_ins && !rc; i++) {
		struct df_instruction *ins = &df->ins[i];

		if (str_eq(ins->keyword, "ARG"))
			rc = do_arg(b, ins);
		else if (str_eq(ins->keyword, "FROM"))
			rc = do_from(b, ins);
		else if (!b->n_stages)
			rc = fail_at(b, ins,
				     "only ARG may come before the first "
				     "FROM");
		else if (str_eq(ins->keyword, "ENV"))
			rc = do_env(b, ins);
		else if (str_eq(ins->keyword, "USER"))
			rc = do_user(b, ins);
		else if (str_eq(ins->keyword, "HEALTHCHECK"))
			rc = do_healthcheck(b, ins);
	}
	if (!rc && !b->n_stages) {
		buf_reset(b->err);
		buf_printf(b->err,
			   "%s: the Dockerfile has no FROM instruction, so it "
			   "builds nothing",
			   df->path);
		rc = SW_EINVAL;
	}
	return rc;
}

/* Fills the image from the final stage, following FROM stage links. */
static int image_fill(struct build *b, struct dockerfile *df, struct image *img)
{
	size_t last = b->n_stages - 1;
	const struct stage *final = &b->stages[last];
	bool user_found = false, health_found = false;

	memset(img, 0, sizeof(*img));
	img->origin = ORIGIN_DOCKERFILE;
	img->id =
	    *final->name ? final->name : arena_printf(b->a, "stage %zu", last);
	img->name = df->path;
	img->inspected = true;
	img->user = "";
	img->health.test = "";
	img->loc = final->loc;
	/* Stages only name earlier stages, so the chain ends. */
	for (int s = (int)last; s >= 0 && !(user_found && health_found);
	     s = b->stages[s].parent) {
		const struct stage *st = &b->stages[s];

		if (!user_found && st->user) {
			img->user = st->user;
			img->user_loc = st->user_loc;
			user_found = true;
		}
		if (!health_found && st->health_set) {
			img->health = st->health;
			img->health_loc = st->health_loc;
			health_found = true;
		}
	}
	img->env = b->env;
	img->n_env = b->n_env;
	img->args = b->args;
	img->n_args = b->n_args;
	img->history_status = PART_COLLECTED;
	img->history = arena_calloc(b->a, df->n_ins + 1, sizeof(*img->history));
	if (!img->id || !img->history)
		return SW_ENOMEM;
	for (size_t i = 0; i < df->n_ins; i++) {
		const struct df_instruction *ins = &df->ins[i];
		bool layer = str_eq(ins->keyword, "RUN") ||
			     str_eq(ins->keyword, "COPY") ||
			     str_eq(ins->keyword, "ADD");

		img->history[i] = (struct history_entry){
		    .created_by = ins->text,
		    .empty_layer = !layer,
		    .loc = ins->loc,
		};
	}
	img->n_history = df->n_ins;
	return 0;
}

int dockerfile_load_text(struct model *m, const char *path, const char *text,
			 const struct dockerfile_options *opts, struct buf *err)
{
	struct build b = {.a = &m->arena, .err = err, .opts = opts};
	struct dockerfile df;
	struct image *img = NULL;
	struct target *t;
	const char *shown = utf8_sanitize(&m->arena, path);
	/* BuildKit reads bytes; reports need UTF-8, so replace the rest. */
	char *clean = utf8_sanitize(&m->arena, text);
	int rc;

	if (!shown || !clean)
		return SW_ENOMEM;
	rc = dockerfile_parse(&m->arena, shown, clean, strlen(clean), &df, err);
	if (rc)
		goto out;
	b.escape = df.escape;
	b.scope.fallback = &b.stage_args;
	rc = walk(&b, &df);
	if (!rc) {
		img = arena_calloc(&m->arena, 1, sizeof(*img));
		rc = img ? image_fill(&b, &df, img) : SW_ENOMEM;
	}
	if (rc)
		goto out;
	t = lint_target_add(m, shown);
	if (!t) {
		rc = SW_ENOMEM;
		goto out;
	}
	t->images_status = PART_COLLECTED;
	t->images = img;
	t->n_images = 1;
out:
	if (rc == SW_ENOMEM && !err->len)
		buf_printf(err, "%s: out of memory", path);
	df_vars_clear(&b.global);
	df_vars_clear(&b.stage_args);
	df_vars_clear(&b.scope);
	for (size_t i = 0; i < b.n_stages; i++)
		df_vars_clear(&b.stages[i].env);
	free(b.stages);
	return rc;
}

int dockerfile_load(struct model *m, const char *path,
		    const struct dockerfile_options *opts, struct buf *err)
{
	struct buf text = BUF_INIT;
	int rc = source_read(path, &text, err);

	if (!rc)
		rc = dockerfile_load_text(m, path, buf_str(&text), opts, err);
	buf_clear(&text);
	return rc;
}
