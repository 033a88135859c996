/*
 * The Dockerfile parser: physical lines to instructions.
 */
#include "lint/dockerfile_priv.h"

#include <ctype.h>
#include <jansson.h>
#include <stdarg.h>
#include <string.h>

#include "util/error.h"
#include "util/strutil.h"

bool dockerfile_is_name(const char *name)
{
	return str_eq(name, "Dockerfile") ||
	       (str_starts_with(name, "Dockerfile.") && name[11]) ||
	       (str_ends_with(name, ".Dockerfile") &&
		strlen(name) > strlen(".Dockerfile"));
}

static const char *const instructions[] = {
    "ADD",    "ARG",   "CMD",	      "COPY",  "ENTRYPOINT", "ENV",
    "EXPOSE", "FROM",  "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD",
    "RUN",    "SHELL", "STOPSIGNAL",  "USER",  "VOLUME",     "WORKDIR",
};

struct parser {
	struct arena *a;
	const char *path;
	const char *text;
	size_t len;
	size_t pos;    /* start of the next physical line */
	unsigned line; /* number of the next physical line */
	char escape;
	struct buf *err;
	struct df_instruction *ins;
	size_t n, cap;
};

/* One physical line, without its "\n" or "\r\n". */
struct pline {
	const char *s;
	size_t len;
	unsigned number;
};

static bool next_line(struct parser *p, struct pline *l)
{
	const char *nl;

	if (p->pos >= p->len)
		return false;
	l->s = p->text + p->pos;
	nl = memchr(l->s, '\n', p->len - p->pos);
	l->len = nl ? (size_t)(nl - l->s) : p->len - p->pos;
	l->number = p->line++;
	p->pos += l->len + (nl ? 1 : 0);
	if (l->len && l->s[l->len - 1] == '\r')
		l->len--;
	return true;
}

static size_t leading_blanks(const struct pline *l)
{
	size_t i = 0;

	while (i < l->len && (l->s[i] == ' ' || l->s[i] == '\t'))
		i++;
	return i;
}

static bool is_comment(const struct pline *l)
{
	size_t i = leading_blanks(l);

	return i < l->len && l->s[i] == '#';
}

static bool is_empty(const struct pline *l)
{
	return leading_blanks(l) == l->len;
}

