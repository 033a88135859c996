#include "lint/yaml.h"

#include <libfyaml.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/strutil.h"

struct builder {
	struct arena *a;
	const char *path;
	struct buf *err;
	size_t nodes;
};

static struct location mark_location(const struct builder *b,
				     const struct fy_mark *m)
{
	struct location loc = {.path = b->path};

	if (m && m->line >= 0 && m->column >= 0) {
		loc.line = (unsigned)m->line + 1;
		loc.column = (unsigned)m->column + 1;
	}
	return loc;
}

/*
 * Finds where a node is written. libfyaml keeps a token only for scalars and
 * aliases, so a collection takes the position of its first entry.
 */
static bool node_location(const struct builder *b, struct fy_node *n, int depth,
			  struct location *out)
{
	struct fy_token *tok;
	void *iter = NULL;

	if (!n || depth > YAML_DEPTH_MAX)
		return false;
	switch (fy_node_get_type(n)) {
	case FYNT_SCALAR:
		tok = fy_node_get_scalar_token(n);
		if (!tok || !fy_token_start_mark(tok))
			return false;
		*out = mark_location(b, fy_token_start_mark(tok));
		/* The token starts after a '*' or an opening quote; point at
		 * the character the value is written with. */
		if (out->column > 1 &&
		    (fy_node_is_alias(n) ||
		     fy_node_get_style(n) == FYNS_SINGLE_QUOTED ||
		     fy_node_get_style(n) == FYNS_DOUBLE_QUOTED))
			out->column--;
		return out->line != 0;
	case FYNT_MAPPING: {
		struct fy_node_pair *p = fy_node_mapping_iterate(n, &iter);

		return p &&
		       node_location(b, fy_node_pair_key(p), depth + 1, out);
	}
	case FYNT_SEQUENCE:
		return node_location(b, fy_node_sequence_iterate(n, &iter),
				     depth + 1, out);
	}
	return false;
}

static int fail_at(struct builder *b, struct location loc, const char *what,
		   const char *detail)
{
	buf_printf(b->err, "%s:%u:%u: %s%s", b->path, loc.line, loc.column,
		   what, detail ? detail : "");
	return SW_EINVAL;
}

static struct ynode *ynode_new(struct builder *b, enum ynode_kind kind,
			       struct location loc)
{
	struct ynode *y = arena_calloc(b->a, 1, sizeof(*y));

	if (!y)
		return NULL;
	y->kind = kind;
	y->text = "";
	y->tag = "";
	y->loc = loc;
	return y;
}

static const char *node_tag(struct builder *b, struct fy_node *n)
{
	size_t len = 0;
	const char *tag = fy_node_get_tag(n, &len);

	return tag ? arena_strndup(b->a, tag, len) : "";
}

static bool is_null_text(const char *s)
{
	return !*s || str_eq(s, "~") || str_eq(s, "null") ||
	       str_eq(s, "Null") || str_eq(s, "NULL");
}

static int build_node(struct builder *b, struct fy_node *n, struct location at,
		      int depth, struct ynode **out);

static int build_scalar(struct builder *b, struct fy_node *n,
			struct location at, struct ynode **out)
{
	size_t len = 0;
	const char *s = fy_node_get_scalar(n, &len);
	enum fy_node_style style = fy_node_get_style(n);
	struct ynode *y = ynode_new(b, YNODE_SCALAR, at);

	if (!y)
		return SW_ENOMEM;
	if (!s)
		s = "";
	if (memchr(s, '\0', len))
		return fail_at(b, at,
			       "a NUL character in a string is not "
			       "supported",
			       NULL);
	y->text = arena_strndup(b->a, s, len);
	y->tag = node_tag(b, n);
	if (!y->text || !y->tag)
		return SW_ENOMEM;
	y->plain = style == FYNS_PLAIN || style == FYNS_ANY;
	if ((y->plain && !*y->tag && is_null_text(y->text)) ||
	    str_eq(y->tag, "tag:yaml.org,2002:null"))
		y->kind = YNODE_NULL;
	*out = y;
	return 0;
}

