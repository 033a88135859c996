/*
 * A compose file: read, interpolate, check the top level, and turn each
 * service into a container of one target.
 */
#include "lint/compose.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lint/compose_priv.h"
#include "lint/source.h"
#include "util/error.h"
#include "util/strutil.h"

bool compose_is_default_name(const char *name)
{
	return str_eq(name, "compose.yaml") || str_eq(name, "compose.yml") ||
	       str_eq(name, "docker-compose.yml") ||
	       str_eq(name, "docker-compose.yaml");
}

/* Top-level keys of the compose specification; "x-" keys are extensions. */
static const char *const top_keys[] = {
    "version", "name",	  "include", "services", "networks",
    "volumes", "configs", "secrets", "models",
};

/* The directory of `path` as an absolute path, without a trailing '/'. */
static const char *compose_dir(struct arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	char cwd[PATH_MAX];

	if (path[0] == '/')
		return slash == path
			   ? "/"
			   : arena_strndup(a, path, (size_t)(slash - path));
	if (!getcwd(cwd, sizeof(cwd)))
		return NULL;
	if (!slash)
		return arena_strdup(a, cwd);
	return arena_printf(a, "%s/%.*s", str_eq(cwd, "/") ? "" : cwd,
			    (int)(slash - path), path);
}

/* Keys on the way to the node being interpolated, for messages. */
struct walk {
	struct compose_ctx *cx;
	struct interpolation ip;
	const char *keys[YAML_DEPTH_MAX + 2];
	size_t index[YAML_DEPTH_MAX + 2]; /* sequence positions */
	int depth;
};

static void walk_path(const struct walk *w, struct buf *out)
{
	for (int i = 0; i < w->depth; i++) {
		if (w->keys[i])
			buf_printf(out, "%s%s", i ? "." : "", w->keys[i]);
		else
			buf_printf(out, "[%zu]", w->index[i]);
	}
}

static void note_unset(void *data, const char *name)
{
	struct compose_ctx *cx = data;

	compose_note(cx,
		     "%s: the variable %s is not set; an empty string was "
		     "substituted, as Compose does",
		     cx->path, name);
}

static int interpolate_node(struct walk *w, struct ynode *n)
{
	struct buf out = BUF_INIT, why = BUF_INIT, where = BUF_INIT;
	int rc = 0;

	if (w->depth > YAML_DEPTH_MAX)
		return 0; /* yaml_parse does not build deeper trees */
	if (n->kind == YNODE_MAPPING) {
		for (size_t i = 0; i < n->n_pairs && !rc; i++) {
			w->keys[w->depth++] = n->pairs[i].key;
			rc = interpolate_node(w, n->pairs[i].value);
			w->depth--;
		}
		return rc;
	}
	if (n->kind == YNODE_SEQUENCE) {
		for (size_t i = 0; i < n->n_items && !rc; i++) {
			w->keys[w->depth] = NULL;
			w->index[w->depth++] = i;
			rc = interpolate_node(w, n->items[i]);
			w->depth--;
		}
		return rc;
	}
	if (n->kind != YNODE_SCALAR || !strchr(n->text, '$'))
		return 0;
	rc = interpolate(&w->ip, n->text, &out, &why);
	if (rc == SW_ENOMEM)
		goto out;
	if (rc) {
		walk_path(w, &where);
		buf_reset(w->cx->err);
		buf_printf(w->cx->err, "%s:%u:%u: %s: %s", w->cx->path,
			   n->loc.line, n->loc.column, buf_str(&where),
			   buf_str(&why));
		rc = SW_EINVAL;
		goto out;
	}
	n->text = arena_strdup(w->cx->a, buf_str(&out));
	rc = n->text ? 0 : SW_ENOMEM;
out:
	buf_clear(&out);
	buf_clear(&why);
	buf_clear(&where);
	return rc;
}

