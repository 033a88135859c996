/*
 * 4.10: credentials written into an image, in its environment, its build
 * arguments or its history. Values are never copied into the evidence.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "rules/evidence.h"
#include "rules/section4.h"
#include "util/strutil.h"

/* Name parts that on their own mark a credential. */
static const char *const secret_words[] = {
    "PASSWORD",	  "PASSWD",    "PASS",	     "PASSPHRASE",  "SECRET", "SECRETS",
    "TOKEN",	  "TOKENS",    "CREDENTIAL", "CREDENTIALS", "CREDS",  "APIKEY",
    "PRIVATEKEY", "ACCESSKEY", "SECRETKEY",  "AUTHTOKEN",
};

/* Words that make a credential when "KEY" follows them (API_KEY). */
static const char *const key_words[] = {
    "API", "PRIVATE", "ACCESS",	    "SECRET", "AUTH",	"DEPLOY",
    "SSH", "SIGNING", "ENCRYPTION", "MASTER", "CLIENT",
};

/*
 * Last name parts that make the variable describe a credential rather than
 * hold one: PASSWORD_FILE names a file, VAULT_TOKEN_VERSION pins a version.
 */
static const char *const pointer_suffixes[] = {
    "FILE",	"PATH",	   "DIR",      "URL",	 "URI",	   "VERSION",
    "VER",	"ID",	   "NAME",     "TYPE",	 "HOST",   "PORT",
    "ENDPOINT", "LENGTH",  "LEN",      "TTL",	 "EXPIRY", "MODE",
    "POLICY",	"ENABLED", "REQUIRED", "HEADER", "METHOD", "ALGORITHM",
};

/* 16 parts of 32 bytes: longer names are judged on their first parts. */
#define NAME_PARTS_MAX 16
#define NAME_PART_MAX  32

struct name_parts {
	char v[NAME_PARTS_MAX][NAME_PART_MAX];
	size_t n;
};

static bool word_in(const char *word, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (str_eq(word, list[i]))
			return true;
	return false;
}

/*
 * Splits a name into upper-case parts at non-alphanumeric characters and
 * at lower-to-upper case changes: "dbPassword" and "DB_PASSWORD" both give
 * DB, PASSWORD.
 */
static void name_split(const char *name, struct name_parts *p)
{
	size_t len = 0;

	p->n = 0;
	for (const char *s = name;; s++) {
		bool alnum = isalnum((unsigned char)*s);
		bool camel = len && alnum && isupper((unsigned char)*s) &&
			     islower((unsigned char)s[-1]);

		if ((!alnum || camel) && len) {
			p->v[p->n][len] = '\0';
			if (++p->n == NAME_PARTS_MAX)
				return;
			len = 0;
		}
		if (!*s)
			return;
		if (alnum && len < NAME_PART_MAX - 1)
			p->v[p->n][len++] = (char)toupper((unsigned char)*s);
	}
}

/* Whether a variable name marks the variable as a credential. */
static bool credential_name(const char *name)
{
	struct name_parts p;

	name_split(name, &p);
	if (!p.n || word_in(p.v[p.n - 1], pointer_suffixes,
			    sizeof(pointer_suffixes) / sizeof(char *)))
		return false;
	for (size_t i = 0; i < p.n; i++) {
		if (word_in(p.v[i], secret_words,
			    sizeof(secret_words) / sizeof(char *)))
			return true;
		if (i + 1 < p.n && str_eq(p.v[i + 1], "KEY") &&
		    word_in(p.v[i], key_words,
			    sizeof(key_words) / sizeof(char *)))
			return true;
	}
	return false;
}

/* Whether a value is a version pin such as 1.4.0, v2.1 or 3.12.1-r0. */
static bool version_value(const char *s)
{
	size_t dots = 0;

	if (*s == 'v' || *s == 'V')
		s++;
	if (!isdigit((unsigned char)*s))
		return false;
	for (; *s && *s != '-' && *s != '+' && *s != '~'; s++) {
		if (*s == '.')
			dots++;
		else if (!isdigit((unsigned char)*s))
			return false;
	}
	return dots > 0;
}