static int build_sequence(struct builder *b, struct fy_node *n,
			  struct location at, int depth, struct ynode **out)
{
	int count = fy_node_sequence_item_count(n);
	struct ynode *y = ynode_new(b, YNODE_SEQUENCE, at);
	struct fy_node *item;
	void *iter = NULL;

	if (!y)
		return SW_ENOMEM;
	y->tag = node_tag(b, n);
	if (count > 0) {
		y->items = arena_calloc(b->a, (size_t)count, sizeof(*y->items));
		if (!y->items)
			return SW_ENOMEM;
	}
	while ((item = fy_node_sequence_iterate(n, &iter)) &&
	       y->n_items < (size_t)count) {
		struct location loc = at;
		int rc;

		node_location(b, item, 0, &loc);
		rc = build_node(b, item, loc, depth + 1, &y->items[y->n_items]);
		if (rc)
			return rc;
		y->n_items++;
	}
	*out = y;
	return 0;
}

/* Resolves aliases; NULL with an error when an alias names no anchor. */
static struct fy_node *resolve(struct builder *b, struct fy_node *n,
			       struct location at)
{
	struct fy_node *target;
	size_t len = 0;
	const char *name;

	if (!n || !fy_node_is_alias(n))
		return n;
	target = fy_node_resolve_alias(n);
	if (target)
		return target;
	name = fy_node_get_scalar(n, &len);
	buf_printf(b->err,
		   "%s:%u:%u: unknown alias '*%.*s': no anchor '&%.*s' is "
		   "defined before it (or the aliases form a cycle)",
		   b->path, at.line, at.column, (int)len, name ? name : "",
		   (int)len, name ? name : "");
	return NULL;
}

/* A set of mapping keys, used while merge keys add entries. */
struct keyset {
	const char **slot;
	size_t cap; /* a power of two */
};

static uint64_t key_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static int keyset_init(struct keyset *ks, size_t n)
{
	ks->cap = 16;
	while (ks->cap < 2 * n + 1)
		ks->cap *= 2;
	ks->slot = calloc(ks->cap, sizeof(*ks->slot));
	return ks->slot ? 0 : SW_ENOMEM;
}

/* Adds `key`; returns false when it was already there. */
static bool keyset_add(struct keyset *ks, const char *key)
{
	size_t i = (size_t)key_hash(key) & (ks->cap - 1);

	while (ks->slot[i]) {
		if (str_eq(ks->slot[i], key))
			return false;
		i = (i + 1) & (ks->cap - 1);
	}
	ks->slot[i] = key;
	return true;
}

static bool is_merge_key(struct fy_node *key)
{
	size_t len = 0;
	const char *s;

	if (!key || fy_node_get_type(key) != FYNT_SCALAR ||
	    fy_node_is_alias(key) || fy_node_get_style(key) != FYNS_PLAIN)
		return false;
	s = fy_node_get_scalar(key, &len);
	return s && len == 2 && memcmp(s, "<<", 2) == 0;
}

/* Builds the mappings a merge key names: one, or a sequence of them. */
static int merge_sources(struct builder *b, struct fy_node *value,
			 struct location at, int depth, struct ynode ***out,
			 size_t *count)
{
	struct fy_node *v = resolve(b, value, at);
	struct fy_node *item;
	void *iter = NULL;
	size_t n = 0;
	int rc;

	if (!v)
		return SW_EINVAL;
	if (fy_node_get_type(v) == FYNT_MAPPING) {
		*out = arena_calloc(b->a, 1, sizeof(**out));
		if (!*out)
			return SW_ENOMEM;
		*count = 1;
		return build_node(b, v, at, depth + 1, &(*out)[0]);
	}
	if (fy_node_get_type(v) != FYNT_SEQUENCE)
		return fail_at(b, at,
			       "the merge key '<<' needs a mapping or a "
			       "list of mappings",
			       ", such as <<: *defaults or <<: [*a, *b]");
	*out = arena_calloc(b->a, (size_t)fy_node_sequence_item_count(v) + 1,
			    sizeof(**out));
	if (!*out)
		return SW_ENOMEM;
	while ((item = fy_node_sequence_iterate(v, &iter))) {
		struct location loc = at;
		struct fy_node *m;

		node_location(b, item, 0, &loc);
		m = resolve(b, item, loc);
		if (!m)
			return SW_EINVAL;
		if (fy_node_get_type(m) != FYNT_MAPPING)
			return fail_at(b, loc,
				       "each item of a merge key '<<' list "
				       "must be a mapping",
				       NULL);
		rc = build_node(b, m, loc, depth + 1, &(*out)[n]);
		if (rc)
			return rc;
		n++;
	}
	*count = n;
	return 0;
}

