#include "lint/interpolate.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/strutil.h"

void varmap_init(struct varmap *vm)
{
	memset(vm, 0, sizeof(*vm));
}

void varmap_clear(struct varmap *vm)
{
	free(vm->vars);
	arena_clear(&vm->arena);
	memset(vm, 0, sizeof(*vm));
}

static struct kv *varmap_find(const struct varmap *vm, const char *name,
			      size_t len)
{
	for (size_t i = 0; i < vm->n; i++)
		if (strlen(vm->vars[i].name) == len &&
		    memcmp(vm->vars[i].name, name, len) == 0)
			return &vm->vars[i];
	return NULL;
}

int varmap_set(struct varmap *vm, const char *name, const char *value)
{
	struct kv *v = varmap_find(vm, name, strlen(name));

	if (!v) {
		if (vm->n == vm->cap) {
			size_t cap = vm->cap ? vm->cap * 2 : 64;
			struct kv *grown =
			    realloc(vm->vars, cap * sizeof(*grown));

			if (!grown)
				return SW_ENOMEM;
			vm->vars = grown;
			vm->cap = cap;
		}
		v = &vm->vars[vm->n];
		memset(v, 0, sizeof(*v));
		v->name = arena_strdup(&vm->arena, name);
		if (!v->name)
			return SW_ENOMEM;
		vm->n++;
	}
	v->value = arena_strdup(&vm->arena, value);
	return v->value ? 0 : SW_ENOMEM;
}

const char *varmap_get(const struct varmap *vm, const char *name)
{
	const struct kv *v = varmap_find(vm, name, strlen(name));

	return v ? v->value : NULL;
}

int varmap_add_environ(struct varmap *vm, char *const *environ)
{
	for (size_t i = 0; environ && environ[i]; i++) {
		const char *eq = strchr(environ[i], '=');
		char *name;
		int rc;

		if (!eq || eq == environ[i])
			continue;
		name = strndup(environ[i], (size_t)(eq - environ[i]));
		if (!name)
			return SW_ENOMEM;
		rc = varmap_set(vm, name, eq + 1);
		free(name);
		if (rc)
			return rc;
	}
	return 0;
}