static int fail(struct parser *p, unsigned line, unsigned column,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int fail(struct parser *p, unsigned line, unsigned column,
		const char *fmt, ...)
{
	va_list ap;

	buf_reset(p->err);
	buf_printf(p->err, "%s:%u:%u: ", p->path, line, column);
	va_start(ap, fmt);
	buf_vprintf(p->err, fmt, ap);
	va_end(ap);
	return SW_EINVAL;
}

/*
 * Reads the parser directives at the top: "# name=value" lines for escape,
 * syntax and check. The first other line (an unknown directive is a
 * comment) ends them.
 */
static int directives(struct parser *p)
{
	bool seen_escape = false, seen_syntax = false, seen_check = false;

	for (;;) {
		size_t save_pos = p->pos;
		unsigned save_line = p->line;
		struct pline l;
		char key[16], value[64];
		size_t i, k = 0, v = 0;
		bool *seen;

		if (!next_line(p, &l))
			return 0;
		i = leading_blanks(&l);
		if (i >= l.len || l.s[i] != '#')
			goto done;
		for (i++; i < l.len && (l.s[i] == ' ' || l.s[i] == '\t'); i++)
			;
		while (i < l.len && isalpha((unsigned char)l.s[i]) &&
		       k + 1 < sizeof(key))
			key[k++] = (char)tolower((unsigned char)l.s[i++]);
		key[k] = '\0';
		while (i < l.len && (l.s[i] == ' ' || l.s[i] == '\t'))
			i++;
		if (!k || i >= l.len || l.s[i] != '=')
			goto done;
		for (i++; i < l.len && (l.s[i] == ' ' || l.s[i] == '\t'); i++)
			;
		while (i < l.len && v + 1 < sizeof(value))
			value[v++] = l.s[i++];
		while (v && (value[v - 1] == ' ' || value[v - 1] == '\t'))
			v--;
		value[v] = '\0';
		if (str_eq(key, "escape"))
			seen = &seen_escape;
		else if (str_eq(key, "syntax"))
			seen = &seen_syntax;
		else if (str_eq(key, "check"))
			seen = &seen_check;
		else
			goto done;
		if (*seen)
			return fail(p, l.number, 1,
				    "the parser directive '%s' is given twice; "
				    "only one may be used",
				    key);
		*seen = true;
		if (seen == &seen_escape) {
			if (!str_eq(value, "\\") && !str_eq(value, "`"))
				return fail(p, l.number, 1,
					    "invalid escape directive '%s': "
					    "use \\ or `",
					    value);
			p->escape = value[0];
		}
		continue;
	done:
		p->pos = save_pos;
		p->line = save_line;
		return 0;
	}
}

static bool ends_with_escape(const struct buf *b, char escape)
{
	size_t n = b->len;

	while (n && (b->data[n - 1] == ' ' || b->data[n - 1] == '\t'))
		n--;
	return n && b->data[n - 1] == escape;
}

static void drop_escape(struct buf *b, char escape)
{
	while (b->len &&
	       (b->data[b->len - 1] == ' ' || b->data[b->len - 1] == '\t'))
		b->len--;
	if (b->len && b->data[b->len - 1] == escape)
		b->len--;
	b->data[b->len] = '\0';
}

/*
 * Reads the rest of an instruction continued with the escape character.
 * Comment lines and empty lines inside it are skipped; other lines keep
 * their leading blanks, as the frontend joins them.
 */
static void read_continuation(struct parser *p, struct buf *logical)
{
	struct pline l;

	while (ends_with_escape(logical, p->escape)) {
		drop_escape(logical, p->escape);
		do {
			if (!next_line(p, &l))
				return;
		} while (is_comment(&l) || is_empty(&l));
		buf_append(logical, l.s, l.len);
	}
}

/* Finds the next heredoc marker "<<WORD", "<<-WORD", "<<'WORD'" at a word
 * start, outside quotes, from `*from`. */
static bool heredoc_marker(const char *s, const char **from,
			   struct df_heredoc *h, bool *strip, size_t *name_len,
			   const char **name)
{
	char quote = '\0';

	for (const char *c = *from; *c; c++) {
		const char *w;
		char q = '\0';

		if (quote) {
			if (*c == quote)
				quote = '\0';
			continue;
		}
		if (*c == '\'' || *c == '"') {
			quote = *c;
			continue;
		}
		if (c[0] != '<' || c[1] != '<' ||
		    (c > s && !isspace((unsigned char)c[-1]) &&
		     !isdigit((unsigned char)c[-1])))
			continue;
		w = c + 2;
		*strip = *w == '-';
		if (*strip)
			w++;
		if (*w == '\'' || *w == '"')
			q = *w++;
		*name = w;
		while (isalnum((unsigned char)*w) || *w == '_' || *w == '-' ||
		       *w == '.')
			w++;
		*name_len = (size_t)(w - *name);
		if (!*name_len || (q && *w != q))
			continue;
		h->expand = !q;
		*from = w + (q ? 1 : 0);
		return true;
	}
	return false;
}

/* Reads the bodies of the heredocs that `ins->args` opens. */
static int read_heredocs(struct parser *p, struct df_instruction *ins,
			 struct buf *text)
{
	const char *from = ins->args, *name;
	struct df_heredoc found[16];
	size_t n = 0, name_len;
	bool strip;

	while (heredoc_marker(ins->args, &from, &found[n], &strip, &name_len,
			      &name)) {
		struct buf body = BUF_INIT;
		struct pline l;
		bool closed = false;

		if (n == sizeof(found) / sizeof(found[0]))
			return fail(p, ins->loc.line, ins->loc.column,
				    "more than 16 heredocs in one "
				    "instruction");

		found[n].name = arena_strndup(p->a, name, name_len);
		if (!found[n].name)
			return SW_ENOMEM;
		while (next_line(p, &l)) {
			size_t skip = 0;

			while (strip && skip < l.len && l.s[skip] == '\t')
				skip++;
			buf_puts(text, "\n");
			buf_append(text, l.s, l.len);
			if (l.len - skip == name_len &&
			    memcmp(l.s + skip, name, name_len) == 0) {
				closed = true;
				break;
			}
			buf_append(&body, l.s + skip, l.len - skip);
			buf_putc(&body, '\n');
		}
		if (!closed) {
			buf_clear(&body);
			return fail(p, ins->loc.line, ins->loc.column,
				    "the heredoc '%s' is never closed: end it "
				    "with a line holding only its name",
				    found[n].name);
		}
		found[n].body = arena_strdup(p->a, buf_str(&body));
		buf_clear(&body);
		if (!found[n].body)
			return SW_ENOMEM;
		n++;
	}
	if (!n)
		return 0;
	ins->heredocs = arena_calloc(p->a, n, sizeof(*ins->heredocs));
	if (!ins->heredocs)
		return SW_ENOMEM;
	memcpy(ins->heredocs, found, n * sizeof(*found));
	ins->n_heredocs = n;
	return 0;
}

/* Splits leading "--name=value" flags off the arguments. */
static int split_flags(struct parser *p, struct df_instruction *ins)
{
	const char *s = ins->args;
	size_t cap = 0;

	while (s[0] == '-' && s[1] == '-') {
		const char *end = s;
		const char **grown;

		while (*end && !isspace((unsigned char)*end))
			end++;
		if (ins->flags.n == cap) {
			cap = cap ? cap * 2 : 4;
			grown = arena_calloc(p->a, cap, sizeof(*grown));
			if (!grown)
				return SW_ENOMEM;
			if (ins->flags.n)
				memcpy(grown, ins->flags.v,
				       ins->flags.n * sizeof(*grown));
			ins->flags.v = grown;
		}
		ins->flags.v[ins->flags.n] =
		    arena_strndup(p->a, s, (size_t)(end - s));
		if (!ins->flags.v[ins->flags.n])
			return SW_ENOMEM;
		ins->flags.n++;
		s = end;
		while (isspace((unsigned char)*s))
			s++;
	}
	ins->args = s;
	return 0;
}

/* Recognises the JSON form: an array of strings and nothing else. */
static int json_form(struct parser *p, struct df_instruction *ins)
{
	json_error_t error;
	json_t *arr;
	size_t i;
	json_t *v;

	if (ins->args[0] != '[')
		return 0;
	arr = json_loads(ins->args, JSON_DECODE_ANY, &error);
	if (!json_is_array(arr)) {
		json_decref(arr);
		return 0;
	}
	json_array_foreach(arr, i, v)
	{
		if (!json_is_string(v)) {
			json_decref(arr);
			return 0;
		}
	}
	ins->argv.v =
	    arena_calloc(p->a, json_array_size(arr) + 1, sizeof(*ins->argv.v));
	if (!ins->argv.v) {
		json_decref(arr);
		return SW_ENOMEM;
	}
	json_array_foreach(arr, i, v)
	{
		ins->argv.v[i] = arena_strdup(p->a, json_string_value(v));
		if (!ins->argv.v[i]) {
			json_decref(arr);
			return SW_ENOMEM;
		}
	}
	ins->argv.n = json_array_size(arr);
	ins->json = true;
	json_decref(arr);
	return 0;
}

static bool keyword_known(const char *kw)
{
	for (size_t i = 0; i < sizeof(instructions) / sizeof(instructions[0]);
	     i++)
		if (str_eq(kw, instructions[i]))
			return true;
	return false;
}

static bool takes_flags(const char *kw)
{
	return str_eq(kw, "FROM") || str_eq(kw, "RUN") || str_eq(kw, "COPY") ||
	       str_eq(kw, "ADD") || str_eq(kw, "HEALTHCHECK");
}

static bool takes_json(const char *kw)
{
	return str_eq(kw, "RUN") || str_eq(kw, "CMD") ||
	       str_eq(kw, "ENTRYPOINT") || str_eq(kw, "SHELL") ||
	       str_eq(kw, "COPY") || str_eq(kw, "ADD") || str_eq(kw, "VOLUME");
}

static struct df_instruction *instruction_add(struct parser *p)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 32;
		struct df_instruction *grown =
		    arena_calloc(p->a, cap, sizeof(*grown));

		if (!grown)
			return NULL;
		if (p->n)
			memcpy(grown, p->ins, p->n * sizeof(*grown));
		p->ins = grown;
		p->cap = cap;
	}
	memset(&p->ins[p->n], 0, sizeof(p->ins[0]));
	return &p->ins[p->n++];
}