/* Whether a value is only a reference such as $DB_PASSWORD or ${X}. */
static bool reference_value(const char *s)
{
	size_t n = strlen(s);

	if (s[0] != '$' || n < 2)
		return false;
	if (s[1] == '{')
		return s[n - 1] == '}' && !strchr(s + 2, '$');
	for (size_t i = 1; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

/*
 * Whether `s` contains a URL whose userinfo has a literal password, as in
 * "https://deploy:tok@example.com/app.tgz". A password that is only a
 * reference ("${TOKEN}") is none.
 */
static bool url_with_password(const char *s)
{
	for (const char *p = strstr(s, "://"); p; p = strstr(p + 3, "://")) {
		const char *auth = p + 3;
		size_t n = strcspn(auth, "/?# \t\"'`<>");
		const char *at = NULL, *colon;

		for (size_t i = 0; i < n; i++)
			if (auth[i] == '@')
				at = auth + i;
		if (!at)
			continue;
		colon = memchr(auth, ':', (size_t)(at - auth));
		if (colon && colon + 1 < at && colon[1] != '$')
			return true;
	}
	return false;
}

/* Whether a value written for `name` is a literal credential. */
static bool literal_secret(const char *name, const char *value)
{
	static const char *const flags[] = {"true", "false", "yes", "no"};

	if (!value || !*value || !credential_name(name))
		return false;
	if (version_value(value) || reference_value(value))
		return false;
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (str_ieq(value, flags[i]))
			return false;
	return true;
}

/* 5: the most variable names listed in one evidence line. */
#define SECRETS_SHOWN_MAX 5

/* 48 bytes: the longest variable name shown; longer ones are cut. */
#define SECRET_NAME_SHOWN_MAX 48

struct secret_findings {
	struct verdict *v;
	const struct image *img;
	size_t count;
	char first_names[SECRETS_SHOWN_MAX][SECRET_NAME_SHOWN_MAX];
	bool have_loc;
};

/* Records a finding unless the same name was already listed. */
static void finding_add(struct secret_findings *f, const char *name,
			size_t name_len, const char *where,
			const struct location *loc)
{
	char shown[SECRET_NAME_SHOWN_MAX];
	size_t n = name_len < sizeof(shown) - 1 ? name_len : sizeof(shown) - 1;

	memcpy(shown, name, n);
	shown[n] = '\0';
	for (size_t i = 0; i < f->count && i < SECRETS_SHOWN_MAX; i++)
		if (str_eq(f->first_names[i], shown))
			return;
	if (f->count < SECRETS_SHOWN_MAX) {
		snprintf(f->first_names[f->count], SECRET_NAME_SHOWN_MAX, "%s",
			 shown);
		buf_puts(f->v->evidence, f->count ? ", " : "");
		evidence_append(f->v->evidence, shown, SECRET_NAME_SHOWN_MAX);
		buf_printf(f->v->evidence, " (%s)", where);
	}
	f->count++;
	if (!f->have_loc && loc && loc->line) {
		f->v->loc = *loc;
		f->have_loc = true;
	}
}

static void kv_check(struct secret_findings *f, const struct kv *kv,
		     const char *where)
{
	if (literal_secret(kv->name, kv->value) ||
	    (kv->value && url_with_password(kv->value)))
		finding_add(f, kv->name, strlen(kv->name), where, &kv->loc);
}

/* 256 bytes: the longest value read from one history assignment. */
#define HISTORY_VALUE_MAX 256

/*
 * Checks the NAME=value words of `s`: ENV and ARG arguments, or the build
 * arguments the legacy builder writes before a RUN command. Reads at most
 * `limit` words; values end at the next space, as the builder prints them.
 */
static void assignments_check(struct secret_findings *f, const char *s,
			      size_t limit, const char *where,
			      const struct location *loc)
{
	char value[HISTORY_VALUE_MAX];

	for (size_t words = 0; *s && words < limit; words++) {
		const char *end = s + strcspn(s, " \t");
		const char *eq = memchr(s, '=', (size_t)(end - s));

		if (eq && eq > s) {
			size_t n = (size_t)(end - eq - 1);
			char name[NAME_PARTS_MAX * NAME_PART_MAX];
			size_t name_len = (size_t)(eq - s);

			if (n >= sizeof(value))
				n = sizeof(value) - 1;
			memcpy(value, eq + 1, n);
			value[n] = '\0';
			if (name_len >= sizeof(name))
				name_len = sizeof(name) - 1;
			memcpy(name, s, name_len);
			name[name_len] = '\0';
			/* Quotes around a value are the Dockerfile's. */
			if (n >= 2 && (value[0] == '"' || value[0] == '\'') &&
			    value[n - 1] == value[0]) {
				memmove(value, value + 1, n - 2);
				value[n - 2] = '\0';
			}
			if (literal_secret(name, value))
				finding_add(f, name, name_len, where, loc);
		}
		s = end;
		while (*s == ' ' || *s == '\t')
			s++;
	}
}

/* Checks the old "ENV NAME value with spaces" form. */
static void env_legacy_check(struct secret_findings *f, const char *args,
			     const char *where, const struct location *loc)
{
	size_t name_len = strcspn(args, " \t");
	char name[NAME_PARTS_MAX * NAME_PART_MAX];
	const char *value = args + name_len;

	while (*value == ' ' || *value == '\t')
		value++;
	if (name_len >= sizeof(name))
		name_len = sizeof(name) - 1;
	memcpy(name, args, name_len);
	name[name_len] = '\0';
	if (literal_secret(name, value))
		finding_add(f, name, name_len, where, loc);
}

static const char *instruction_name(enum instruction ins)
{
	switch (ins) {
	case INS_RUN:
		return "RUN";
	case INS_ADD:
		return "ADD";
	case INS_COPY:
		return "COPY";
	case INS_FROM:
		return "FROM";
	case INS_ENV:
		return "ENV";
	case INS_ARG:
		return "ARG";
	default:
		return "instruction";
	}
}

/* Checks one history entry: a URL with a password in any instruction,
 * then ENV, ARG, or RUN with build arguments. */
static void history_check(struct secret_findings *f, size_t step)
{
	const struct history_entry *e = &f->img->history[step];
	const char *args;
	enum instruction ins = history_instruction(e->created_by, &args);
	char where[64];
	int64_t n;

	/* ADD https://user:token@host/... and RUN curl of such a URL keep
	 * the password in the history. */
	if (url_with_password(args)) {
		snprintf(where, sizeof(where), "history step %zu: %s", step + 1,
			 instruction_name(ins));
		finding_add(f, where, strlen(where), "URL with a password",
			    &e->loc);
	}
	if (ins == INS_ENV || ins == INS_ARG) {
		snprintf(where, sizeof(where), "history step %zu: %s", step + 1,
			 ins == INS_ENV ? "ENV" : "ARG");
		if (ins == INS_ENV && !memchr(args, '=', strcspn(args, " \t")))
			env_legacy_check(f, args, where, &e->loc);
		else
			assignments_check(f, args, SIZE_MAX, where, &e->loc);
		return;
	}
	if (ins != INS_RUN)
		return;
	/* Both builders write build arguments first: "|1 A=b /bin/sh -c". */
	if (args[0] != '|')
		return;
	{
		size_t digits = strspn(args + 1, "0123456789");
		char count[8];

		if (!digits || digits >= sizeof(count))
			return;
		memcpy(count, args + 1, digits);
		count[digits] = '\0';
		if (parse_int64(count, 0, 4096, &n) != 0)
			return;
		snprintf(where, sizeof(where),
			 "history step %zu: RUN build argument", step + 1);
		args += 1 + digits;
		while (*args == ' ')
			args++;
		assignments_check(f, args, (size_t)n, where, &e->loc);
	}
}

void image_secrets_check(const struct image *img, struct verdict *v)
{
	struct secret_findings f = {.v = v, .img = img};
	const char *env_where =
	    img->origin == ORIGIN_DOCKERFILE ? "ENV" : "Config.Env";

	verdict_begin(v, ST_FAIL);
	buf_puts(v->evidence, "credential-like variables or URLs with literal "
			      "values (values redacted): ");
	for (size_t i = 0; i < img->n_env; i++)
		kv_check(&f, &img->env[i], env_where);
	for (size_t i = 0; i < img->n_args; i++)
		kv_check(&f, &img->args[i], "ARG");
	for (size_t i = 0; i < img->n_history; i++)
		history_check(&f, i);

	if (f.count > SECRETS_SHOWN_MAX)
		buf_printf(v->evidence, " and %zu more",
			   f.count - SECRETS_SHOWN_MAX);
	if (f.count)
		return;
	verdict_set(v, ST_PASS, CF_NONE,
		    "no credential-like variable with a literal value in %s "
		    "or in the %zu history step%s",
		    env_where, img->n_history, img->n_history == 1 ? "" : "s");
}