static bool name_start(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

static int expand(const struct interpolation *ip, const char *in, size_t len,
		  struct buf *out, struct buf *err, int depth);

/* Returns the value of the variable named by `name`, `len` bytes. */
static const char *lookup(const struct interpolation *ip, const char *name,
			  size_t len)
{
	const struct kv *v = varmap_find(ip->vars, name, len);

	return v ? v->value : NULL;
}

static void report_unset(const struct interpolation *ip, const char *name,
			 size_t len)
{
	char *copy;

	if (!ip->unset)
		return;
	copy = strndup(name, len);
	if (copy)
		ip->unset(ip->unset_data, copy);
	free(copy);
}

/*
 * Finds the "}" that closes the "${" at `open` (the index of "{"). Each "{"
 * opens a level and the character after it is skipped, as Compose does.
 */
static size_t closing_brace(const char *s, size_t len, size_t open)
{
	int level = 0;

	for (size_t i = open; i < len; i++) {
		if (s[i] == '}') {
			level--;
			if (level == 0)
				return i;
		}
		if (s[i] == '{') {
			level++;
			i++;
		}
	}
	return len;
}

/* Substitutes the braced reference `body` (between "${" and "}"). */
static int expand_braced(const struct interpolation *ip, const char *body,
			 size_t len, struct buf *out, struct buf *err,
			 int depth)
{
	size_t n = 0;
	const char *value, *word;
	size_t word_len;
	bool colon = false;
	char op = '\0';

	while (n < len && (n == 0 ? name_start(body[n]) : name_char(body[n])))
		n++;
	if (n < len && body[n] == ':') {
		colon = true;
		if (n + 1 < len)
			op = body[n + 1];
	} else if (n < len) {
		op = body[n];
	}
	if (n == 0 || (n < len && op != '-' && op != '?' && op != '+')) {
		buf_printf(err,
			   "invalid interpolation '${%.*s}': use ${NAME}, "
			   "${NAME:-default}, ${NAME-default}, "
			   "${NAME:?message} or ${NAME:+value}",
			   (int)len, body);
		return SW_EINVAL;
	}
	value = lookup(ip, body, n);
	if (n == len) {
		if (!value)
			report_unset(ip, body, n);
		return buf_puts(out, value ? value : "");
	}
	word = body + n + (colon ? 2 : 1);
	word_len = len - (size_t)(word - body);
	switch (op) {
	case '-':
		if (!value || (colon && !*value))
			return expand(ip, word, word_len, out, err, depth + 1);
		return buf_puts(out, value);
	case '+':
		if (value && (!colon || *value))
			return expand(ip, word, word_len, out, err, depth + 1);
		return buf_puts(out, value ? value : "");
	default: /* '?' */
		if (value && (!colon || *value))
			return buf_puts(out, value);
		{
			struct buf message = BUF_INIT;
			int rc = expand(ip, word, word_len, &message, err,
					depth + 1);

			if (!rc)
				buf_printf(
				    err, "required variable %.*s is %s%s%s",
				    (int)n, body, value ? "empty" : "not set",
				    message.len ? ": " : "", buf_str(&message));
			buf_clear(&message);
			return SW_EINVAL;
		}
	}
}

static int expand(const struct interpolation *ip, const char *in, size_t len,
		  struct buf *out, struct buf *err, int depth)
{
	size_t i = 0;
	int rc = 0;

	if (depth > INTERPOLATE_DEPTH_MAX) {
		buf_printf(err, "interpolation nests deeper than %d levels",
			   INTERPOLATE_DEPTH_MAX);
		return SW_ELIMIT;
	}
	while (i < len && !rc) {
		const char *dollar = memchr(in + i, '$', len - i);
		size_t at;

		if (!dollar) {
			rc = buf_append(out, in + i, len - i);
			break;
		}
		at = (size_t)(dollar - in);
		rc = buf_append(out, in + i, at - i);
		if (rc)
			break;
		if (at + 1 < len && in[at + 1] == '$') {
			rc = buf_putc(out, '$');
			i = at + 2;
		} else if (at + 1 < len && in[at + 1] == '{') {
			size_t close = closing_brace(in, len, at + 1);

			if (close == len) {
				buf_printf(err,
					   "invalid interpolation '%.*s': "
					   "'${' has no closing '}'",
					   (int)(len - at), in + at);
				return SW_EINVAL;
			}
			rc = expand_braced(ip, in + at + 2, close - at - 2, out,
					   err, depth);
			i = close + 1;
		} else if (at + 1 < len && name_start(in[at + 1])) {
			size_t end = at + 1;
			const char *value;

			while (end < len && name_char(in[end]))
				end++;
			value = lookup(ip, in + at + 1, end - at - 1);
			if (!value)
				report_unset(ip, in + at + 1, end - at - 1);
			rc = buf_puts(out, value ? value : "");
			i = end;
		} else {
			rc = buf_putc(out, '$');
			i = at + 1;
		}
	}
	if (rc == SW_ELIMIT && !err->len)
		buf_printf(err,
			   "the interpolated value is longer than %zu "
			   "bytes",
			   INTERPOLATE_OUTPUT_MAX);
	return rc;
}

int interpolate(const struct interpolation *ip, const char *in, struct buf *out,
		struct buf *err)
{
	if (!out->max)
		out->max = INTERPOLATE_OUTPUT_MAX;
	return expand(ip, in, strlen(in), out, err, 0);
}

/* A cursor over the .env text. */
struct dotenv {
	struct varmap *vm;
	const char *path;
	const char *p;
	unsigned line;
	struct buf *err;
	char *const *environ;
};

static const char *environ_get(char *const *environ, const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; environ && environ[i]; i++)
		if (strncmp(environ[i], name, len) == 0 &&
		    environ[i][len] == '=')
			return environ[i] + len + 1;
	return NULL;
}

static void skip_blanks(struct dotenv *d)
{
	while (*d->p == ' ' || *d->p == '\t')
		d->p++;
}

static void skip_line(struct dotenv *d)
{
	while (*d->p && *d->p != '\n')
		d->p++;
	if (*d->p == '\n') {
		d->p++;
		d->line++;
	}
}

static int dotenv_fail(struct dotenv *d, const char *what)
{
	buf_printf(d->err, "%s:%u: %s", d->path, d->line, what);
	return SW_EINVAL;
}

/* Reads a 'single-quoted' value into `raw`. */
static int read_single(struct dotenv *d, struct buf *raw)
{
	unsigned start = d->line;

	d->p++;
	while (*d->p && *d->p != '\'') {
		if (*d->p == '\n')
			d->line++;
		buf_putc(raw, *d->p++);
	}
	if (!*d->p) {
		d->line = start;
		return dotenv_fail(d, "the single quote that starts this "
				      "value is never closed");
	}
	d->p++;
	return 0;
}

/* Appends the character that the escape "\\<e>" of a double-quoted value
 * stands for; an unknown escape keeps its backslash. */
static void put_escape(struct buf *raw, char e)
{
	switch (e) {
	case 'n':
		buf_putc(raw, '\n');
		break;
	case 'r':
		buf_putc(raw, '\r');
		break;
	case 't':
		buf_putc(raw, '\t');
		break;
	case '$':
		/* "$$" stays a literal "$" through the interpolation. */
		buf_puts(raw, "$$");
		break;
	case '"':
	case '\\':
		buf_putc(raw, e);
		break;
	default:
		buf_putc(raw, '\\');
		buf_putc(raw, e);
	}
}