static int pair_key(struct builder *b, struct fy_node *key,
		    struct location *loc, const char **text)
{
	struct fy_node *k;
	size_t len = 0;
	const char *s;

	node_location(b, key, 0, loc);
	k = resolve(b, key, *loc);
	if (!k)
		return SW_EINVAL;
	if (fy_node_get_type(k) != FYNT_SCALAR)
		return fail_at(
		    b, *loc, "a mapping key must be a string, not a ",
		    fy_node_get_type(k) == FYNT_MAPPING ? "mapping" : "list");
	s = fy_node_get_scalar(k, &len);
	if (s && memchr(s, '\0', len))
		return fail_at(
		    b, *loc, "a NUL character in a key is not supported", NULL);
	*text = arena_strndup(b->a, s ? s : "", len);
	return *text ? 0 : SW_ENOMEM;
}

/* Appends the entries of the merged mappings that the mapping lacks. */
static int apply_merges(struct ynode *y, struct ynode **sources,
			size_t n_sources, size_t own, struct arena *a)
{
	struct keyset ks = {0};
	size_t total = own;
	struct ypair *pairs;
	int rc;

	for (size_t i = 0; i < n_sources; i++)
		total += sources[i]->n_pairs;
	pairs = arena_calloc(a, total + 1, sizeof(*pairs));
	rc = pairs ? keyset_init(&ks, total) : SW_ENOMEM;
	if (rc)
		return rc;
	for (size_t i = 0; i < own; i++) {
		pairs[i] = y->pairs[i];
		keyset_add(&ks, pairs[i].key);
	}
	y->n_pairs = own;
	/* Keys of the mapping itself win; among merged mappings the
	 * earlier one wins, as YAML's merge key type defines. */
	for (size_t i = 0; i < n_sources; i++)
		for (size_t j = 0; j < sources[i]->n_pairs; j++)
			if (keyset_add(&ks, sources[i]->pairs[j].key))
				pairs[y->n_pairs++] = sources[i]->pairs[j];
	y->pairs = pairs;
	free(ks.slot);
	return 0;
}

static int build_mapping(struct builder *b, struct fy_node *n,
			 struct location at, int depth, struct ynode **out)
{
	int count = fy_node_mapping_item_count(n);
	struct ynode *y = ynode_new(b, YNODE_MAPPING, at);
	struct ynode **sources = NULL;
	size_t n_sources = 0;
	struct fy_node_pair *p;
	void *iter = NULL;
	int rc;