/* Builds one instruction from its joined line. */
static int instruction(struct parser *p, const char *line, unsigned number,
		       unsigned column)
{
	struct df_instruction *ins = instruction_add(p);
	struct buf text = BUF_INIT;
	size_t kw_len = strcspn(line, " \t");
	const char *args = line + kw_len;
	char *kw;
	int rc;

	if (!ins)
		return SW_ENOMEM;
	kw = arena_strndup(p->a, line, kw_len);
	if (!kw)
		return SW_ENOMEM;
	for (char *c = kw; *c; c++)
		*c = (char)toupper((unsigned char)*c);
	ins->keyword = kw;
	ins->loc = (struct location){p->path, number, column};
	if (!keyword_known(kw))
		return fail(p, number, column,
			    "unknown instruction '%s'; a Dockerfile uses FROM, "
			    "RUN, COPY, ADD, ENV, ARG, USER, HEALTHCHECK, ...",
			    kw);
	while (*args == ' ' || *args == '\t')
		args++;
	if (!*args)
		return fail(p, number, column, "%s needs arguments", kw);
	ins->args = args;
	buf_printf(&text, "%s %s", kw, args);
	rc = 0;
	if (str_eq(kw, "RUN") || str_eq(kw, "COPY") || str_eq(kw, "ADD"))
		rc = read_heredocs(p, ins, &text);
	if (!rc && takes_flags(kw))
		rc = split_flags(p, ins);
	if (!rc && !*ins->args && !ins->n_heredocs)
		rc = fail(p, number, column,
			  "%s needs arguments after its "
			  "flags",
			  kw);
	if (!rc && takes_json(kw))
		rc = json_form(p, ins);
	if (!rc) {
		ins->text =
		    text.failed ? NULL : arena_strdup(p->a, buf_str(&text));
		rc = ins->text ? 0 : SW_ENOMEM;
	}
	buf_clear(&text);
	return rc;
}