/* Reads a "double-quoted" value into `raw`, escapes decoded, except that
 * \$ stays "$$" so the interpolation that follows keeps it literal. */
static int read_double(struct dotenv *d, struct buf *raw)
{
	unsigned start = d->line;

	d->p++;
	while (*d->p && *d->p != '"') {
		char c = *d->p++;

		if (c == '\n')
			d->line++;
		if (c == '\\' && *d->p) {
			if (*d->p == '\n')
				d->line++;
			put_escape(raw, *d->p++);
			continue;
		}
		buf_putc(raw, c);
	}
	if (!*d->p) {
		d->line = start;
		return dotenv_fail(d, "the double quote that starts this "
				      "value is never closed");
	}
	d->p++;
	return 0;
}

/* Reads an unquoted value: up to the end of the line or a " #" comment. */
static void read_unquoted(struct dotenv *d, struct buf *raw)
{
	const char *start = d->p;
	const char *end;

	while (*d->p && *d->p != '\n' &&
	       !(*d->p == '#' && d->p > start &&
		 (d->p[-1] == ' ' || d->p[-1] == '\t')))
		d->p++;
	end = d->p;
	while (end > start &&
	       (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	buf_append(raw, start, (size_t)(end - start));
}

static int dotenv_entry(struct dotenv *d, const char *name)
{
	struct buf raw = BUF_INIT, value = BUF_INIT, why = BUF_INIT;
	struct interpolation ip = {.vars = d->vm};
	bool literal = false;
	int rc = 0;

	skip_blanks(d);
	if (*d->p == '\'') {
		rc = read_single(d, &raw);
		literal = true;
	} else if (*d->p == '"') {
		rc = read_double(d, &raw);
	} else {
		read_unquoted(d, &raw);
	}
	if (!rc && raw.failed)
		rc = dotenv_fail(d, "the value is too long");
	if (!rc && literal)
		rc = buf_puts(&value, buf_str(&raw));
	else if (!rc && interpolate(&ip, buf_str(&raw), &value, &why)) {
		buf_printf(d->err, "%s:%u: %s", d->path, d->line,
			   buf_str(&why));
		rc = SW_EINVAL;
	}
	/* The process environment wins over the file. */
	if (!rc && !environ_get(d->environ, name))
		rc = varmap_set(d->vm, name, buf_str(&value));
	buf_clear(&raw);
	buf_clear(&value);
	buf_clear(&why);
	return rc;
}

static int dotenv_line(struct dotenv *d)
{
	char name[256];
	size_t n = 0;

	skip_blanks(d);
	if (*d->p == '\n' || *d->p == '\r' || *d->p == '#' || !*d->p) {
		skip_line(d);
		return 0;
	}
	if (strncmp(d->p, "export", 6) == 0 &&
	    (d->p[6] == ' ' || d->p[6] == '\t')) {
		d->p += 6;
		skip_blanks(d);
	}
	while (name_char(*d->p) || *d->p == '.' || *d->p == '-') {
		if (n + 1 >= sizeof(name))
			return dotenv_fail(d, "the variable name is longer "
					      "than 255 characters");
		name[n++] = *d->p++;
	}
	name[n] = '\0';
	if (n == 0 || !name_start(name[0]))
		return dotenv_fail(d, "expected NAME=value: a variable name "
				      "starts with a letter or '_'");
	skip_blanks(d);
	if (*d->p == '\n' || *d->p == '\r' || !*d->p) {
		const char *inherited = environ_get(d->environ, name);

		skip_line(d);
		return inherited ? varmap_set(d->vm, name, inherited) : 0;
	}
	if (*d->p != '=' && *d->p != ':')
		return dotenv_fail(d, "expected '=' after the variable name");
	d->p++;
	if (dotenv_entry(d, name))
		return SW_EINVAL;
	skip_blanks(d);
	if (*d->p == '\r')
		d->p++;
	if (*d->p && *d->p != '\n' && *d->p != '#')
		return dotenv_fail(d,
				   "unexpected text after the closing quote");
	skip_line(d);
	return 0;
}

int dotenv_parse(struct varmap *vm, const char *path, const char *text,
		 char *const *environ, struct buf *err)
{
	struct dotenv d = {.vm = vm,
			   .path = path,
			   .p = text,
			   .line = 1,
			   .err = err,
			   .environ = environ};

	while (*d.p) {
		int rc = dotenv_line(&d);

		if (rc)
			return rc;
	}
	return 0;
}
