/*
 * Reads a custom seccomp profile the way dockerd decodes it, with Go's
 * encoding/json: an object key matches a field case-insensitively
 * ("DefaultAction" sets defaultAction), the last of several matching keys
 * wins, and null leaves a string field as it was. jansson keeps one value
 * per exact key, so the members are read here in document order.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "rules/section5.h"
#include "util/error.h"
#include "util/strutil.h"

/* 256 bytes: the longest action name kept; real ones are under 32. */
#define ACTION_MAX 256

static size_t skip_space(const char *s, size_t i, size_t n)
{
	while (i < n && s[i] && strchr(" \t\r\n", s[i]))
		i++;
	return i;
}

/* Returns the index after the JSON string that starts at s[i]. */
static size_t string_end(const char *s, size_t i, size_t n)
{
	for (i++; i < n && s[i] != '"'; i++)
		if (s[i] == '\\')
			i++;
	return i < n ? i + 1 : n;
}

/* Returns the index after the JSON value that starts at s[i]. */
static size_t value_end(const char *s, size_t i, size_t n)
{
	size_t depth = 0;

	if (i < n && s[i] == '"')
		return string_end(s, i, n);
	if (i < n && s[i] != '{' && s[i] != '[') {
		while (i < n && !strchr(",}] \t\r\n", s[i]))
			i++;
		return i;
	}
	while (i < n) {
		if (s[i] == '"') {
			i = string_end(s, i, n);
			continue;
		}
		if (s[i] == '{' || s[i] == '[')
			depth++;
		else if (s[i] == '}' || s[i] == ']')
			depth--;
		i++;
		if (depth == 0)
			break;
	}
	return i;
}

/*
 * Whether the object key `key` sets the Go struct field tagged `field`
 * (ASCII, lower case). Go folds case, and folds U+017F (long s) to 's'
 * and U+212A (Kelvin sign) to 'k'.
 */
static bool go_key_matches(const char *field, const char *key, size_t len)
{
	size_t i = 0;

	for (; *field; field++) {
		if (i < len && (unsigned char)key[i] < 0x80) {
			if (key[i] != *field &&
			    key[i] != (char)(*field - 'a' + 'A'))
				return false;
			i++;
		} else if (*field == 's' && len - i >= 2 &&
			   !memcmp(key + i, "\xc5\xbf", 2)) {
			i += 2;
		} else if (*field == 'k' && len - i >= 3 &&
			   !memcmp(key + i, "\xe2\x84\xaa", 3)) {
			i += 3;
		} else {
			return false;
		}
	}
	return i == len;
}

/* One object member: the decoded key, the parsed value and its text. */
struct member {
	const char *key;
	size_t key_len;
	json_t *value;
	const char *text;
	size_t text_len;
};

typedef int (*member_fn)(void *data, const struct member *m);

/*
 * Calls `fn` for each member of the JSON object text s[0..n) in document
 * order, duplicates included. The text must already be known to be a
 * valid JSON object. Returns 0, the first non-zero result of `fn`, or
 * SW_EINVAL.
 */
static int object_members(const char *s, size_t n, member_fn fn, void *data)
{
	size_t i = skip_space(s, 0, n);
	int rc = 0;

	if (i >= n || s[i] != '{')
		return SW_EINVAL;
	i = skip_space(s, i + 1, n);
	while (!rc && i < n && s[i] == '"') {
		size_t key_end = string_end(s, i, n), start, end;
		json_t *key =
		    json_loadb(s + i, key_end - i, JSON_DECODE_ANY, NULL);
		json_t *value;

		i = skip_space(s, key_end, n);
		if (i < n && s[i] == ':')
			i = skip_space(s, i + 1, n);
		start = i;
		end = value_end(s, start, n);
		value =
		    json_loadb(s + start, end - start, JSON_DECODE_ANY, NULL);
		if (!json_is_string(key) || !value) {
			rc = SW_EINVAL;
		} else {
			struct member m = {json_string_value(key),
					   json_string_length(key), value,
					   s + start, end - start};

			rc = fn(data, &m);
		}
		json_decref(key);
		json_decref(value);
		i = skip_space(s, end, n);
		if (i < n && s[i] == ',')
			i = skip_space(s, i + 1, n);
	}
	return rc;
}

/* Takes a string or null for an action field; anything else is invalid. */
static int action_set(struct buf *action, bool *set, json_t *value)
{
	if (json_is_null(value))
		return 0;
	if (!json_is_string(value))
		return SW_EINVAL;
	buf_reset(action);
	*set = true;
	return buf_append(action, json_string_value(value),
			  json_string_length(value))
		   ? SW_EINVAL
		   : 0;
}

struct rule_read {
	struct buf action;
	bool set;
};

static int rule_member(void *data, const struct member *m)
{
	struct rule_read *r = data;

	if (go_key_matches("action", m->key, m->key_len))
		return action_set(&r->action, &r->set, m->value);
	return 0;
}

/* Counts one entry of "syscalls", s[0..n), and whether its action blocks. */
static int rule_count(struct seccomp_profile *p, const char *s, size_t n)
{
	struct rule_read r = {.set = false};
	size_t i = skip_space(s, 0, n);
	int rc;

	if (n - i >= 4 && !strncmp(s + i, "null", 4))
		return 0;
	buf_init(&r.action, ACTION_MAX);
	rc = object_members(s, n, rule_member, &r);
	p->rules++;
	if (!rc && r.set && !seccomp_action_allows(buf_str(&r.action)))
		p->blocking_rules++;
	buf_clear(&r.action);
	return rc;
}

/* Counts the entries of the "syscalls" array text s[0..n). */
static int rules_count(struct seccomp_profile *p, const char *s, size_t n)
{
	size_t i = skip_space(s, 0, n);
	int rc = 0;

	if (i >= n || s[i] != '[')
		return 0; /* null */
	i = skip_space(s, i + 1, n);
	while (!rc && i < n && s[i] != ']') {
		size_t end = value_end(s, i, n);

		rc = rule_count(p, s + i, end - i);
		i = skip_space(s, end, n);
		if (i < n && s[i] == ',')
			i = skip_space(s, i + 1, n);
	}
	return rc;
}

static int profile_member(void *data, const struct member *m)
{
	struct seccomp_profile *p = data;

	if (go_key_matches("defaultaction", m->key, m->key_len))
		return action_set(&p->default_action, &p->default_action_set,
				  m->value);
	if (!go_key_matches("syscalls", m->key, m->key_len))
		return 0;
	if (!json_is_array(m->value) && !json_is_null(m->value))
		return SW_EINVAL;
	/* A later "syscalls" replaces the list; null empties it. */
	p->rules = 0;
	p->blocking_rules = 0;
	return rules_count(p, m->text, m->text_len);
}

bool seccomp_action_allows(const char *action)
{
	return str_eq(action, "SCMP_ACT_ALLOW") ||
	       str_eq(action, "SCMP_ACT_LOG");
}

int seccomp_profile_read(const char *text, struct seccomp_profile *p)
{
	size_t n = strlen(text);
	json_t *doc;

	memset(p, 0, sizeof(*p));
	buf_init(&p->default_action, ACTION_MAX);
	/* Validating first lets the member scan assume well-formed JSON. */
	doc = json_loadb(text, n, 0, NULL);
	if (!json_is_object(doc)) {
		json_decref(doc);
		return SW_EINVAL;
	}
	json_decref(doc);
	return object_members(text, n, profile_member, p);
}

void seccomp_profile_clear(struct seccomp_profile *p)
{
	buf_clear(&p->default_action);
}