	if (!y)
		return SW_ENOMEM;
	y->tag = node_tag(b, n);
	if (count > 0) {
		y->pairs = arena_calloc(b->a, (size_t)count, sizeof(*y->pairs));
		if (!y->pairs)
			return SW_ENOMEM;
	}
	while ((p = fy_node_mapping_iterate(n, &iter)) &&
	       y->n_pairs < (size_t)count) {
		struct fy_node *key = fy_node_pair_key(p);
		struct fy_node *value = fy_node_pair_value(p);
		struct ypair *yp = &y->pairs[y->n_pairs];

		yp->loc = at;
		if (is_merge_key(key)) {
			node_location(b, key, 0, &yp->loc);
			rc = merge_sources(b, value, yp->loc, depth, &sources,
					   &n_sources);
			if (rc)
				return rc;
			continue;
		}
		rc = pair_key(b, key, &yp->loc, &yp->key);
		if (rc)
			return rc;
		if (value) {
			struct location vloc = yp->loc;

			node_location(b, value, 0, &vloc);
			rc = build_node(b, value, vloc, depth + 1, &yp->value);
		} else {
			yp->value = ynode_new(b, YNODE_NULL, yp->loc);
			rc = yp->value ? 0 : SW_ENOMEM;
		}
		if (rc)
			return rc;
		y->n_pairs++;
	}
	if (n_sources) {
		rc = apply_merges(y, sources, n_sources, y->n_pairs, b->a);
		if (rc)
			return rc;
	}
	*out = y;
	return 0;
}

static int build_node(struct builder *b, struct fy_node *n, struct location at,
		      int depth, struct ynode **out)
{
	struct fy_node *target;

	if (++b->nodes > YAML_NODES_MAX)
		return fail_at(b, at,
			       "the document expands to more nodes "
			       "than the maximum of 200000, through "
			       "aliases or sheer size",
			       NULL);
	if (depth > YAML_DEPTH_MAX)
		return fail_at(b, at,
			       "the document nests deeper than 64 "
			       "levels, through aliases or sheer size",
			       NULL);
	target = resolve(b, n, at);
	if (!target)
		return SW_EINVAL;
	if (target != n) {
		/* The anchored node's own position, where the value is. */
		node_location(b, target, 0, &at);
		return build_node(b, target, at, depth + 1, out);
	}
	switch (fy_node_get_type(n)) {
	case FYNT_SCALAR:
		return build_scalar(b, n, at, out);
	case FYNT_SEQUENCE:
		return build_sequence(b, n, at, depth, out);
	case FYNT_MAPPING:
		return build_mapping(b, n, at, depth, out);
	}
	return fail_at(b, at, "unknown YAML node type", NULL);
}

/* Whether the source text at 1-based `line`:`column` starts with "<<". */
static bool merge_key_at(const char *text, size_t len, int line, int column)
{
	size_t i = 0;

	for (int l = 1; l < line && i < len; i++)
		if (text[i] == '\n')
			l++;
	/* Columns count characters; skip UTF-8 continuation bytes. */
	for (int c = 1; c < column && i < len; c++) {
		i++;
		while (i < len && ((unsigned char)text[i] & 0xc0) == 0x80)
			i++;
	}
	return i + 1 < len && text[i] == '<' && text[i + 1] == '<';
}

static int diag_error(struct builder *b, struct fy_diag *diag, const char *text,
		      size_t len)
{
	struct fy_diag_error *e;
	void *iter = NULL;

	e = fy_diag_errors_iterate(diag, &iter);
	if (!e) {
		buf_printf(b->err, "%s: invalid YAML", b->path);
		return SW_EINVAL;
	}
	if (str_eq(e->msg, "duplicate key") &&
	    merge_key_at(text, len, e->line, e->column)) {
		buf_printf(b->err,
			   "%s:%d:%d: invalid YAML: duplicate merge key "
			   "'<<'; merge several mappings with one key, as "
			   "in <<: [*a, *b]",
			   b->path, e->line, e->column);
		return SW_EINVAL;
	}
	buf_printf(b->err, "%s:%d:%d: invalid YAML: %s", b->path, e->line,
		   e->column, e->msg ? e->msg : "syntax error");
	return SW_EINVAL;
}

/* Whether a document is empty: no root, or only an empty scalar. */
static bool document_is_empty(struct fy_document *doc)
{
	struct fy_node *root = fy_document_root(doc);
	const char *s;
	size_t len = 0;
	char text[8];

	if (!root)
		return true;
	if (fy_node_get_type(root) != FYNT_SCALAR || fy_node_is_alias(root) ||
	    fy_node_get_style(root) != FYNS_PLAIN)
		return false;
	s = fy_node_get_scalar(root, &len);
	if (len >= sizeof(text))
		return false;
	memcpy(text, s ? s : "", len);
	text[len] = '\0';
	return is_null_text(text);
}