int dockerfile_parse(struct arena *a, const char *path, const char *text,
		     size_t len, struct dockerfile *out, struct buf *err)
{
	struct parser p = {.a = a,
			   .path = path,
			   .text = text,
			   .len = len,
			   .line = 1,
			   .escape = '\\',
			   .err = err};
	struct buf logical = BUF_INIT;
	struct pline l;
	int rc;

	/* BuildKit skips a UTF-8 byte order mark before the first line. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		p.pos = 3;
	rc = directives(&p);
	while (!rc && next_line(&p, &l)) {
		size_t lead = leading_blanks(&l);
		char *joined;

		if (is_empty(&l) || is_comment(&l))
			continue;
		buf_reset(&logical);
		buf_append(&logical, l.s + lead, l.len - lead);
		read_continuation(&p, &logical);
		while (logical.len && (logical.data[logical.len - 1] == ' ' ||
				       logical.data[logical.len - 1] == '\t'))
			logical.data[--logical.len] = '\0';
		if (logical.failed) {
			rc = fail(&p, l.number, 1,
				  "the instruction is too "
				  "long");
			break;
		}
		joined = arena_strdup(a, buf_str(&logical));
		if (!joined) {
			rc = SW_ENOMEM;
			break;
		}
		rc = instruction(&p, joined, l.number, (unsigned)lead + 1);
	}
	buf_clear(&logical);
	if (rc)
		return rc;
	out->path = path;
	out->escape = p.escape;
	out->ins = p.ins;
	out->n_ins = p.n;
	return 0;
}
