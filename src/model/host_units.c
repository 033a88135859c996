#include <ctype.h>
#include <string.h>

#include "model/host_parse.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/strutil.h"

int unit_settings_init(struct unit_settings *u)
{
	u->exec_start = json_array();
	u->environment = json_object();
	u->environment_files = json_array();
	u->listen_streams = json_array();
	if (!u->exec_start || !u->environment || !u->environment_files ||
	    !u->listen_streams) {
		unit_settings_clear(u);
		return SW_ENOMEM;
	}
	return 0;
}

void unit_settings_clear(struct unit_settings *u)
{
	json_decref(u->exec_start);
	json_decref(u->environment);
	json_decref(u->environment_files);
	json_decref(u->listen_streams);
	memset(u, 0, sizeof(*u));
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * Reads one logical line starting at `*pos`: a line ending in a backslash
 * continues on the next, with the backslash turned into a space. Comment
 * lines inside a continuation are skipped, as systemd does.
 */
static int logical_line(const char *text, size_t len, size_t *pos,
			struct buf *line)
{
	bool continued = false;

	buf_reset(line);
	while (*pos < len) {
		size_t start = *pos, end;

		while (*pos < len && text[*pos] != '\n')
			(*pos)++;
		end = *pos;
		if (*pos < len)
			(*pos)++;
		while (start < end && is_blank(text[start]))
			start++;
		if (continued && start < end &&
		    (text[start] == '#' || text[start] == ';'))
			continue;
		while (end > start && is_blank(text[end - 1]))
			end--;
		if (end > start && text[end - 1] == '\\') {
			if (buf_append(line, text + start, end - start - 1) ||
			    buf_putc(line, ' '))
				return SW_ENOMEM;
			continued = true;
			continue;
		}
		if (buf_append(line, text + start, end - start))
			return SW_ENOMEM;
		return 0;
	}
	return 0;
}

/* Appends `value` to a list, or empties the list for an empty value. */
static int list_assign(json_t *list, const char *value)
{
	if (!*value)
		return json_array_clear(list) ? SW_ENOMEM : 0;
	return json_array_append_new(list, json_string(value)) ? SW_ENOMEM : 0;
}

static int environment_assign(json_t *env, const char *value)
{
	json_t *words;
	size_t i;
	json_t *w;

	if (!*value)
		return json_object_clear(env) ? SW_ENOMEM : 0;
	words = exec_start_split(value, NULL);
	if (!words)
		return SW_ENOMEM;
	json_array_foreach(words, i, w)
	{
		const char *s = json_string_value(w);
		const char *eq = strchr(s, '=');
		char *name;

		if (!eq || eq == s)
			continue;
		name = strndup(s, (size_t)(eq - s));
		if (!name ||
		    json_object_set_new(env, name, json_string(eq + 1))) {
			free(name);
			json_decref(words);
			return SW_ENOMEM;
		}
		free(name);
	}
	json_decref(words);
	return 0;
}

static int unit_assign(struct unit_settings *u, const char *section,
		       const char *key, const char *value)
{
	if (str_eq(section, "Service")) {
		if (str_eq(key, "ExecStart"))
			return list_assign(u->exec_start, value);
		if (str_eq(key, "Environment"))
			return environment_assign(u->environment, value);
		if (str_eq(key, "EnvironmentFile"))
			return list_assign(u->environment_files, value);
	} else if (str_eq(section, "Socket") && str_eq(key, "ListenStream")) {
		return list_assign(u->listen_streams, value);
	}
	return 0;
}

int unit_file_apply(struct unit_settings *u, const char *text, size_t len)
{
	struct buf line = BUF_INIT, section = BUF_INIT;
	size_t pos = 0;
	int rc = 0;

	buf_init(&line, HOST_TEXT_MAX);
	while (pos < len && !rc) {
		char *s, *eq, *key_end;

		rc = logical_line(text, len, &pos, &line);
		if (rc || !line.len)
			continue;
		s = line.data;
		if (*s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			char *close = strchr(s, ']');

			buf_reset(&section);
			if (close)
				rc = buf_append(&section, s + 1,
						(size_t)(close - s - 1));
			continue;
		}
		eq = strchr(s, '=');
		if (!eq)
			continue;
		key_end = eq;
		while (key_end > s && is_blank(key_end[-1]))
			key_end--;
		*key_end = '\0';
		eq++;
		while (is_blank(*eq))
			eq++;
		rc = unit_assign(u, buf_str(&section), s, eq);
	}
	buf_clear(&line);
	buf_clear(&section);
	return rc;
}

/* Removes one level of matching quotes around a whole value. */
static void unquote(char *s)
{
	size_t n = strlen(s);

	if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0]) {
		memmove(s, s + 1, n - 2);
		s[n - 2] = '\0';
	}
}