/* Reads the .env file: the one given, or .env beside the compose file. */
static int load_env(struct compose_ctx *cx, struct varmap *vars,
		    const struct compose_options *opts)
{
	const char *path = opts->env_file;
	struct buf text = BUF_INIT;
	int rc;

	rc = varmap_add_environ(vars, opts->environ);
	if (rc)
		return rc;
	if (!path) {
		path = arena_printf(cx->a, "%s/.env", cx->dir);
		if (!path)
			return SW_ENOMEM;
		if (access(path, F_OK) != 0)
			return 0;
	}
	rc = source_read(path, &text, cx->err);
	if (!rc)
		rc = dotenv_parse(vars, path, buf_str(&text), opts->environ,
				  cx->err);
	buf_clear(&text);
	return rc;
}

static bool is_remote(const char *ref)
{
	return strstr(ref, "://") || str_starts_with(ref, "git@");
}

/* include: local files are linted too; remote ones are noted. */
static int include_one(struct compose_ctx *cx, const struct ynode *n,
		       struct strlist *includes)
{
	const char *ref;
	const char **grown;
	int rc = cv_string(cx, n, "include", &ref);

	if (rc)
		return rc;
	if (is_remote(ref)) {
		compose_note(cx,
			     "%s:%u: include of the remote file '%s' is not "
			     "supported; it was not linted",
			     cx->path, n->loc.line, ref);
		return 0;
	}
	grown = arena_calloc(cx->a, includes->n + 1, sizeof(*grown));
	if (!grown)
		return SW_ENOMEM;
	if (includes->n)
		memcpy(grown, includes->v, includes->n * sizeof(*grown));
	grown[includes->n] =
	    ref[0] == '/' ? ref : arena_printf(cx->a, "%s/%s", cx->dir, ref);
	if (!grown[includes->n])
		return SW_ENOMEM;
	includes->v = grown;
	includes->n++;
	return 0;
}

static int includes_read(struct compose_ctx *cx, const struct ynode *n,
			 struct strlist *includes)
{
	int rc = 0;

	if (n->kind != YNODE_SEQUENCE)
		return compose_fail(cx, n->loc, "include",
				    "expected a list of files, found a %s",
				    ynode_kind_name(n));
	for (size_t i = 0; i < n->n_items && !rc; i++) {
		const struct ynode *item = n->items[i];
		const struct ynode *paths = ynode_get(item, "path");

		if (item->kind == YNODE_SCALAR) {
			rc = include_one(cx, item, includes);
			continue;
		}
		if (!paths)
			return compose_fail(cx, item->loc, "include",
					    "an include entry needs 'path'");
		if (paths->kind == YNODE_SEQUENCE)
			for (size_t j = 0; j < paths->n_items && !rc; j++)
				rc = include_one(cx, paths->items[j], includes);
		else
			rc = include_one(cx, paths, includes);
	}
	return rc;
}

static int check_top_level(struct compose_ctx *cx, const struct ynode *root)
{
	if (root->kind == YNODE_NULL)
		return compose_fail(cx, root->loc, NULL,
				    "the compose file is empty");
	if (root->kind != YNODE_MAPPING)
		return compose_fail(cx, root->loc, NULL,
				    "the top level of a compose file must be "
				    "a mapping, found a %s",
				    ynode_kind_name(root));
	for (size_t i = 0; i < root->n_pairs; i++) {
		const struct ypair *p = &root->pairs[i];
		size_t k = 0;

		if (str_starts_with(p->key, "x-"))
			continue;
		while (k < sizeof(top_keys) / sizeof(top_keys[0]) &&
		       !str_eq(top_keys[k], p->key))
			k++;
		if (k == sizeof(top_keys) / sizeof(top_keys[0]))
			return compose_fail(
			    cx, p->loc, NULL,
			    "unknown top-level key '%s'; a compose file "
			    "has version, name, include, services, "
			    "networks, volumes, configs, secrets, models "
			    "and x- extensions",
			    p->key);
	}
	return 0;
}

/* Whether Compose would start the service with the active profiles. */
static int service_active(struct compose_ctx *cx, const struct ypair *p,
			  const struct compose_options *opts, bool *active)
{
	const struct ynode *prof = ynode_get(p->value, "profiles");
	struct strlist names = {0};
	int rc = 0;

	*active = true;
	if (!prof)
		return 0;
	cx->service = p->key;
	rc = cv_strlist(cx, prof, "profiles", false, &names);
	cx->service = NULL;
	if (rc || !opts->n_profiles || !names.n)
		return rc;
	*active = false;
	for (size_t i = 0; i < opts->n_profiles && !*active; i++)
		*active = str_eq(opts->profiles[i], "*") ||
			  strlist_contains(&names, opts->profiles[i]);
	return 0;
}

