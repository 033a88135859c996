/*
 * Words of Dockerfile arguments: splitting, quote removal and variable
 * substitution, following the shell-like lexer of BuildKit's frontend.
 */
#include "lint/dockerfile_priv.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/strutil.h"

/* Nesting of ${...} inside defaults, so input cannot exhaust the stack. */
#define DF_EXPAND_DEPTH_MAX 32
/* 1 MiB: the longest word that processing may produce. */
#define DF_WORD_MAX ((size_t)1 << 20)

int df_vars_set(struct df_vars *vars, const char *name, const char *value)
{
	for (size_t i = vars->n; i > 0; i--) {
		if (str_eq(vars->v[i - 1].name, name)) {
			vars->v[i - 1].value = value;
			return 0;
		}
	}
	if (vars->n == vars->cap) {
		size_t cap = vars->cap ? vars->cap * 2 : 16;
		struct kv *grown = realloc(vars->v, cap * sizeof(*grown));

		if (!grown)
			return SW_ENOMEM;
		vars->v = grown;
		vars->cap = cap;
	}
	vars->v[vars->n++] = (struct kv){.name = name, .value = value};
	return 0;
}

const char *df_vars_get(const struct df_vars *vars, const char *name,
			size_t len)
{
	for (; vars; vars = vars->fallback) {
		for (size_t i = vars->n; i > 0; i--) {
			const struct kv *kv = &vars->v[i - 1];

			if (strlen(kv->name) == len &&
			    memcmp(kv->name, name, len) == 0)
				return kv->value;
		}
	}
	return NULL;
}

void df_vars_clear(struct df_vars *vars)
{
	const struct df_vars *fallback = vars->fallback;

	free(vars->v);
	memset(vars, 0, sizeof(*vars));
	vars->fallback = fallback;
}