int env_file_apply(json_t *env, const char *text, size_t len)
{
	struct buf line = BUF_INIT;
	size_t pos = 0;
	int rc = 0;

	buf_init(&line, HOST_TEXT_MAX);
	while (pos < len && !rc) {
		char *s, *eq;

		rc = logical_line(text, len, &pos, &line);
		if (rc || !line.len)
			continue;
		s = line.data;
		if (*s == '#' || *s == ';')
			continue;
		if (str_starts_with(s, "export ") ||
		    str_starts_with(s, "export\t"))
			s += 7;
		eq = strchr(s, '=');
		if (!eq || eq == s)
			continue;
		*eq = '\0';
		unquote(eq + 1);
		if (json_object_set_new(env, s, json_string(eq + 1)))
			rc = SW_ENOMEM;
	}
	buf_clear(&line);
	return rc;
}

/* Appends the words of `value` split on whitespace to `argv`. */
static int words_append(json_t *argv, const char *value)
{
	while (*value) {
		size_t n;
		char *w;

		while (isspace((unsigned char)*value))
			value++;
		n = strcspn(value, " \t\n\r");
		if (!n)
			break;
		w = strndup(value, n);
		if (!w || json_array_append_new(argv, json_string(w))) {
			free(w);
			return SW_ENOMEM;
		}
		free(w);
		value += n;
	}
	return 0;
}

static const char *env_lookup(json_t *env, const char *name, size_t len)
{
	char key[128];

	if (!env || len == 0 || len >= sizeof(key))
		return "";
	memcpy(key, name, len);
	key[len] = '\0';
	return json_string_value(json_object_get(env, key))
		   ? json_string_value(json_object_get(env, key))
		   : "";
}

static size_t var_name_length(const char *s)
{
	size_t n = 0;

	while (isalnum((unsigned char)s[n]) || s[n] == '_')
		n++;
	return n;
}

static char escape_char(char c)
{
	switch (c) {
	case 'n':
		return '\n';
	case 't':
		return '\t';
	case 'r':
		return '\r';
	default:
		return c;
	}
}

struct splitter {
	const char *p;
	json_t *env;
	json_t *argv;
	struct buf word;
	bool in_word;
};

/* Expands "$NAME" or "${NAME}" at s->p; false when the text is neither. */
static bool split_variable(struct splitter *s, char quote, int *rc)
{
	const char *p = s->p + 1;
	bool braced = *p == '{';
	size_t n;

	if (!s->env)
		return false;
	if (braced)
		p++;
	n = var_name_length(p);
	if (!n || (braced && p[n] != '}'))
		return false;
	/* An unquoted $NAME standing alone becomes several words. */
	if (!braced && !quote && !s->in_word &&
	    (!p[n] || isspace((unsigned char)p[n]))) {
		*rc = words_append(s->argv, env_lookup(s->env, p, n));
		s->p = p + n;
		return true;
	}
	*rc = buf_puts(&s->word, env_lookup(s->env, p, n));
	s->in_word = true;
	s->p = p + n + (braced ? 1 : 0);
	return true;
}

static int split_word_end(struct splitter *s)
{
	int rc = 0;

	if (s->in_word)
		rc = json_array_append_new(s->argv,
					   json_string(buf_str(&s->word)))
			 ? SW_ENOMEM
			 : 0;
	buf_reset(&s->word);
	s->in_word = false;
	return rc;
}

json_t *exec_start_split(const char *cmdline, json_t *env)
{
	struct splitter s = {.p = cmdline, .env = env, .argv = json_array()};
	char quote = 0;
	int rc = 0;

	if (!s.argv)
		return NULL;
	buf_init(&s.word, HOST_TEXT_MAX);
	while (*s.p && strchr("@-:+!", *s.p))
		s.p++;
	while (*s.p && !rc) {
		char c = *s.p;

		if (!quote && isspace((unsigned char)c)) {
			rc = split_word_end(&s);
			s.p++;
		} else if (!quote && (c == '"' || c == '\'')) {
			quote = c;
			s.in_word = true;
			s.p++;
		} else if (quote && c == quote) {
			quote = 0;
			s.p++;
		} else if (c == '\\' && s.p[1]) {
			rc = buf_putc(&s.word, escape_char(s.p[1]));
			s.in_word = true;
			s.p += 2;
		} else if (c == '$' && s.p[1] == '$') {
			rc = buf_putc(&s.word, '$');
			s.in_word = true;
			s.p += 2;
		} else if (c == '$' && split_variable(&s, quote, &rc)) {
			continue;
		} else {
			rc = buf_putc(&s.word, c);
			s.in_word = true;
			s.p++;
		}
	}
	if (!rc)
		rc = split_word_end(&s);
	buf_clear(&s.word);
	if (rc) {
		json_decref(s.argv);
		return NULL;
	}
	return s.argv;
}