static int build_document(struct builder *b, struct fy_document *doc,
			  struct ynode **root)
{
	struct fy_node *top = fy_document_root(doc);
	struct location at = {.path = b->path, .line = 1, .column = 1};

	if (!top) {
		*root = ynode_new(b, YNODE_NULL, at);
		return *root ? 0 : SW_ENOMEM;
	}
	node_location(b, top, 0, &at);
	return build_node(b, top, at, 0, root);
}

int yaml_parse(struct arena *a, const char *path, const char *text, size_t len,
	       struct ynode **root, struct buf *err)
{
	struct builder b = {.a = a, .path = path, .err = err};
	struct fy_diag_cfg dcfg;
	struct fy_diag *diag;
	struct fy_parse_cfg cfg = {0};
	struct fy_parser *parser = NULL;
	struct fy_document *doc = NULL, *next = NULL;
	int rc = SW_ENOMEM;

	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	dcfg.colorize = false;
	diag = fy_diag_create(&dcfg);
	if (!diag)
		return SW_ENOMEM;
	fy_diag_set_collect_errors(diag, true);
	cfg.flags = FYPCF_QUIET | FYPCF_COLLECT_DIAG;
	cfg.diag = diag;
	parser = fy_parser_create(&cfg);
	if (!parser || fy_parser_set_string(parser, text, len))
		goto out;

	doc = fy_parse_load_document(parser);
	if (!doc && fy_diag_got_error(diag)) {
		rc = diag_error(&b, diag, text, len);
		goto out;
	}
	if (!doc) {
		struct location at = {.path = path, .line = 1, .column = 1};

		*root = ynode_new(&b, YNODE_NULL, at);
		rc = *root ? 0 : SW_ENOMEM;
		goto out;
	}
	rc = build_document(&b, doc, root);
	if (rc)
		goto out;

	/* An empty document after the first, as a trailing "---" makes, is
	 * harmless; one with content would be silently ignored. */
	while ((next = fy_parse_load_document(parser)) &&
	       document_is_empty(next)) {
		fy_parse_document_destroy(parser, next);
		next = NULL;
	}
	if (next || fy_diag_got_error(diag)) {
		struct location at = {.path = path};

		if (!next) {
			rc = diag_error(&b, diag, text, len);
			goto out;
		}
		node_location(&b, fy_document_root(next), 0, &at);
		buf_printf(err,
			   "%s:%u:%u: a second YAML document starts here; "
			   "stridewatch lint reads one document per compose "
			   "file, so split it into two files",
			   path, at.line, at.column);
		rc = SW_EINVAL;
	}
out:
	if (next)
		fy_parse_document_destroy(parser, next);
	if (doc)
		fy_parse_document_destroy(parser, doc);
	if (parser)
		fy_parser_destroy(parser);
	/* libfyaml 0.7 frees the collected errors only when collecting is
	 * turned off; a plain unref leaks them. */
	fy_diag_set_collect_errors(diag, false);
	fy_diag_unref(diag);
	return rc;
}

const struct ypair *ynode_pair(const struct ynode *map, const char *key)
{
	if (!map || map->kind != YNODE_MAPPING)
		return NULL;
	for (size_t i = 0; i < map->n_pairs; i++)
		if (str_eq(map->pairs[i].key, key))
			return &map->pairs[i];
	return NULL;
}

const struct ynode *ynode_get(const struct ynode *map, const char *key)
{
	const struct ypair *p = ynode_pair(map, key);

	return p ? p->value : NULL;
}

const char *ynode_kind_name(const struct ynode *n)
{
	static const char *const names[] = {
	    [YNODE_NULL] = "null",
	    [YNODE_SCALAR] = "string",
	    [YNODE_MAPPING] = "mapping",
	    [YNODE_SEQUENCE] = "list",
	};

	return n ? names[n->kind] : "nothing";
}