int df_vars_copy(struct df_vars *to, const struct df_vars *from)
{
	df_vars_clear(to);
	for (size_t i = 0; i < from->n; i++) {
		int rc = df_vars_set(to, from->v[i].name, from->v[i].value);

		if (rc)
			return rc;
	}
	return 0;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int df_words(struct arena *a, const char *s, char escape, struct strlist *out)
{
	size_t cap = 0;

	out->v = NULL;
	out->n = 0;
	while (*s) {
		const char *start;
		char quote = '\0';

		while (is_blank(*s))
			s++;
		if (!*s)
			break;
		start = s;
		for (; *s && (quote || !is_blank(*s)); s++) {
			if (*s == escape && quote != '\'' && s[1]) {
				s++;
				continue;
			}
			if (quote && *s == quote)
				quote = '\0';
			else if (!quote && (*s == '\'' || *s == '"'))
				quote = *s;
		}
		if (quote)
			return SW_EINVAL;
		if (out->n == cap) {
			size_t room = cap ? cap * 2 : 8;
			const char **grown =
			    arena_calloc(a, room, sizeof(*grown));

			if (!grown)
				return SW_ENOMEM;
			if (out->n)
				memcpy(grown, out->v, out->n * sizeof(*grown));
			out->v = grown;
			cap = room;
		}
		out->v[out->n] = arena_strndup(a, start, (size_t)(s - start));
		if (!out->v[out->n])
			return SW_ENOMEM;
		out->n++;
	}
	return 0;
}

struct lexer {
	const char *s;
	size_t len;
	size_t pos;
	char escape;
	const struct df_vars *vars;
	struct buf *err;
	int depth;
};

static bool name_start(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

static int lex_word(struct lexer *lx, struct buf *out, char stop);

/* Expands the word of a ${NAME<op>word} modifier into `out`. */
static int lex_nested(struct lexer *lx, struct buf *out)
{
	int rc;

	if (++lx->depth > DF_EXPAND_DEPTH_MAX) {
		buf_printf(lx->err, "substitution nests deeper than %d levels",
			   DF_EXPAND_DEPTH_MAX);
		return SW_ELIMIT;
	}
	rc = lex_word(lx, out, '}');
	lx->depth--;
	return rc;
}

/* Handles "${" at lx->pos (just after the "{"). */
static int lex_braced(struct lexer *lx, struct buf *out)
{
	size_t start = lx->pos, n;
	const char *value;
	struct buf word = BUF_INIT;
	char op = '\0';
	bool colon = false;
	int rc;

	while (lx->pos < lx->len && name_char(lx->s[lx->pos]))
		lx->pos++;
	n = lx->pos - start;
	if (n == 0 || !name_start(lx->s[start])) {
		buf_printf(lx->err,
			   "invalid substitution '${%.*s': a "
			   "variable name starts with a letter or "
			   "'_'",
			   (int)(lx->len - start > 16 ? 16 : lx->len - start),
			   lx->s + start);
		return SW_EINVAL;
	}
	value = df_vars_get(lx->vars, lx->s + start, n);
	if (lx->pos < lx->len && lx->s[lx->pos] == '}') {
		lx->pos++;
		return buf_puts(out, value ? value : "");
	}
	if (lx->pos < lx->len && lx->s[lx->pos] == ':') {
		colon = true;
		lx->pos++;
	}
	if (lx->pos < lx->len)
		op = lx->s[lx->pos++];
	if (op != '-' && op != '+' && op != '?') {
		buf_printf(lx->err,
			   "unsupported modifier '%s%c' in ${%.*s...}: use "
			   ":-, -, :+, +, :? or ?",
			   colon ? ":" : "", op ? op : ' ', (int)n,
			   lx->s + start);
		return SW_EINVAL;
	}
	buf_init(&word, DF_WORD_MAX);
	rc = lex_nested(lx, &word);
	if (!rc && (lx->pos >= lx->len || lx->s[lx->pos] != '}')) {
		buf_printf(lx->err, "'${%.*s' has no closing '}'", (int)n,
			   lx->s + start);
		rc = SW_EINVAL;
	}
	lx->pos++;
	if (rc)
		goto out;
	if (op == '-')
		rc = buf_puts(out, (!value || (colon && !*value))
				       ? buf_str(&word)
				       : value);
	else if (op == '+')
		rc = buf_puts(
		    out, (value && (!colon || *value)) ? buf_str(&word) : "");
	else if (value && (!colon || *value))
		rc = buf_puts(out, value);
	else {
		buf_printf(lx->err, "%.*s: %s", (int)n, lx->s + start,
			   word.len ? buf_str(&word) : "is not set");
		rc = SW_EINVAL;
	}
out:
	buf_clear(&word);
	return rc;
}

/* Handles "$" at lx->pos - 1. */
static int lex_dollar(struct lexer *lx, struct buf *out)
{
	size_t start = lx->pos;
	const char *value;

	if (lx->pos < lx->len && lx->s[lx->pos] == '{') {
		lx->pos++;
		return lex_braced(lx, out);
	}
	if (lx->pos >= lx->len || !name_start(lx->s[lx->pos]))
		return buf_putc(out, '$');
	while (lx->pos < lx->len && name_char(lx->s[lx->pos]))
		lx->pos++;
	value = df_vars_get(lx->vars, lx->s + start, lx->pos - start);
	return buf_puts(out, value ? value : "");
}

/*
 * Processes characters until `stop` (outside quotes) or the end. Single
 * quotes are literal; in double quotes the escape character escapes only
 * '"', '$' and itself, as in a POSIX shell.
 */
static int lex_word(struct lexer *lx, struct buf *out, char stop)
{
	char quote = '\0';
	int rc = 0;

	while (lx->pos < lx->len && !rc) {
		char c = lx->s[lx->pos];

		if (!quote && stop && c == stop)
			break;
		lx->pos++;
		if (quote == '\'') {
			if (c == '\'')
				quote = '\0';
			else
				rc = buf_putc(out, c);
		} else if (c == lx->escape && lx->pos < lx->len) {
			char next = lx->s[lx->pos++];

			if (quote == '"' && next != '"' && next != '$' &&
			    next != lx->escape)
				rc = buf_putc(out, c);
			if (!rc)
				rc = buf_putc(out, next);
		} else if (c == '$' && lx->vars) {
			rc = lex_dollar(lx, out);
		} else if (c == quote) {
			quote = '\0';
		} else if (!quote && (c == '\'' || c == '"')) {
			quote = c;
		} else {
			rc = buf_putc(out, c);
		}
	}
	if (!rc && quote) {
		buf_printf(lx->err, "the %s quote is never closed",
			   quote == '"' ? "double" : "single");
		rc = SW_EINVAL;
	}
	if (rc == SW_ELIMIT && !lx->err->len)
		buf_printf(lx->err, "the word is longer than %zu bytes",
			   DF_WORD_MAX);
	return rc;
}

int df_word_process(const char *word, char escape, const struct df_vars *vars,
		    struct buf *out, struct buf *err)
{
	struct lexer lx = {.s = word,
			   .len = strlen(word),
			   .escape = escape,
			   .vars = vars,
			   .err = err};

	if (!out->max)
		out->max = DF_WORD_MAX;
	return lex_word(&lx, out, '\0');
}

const char *df_word(struct arena *a, const char *word, char escape,
		    const struct df_vars *vars, struct buf *err)
{
	struct buf out = BUF_INIT;
	const char *s = NULL;

	if (!df_word_process(word, escape, vars, &out, err))
		s = arena_strdup(a, buf_str(&out));
	buf_clear(&out);
	return s;
}
