#include <string.h>

#include "model/host_parse.h"
#include "util/error.h"
#include "util/strutil.h"

/* 64: more options than an audit rule has. */
#define AUDIT_TOKENS_MAX 64

struct token {
	const char *s;
	size_t len;
};

static bool token_is(const struct token *t, const char *s)
{
	return strlen(s) == t->len && strncmp(t->s, s, t->len) == 0;
}

static bool token_starts(const struct token *t, const char *prefix)
{
	size_t n = strlen(prefix);

	return t->len >= n && strncmp(t->s, prefix, n) == 0;
}

static size_t line_tokens(const char *line, size_t len, struct token *t)
{
	size_t n = 0, i = 0;

	while (i < len && n < AUDIT_TOKENS_MAX) {
		while (i < len &&
		       (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
			i++;
		if (i >= len || line[i] == '#')
			break;
		t[n].s = line + i;
		while (i < len && line[i] != ' ' && line[i] != '\t' &&
		       line[i] != '\r')
			i++;
		t[n].len = (size_t)(line + i - t[n].s);
		n++;
	}
	return n;
}

/* Copies a path, dropping trailing slashes that auditctl may print. */
static const char *path_copy(struct arena *a, const char *s, size_t len)
{
	while (len > 1 && s[len - 1] == '/')
		len--;
	return arena_strndup(a, s, len);
}

struct rule_fields {
	struct token path, perms, key;
	bool subtree, never, watch;
};

/* Reads "-F name=value", of which only path, dir, perm and key matter. */
static void field_read(struct rule_fields *f, const struct token *t)
{
	struct token v;

	if (token_starts(t, "path=")) {
		f->path = (struct token){t->s + 5, t->len - 5};
		f->subtree = false;
	} else if (token_starts(t, "dir=")) {
		f->path = (struct token){t->s + 4, t->len - 4};
		f->subtree = true;
	} else if (token_starts(t, "perm=")) {
		f->perms = (struct token){t->s + 5, t->len - 5};
	} else if (token_starts(t, "key=")) {
		v = (struct token){t->s + 4, t->len - 4};
		if (!f->key.len)
			f->key = v;
	}
}

static void rule_read(struct rule_fields *f, const struct token *t, size_t n)
{
	memset(f, 0, sizeof(*f));
	for (size_t i = 0; i + 1 < n; i++) {
		const struct token *v = &t[i + 1];

		if (token_is(&t[i], "-w")) {
			f->path = *v;
			f->subtree =
			    true; /* a watch on a directory is recursive */
			f->watch = true;
		} else if (token_is(&t[i], "-p")) {
			f->perms = *v;
		} else if (token_is(&t[i], "-k")) {
			if (!f->key.len)
				f->key = *v;
		} else if (token_is(&t[i], "-F")) {
			field_read(f, v);
		} else if (token_is(&t[i], "-a") || token_is(&t[i], "-A")) {
			f->never = memmem(v->s, v->len, "never", 5) != NULL;
		} else {
			continue;
		}
		i++;
	}
}

/*
 * Makes room for rule `n`. The capacity is implicit: 8, then doubling,
 * because arena memory is only freed with the whole model.
 */
static int rules_reserve(struct arena *a, struct audit_rule **rules, size_t n)
{
	struct audit_rule *grown;

	if (n && (n < 8 || (n & (n - 1))))
		return 0;
	grown = arena_calloc(a, n ? n * 2 : 8, sizeof(*grown));
	if (!grown)
		return SW_ENOMEM;
	if (n)
		memcpy(grown, *rules, n * sizeof(*grown));
	*rules = grown;
	return 0;
}

static int rule_add(struct arena *a, const char *line, size_t len,
		    const struct rule_fields *f, const char *file,
		    unsigned lineno, struct audit_rule **rules, size_t *n)
{
	struct audit_rule *r;

	if (rules_reserve(a, rules, *n))
		return SW_ENOMEM;
	r = &(*rules)[*n];
	while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
		len--;
	r->text = arena_strndup(a, line, len);
	r->path = path_copy(a, f->path.s, f->path.len);
	r->subtree = f->subtree;
	r->perms = arena_strndup(a, f->perms.s ? f->perms.s : "", f->perms.len);
	r->key = arena_strndup(a, f->key.s ? f->key.s : "", f->key.len);
	r->loc.path = file ? arena_strdup(a, file) : NULL;
	r->loc.line = file ? lineno : 0;
	if (!r->text || !r->path || !r->perms || !r->key ||
	    (file && !r->loc.path))
		return SW_ENOMEM;
	(*n)++;
	return 0;
}

int audit_rules_parse(struct arena *a, const char *text, size_t len,
		      const char *file, struct audit_rule **rules, size_t *n)
{
	struct token t[AUDIT_TOKENS_MAX];
	size_t pos = 0;
	unsigned lineno = 0;

	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t line_len = nl ? (size_t)(nl - line) : len - pos;
		size_t count = line_tokens(line, line_len, t);
		struct rule_fields f;

		pos += line_len + (nl ? 1 : 0);
		lineno++;
		if (!count)
			continue;
		rule_read(&f, t, count);
		if (f.never || !f.path.len || f.path.s[0] != '/')
			continue;
		if (rule_add(a, line, line_len, &f, file, lineno, rules, n))
			return SW_ENOMEM;
	}
	return 0;
}

static bool path_covered(const struct audit_rule *r, const char *path)
{
	size_t n = strlen(r->path);

	if (str_eq(r->path, path))
		return true;
	if (!r->subtree)
		return false;
	if (n == 1 && r->path[0] == '/')
		return true;
	return strncmp(path, r->path, n) == 0 && path[n] == '/';
}

const struct audit_rule *audit_rules_find(const struct audit_rule *r, size_t n,
					  const char *path)
{
	for (size_t i = 0; i < n; i++) {
		/* No permission filter records every access, writes too. */
		bool writes = !*r[i].perms || strchr(r[i].perms, 'w') ||
			      strchr(r[i].perms, 'a');

		if (writes && path_covered(&r[i], path))
			return &r[i];
	}
	return NULL;
}