static int services_read(struct compose_ctx *cx, const struct ynode *root,
			 const struct compose_options *opts,
			 struct container **out, size_t *count)
{
	const struct ypair *sp = ynode_pair(root, "services");
	const struct ynode *services = sp ? sp->value : NULL;
	struct container *cs;
	int rc = 0;

	*out = NULL;
	*count = 0;
	if (!services || services->kind == YNODE_NULL)
		return 0;
	rc = cv_expect_mapping(cx, services, "services");
	if (rc)
		return rc;
	cs = arena_calloc(cx->a, services->n_pairs + 1, sizeof(*cs));
	if (!cs)
		return SW_ENOMEM;
	for (size_t i = 0; i < services->n_pairs && !rc; i++) {
		const struct ypair *p = &services->pairs[i];
		bool active;

		rc = service_active(cx, p, opts, &active);
		if (rc || !active)
			continue;
		cx->service = p->key;
		rc = compose_service(cx, p, &cs[*count]);
		cx->service = NULL;
		if (!rc)
			(*count)++;
	}
	*out = cs;
	return rc;
}

static int add_target(struct model *m, struct compose_ctx *cx,
		      struct container *cs, size_t n)
{
	struct target *t = lint_target_add(m, cx->path);

	if (!t)
		return SW_ENOMEM;
	t->containers_status = PART_COLLECTED;
	t->containers = cs;
	t->n_containers = n;
	t->notes = cx->notes;
	return 0;
}

int compose_load_text(struct model *m, const char *path, const char *text,
		      size_t len, const struct compose_options *opts,
		      struct strlist *includes, struct buf *err)
{
	struct compose_ctx cx = {.a = &m->arena, .err = err};
	struct varmap vars;
	struct ynode *root = NULL;
	struct container *cs = NULL;
	size_t n = 0, bad;
	int rc;

	varmap_init(&vars);
	cx.vars = &vars;
	cx.path = utf8_sanitize(cx.a, path);
	cx.dir = compose_dir(cx.a, path);
	if (!cx.path || !cx.dir) {
		rc = SW_ENOMEM;
		goto out;
	}
	bad = utf8_invalid_offset(text, len);
	if (bad != len) {
		struct location at = source_location(cx.path, text, bad);

		rc = compose_fail(&cx, at, NULL,
				  "invalid UTF-8; a compose file is UTF-8 "
				  "text");
		goto out;
	}
	rc = load_env(&cx, &vars, opts);
	if (!rc) {
		cx.home = varmap_get(&vars, "HOME");
		cx.home = cx.home ? arena_strdup(cx.a, cx.home) : NULL;
		rc = yaml_parse(cx.a, cx.path, text, len, &root, err);
	}
	if (!rc) {
		struct walk w = {.cx = &cx,
				 .ip = {.vars = &vars,
					.unset = note_unset,
					.unset_data = &cx}};

		rc = interpolate_node(&w, root);
	}
	if (!rc)
		rc = check_top_level(&cx, root);
	if (!rc && ynode_get(root, "include"))
		rc = includes_read(&cx, ynode_get(root, "include"), includes);
	if (!rc)
		rc = services_read(&cx, root, opts, &cs, &n);
	if (!rc)
		rc = add_target(m, &cx, cs, n);
out:
	if (rc == SW_ENOMEM && !err->len)
		buf_printf(err, "%s: out of memory", path);
	varmap_clear(&vars);
	return rc;
}

int compose_load(struct model *m, const char *path,
		 const struct compose_options *opts, struct strlist *includes,
		 struct buf *err)
{
	struct buf text = BUF_INIT;
	int rc = source_read(path, &text, err);

	if (!rc)
		rc = compose_load_text(m, path, text.data, text.len, opts,
				       includes, err);
	buf_clear(&text);
	return rc;
}
