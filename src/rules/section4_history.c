/* History entries and the package-manager commands of RUN steps. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "rules/section4.h"
#include "util/strutil.h"

static const struct {
	const char *name;
	enum instruction ins;
} instructions[] = {
    {"RUN", INS_RUN}, {"ENV", INS_ENV},	  {"ARG", INS_ARG},
    {"ADD", INS_ADD}, {"COPY", INS_COPY}, {"FROM", INS_FROM},
};

static const char *skip_spaces(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Reads a leading instruction keyword such as "ENV" in any case. */
static enum instruction keyword_parse(const char *s, const char **args)
{
	for (size_t i = 0; i < sizeof(instructions) / sizeof(instructions[0]);
	     i++) {
		size_t n = strlen(instructions[i].name);

		if (strncasecmp(s, instructions[i].name, n) == 0 &&
		    (s[n] == ' ' || s[n] == '\t' || s[n] == '\0')) {
			*args = skip_spaces(s + n);
			return instructions[i].ins;
		}
	}
	*args = s;
	return INS_OTHER;
}

enum instruction history_instruction(const char *created_by, const char **args)
{
	static const char shell[] = "/bin/sh -c ";
	const char *s = skip_spaces(created_by ? created_by : "");

	*args = s;
	if (!*s)
		return INS_OTHER;
	/* The legacy builder prefixes RUN lines with the build arguments. */
	if (s[0] == '|')
		return INS_RUN;
	if (strncmp(s, shell, sizeof(shell) - 1) == 0) {
		s = skip_spaces(s + sizeof(shell) - 1);
		if (strncmp(s, "#(nop)", 6) != 0) {
			*args = s;
			return INS_RUN;
		}
		return keyword_parse(skip_spaces(s + 6), args);
	}
	return keyword_parse(s, args);
}

enum manager {
	PM_NONE,
	PM_APT, /* apt-get, apt, aptitude */
	PM_APK,
	PM_YUM, /* yum, dnf, microdnf, tdnf */
	PM_ZYPPER,
	PM_PACMAN,
};

static const struct {
	const char *name;
	enum manager pm;
} managers[] = {
    {"apt-get", PM_APT},   {"apt", PM_APT},  {"aptitude", PM_APT},
    {"apk", PM_APK},	   {"yum", PM_YUM},  {"dnf", PM_YUM},
    {"microdnf", PM_YUM},  {"tdnf", PM_YUM}, {"zypper", PM_ZYPPER},
    {"pacman", PM_PACMAN},
};

/* Subcommands that refresh the package index, and ones that install. */
static const struct {
	enum manager pm;
	const char *word;
	bool install; /* false: refreshes the index only */
} subcommands[] = {
    {PM_APT, "update", false},
    {PM_APT, "install", true},
    {PM_APT, "upgrade", true},
    {PM_APT, "dist-upgrade", true},
    {PM_APT, "full-upgrade", true},
    {PM_APT, "reinstall", true},
    {PM_APT, "build-dep", true},
    {PM_APT, "safe-upgrade", true},
    {PM_APK, "update", false},
    {PM_APK, "add", true},
    {PM_APK, "upgrade", true},
    {PM_APK, "fix", true},
    {PM_YUM, "makecache", false},
    {PM_YUM, "install", true},
    /* yum update upgrades packages; it is no index-only refresh. */
    {PM_YUM, "update", true},
    {PM_YUM, "upgrade", true},
    {PM_YUM, "reinstall", true},
    {PM_YUM, "groupinstall", true},
    {PM_YUM, "localinstall", true},
    {PM_YUM, "distro-sync", true},
    {PM_ZYPPER, "refresh", false},
    {PM_ZYPPER, "ref", false},
    {PM_ZYPPER, "install", true},
    {PM_ZYPPER, "in", true},
    {PM_ZYPPER, "update", true},
    {PM_ZYPPER, "up", true},
    {PM_ZYPPER, "dist-upgrade", true},
    {PM_ZYPPER, "dup", true},
    {PM_ZYPPER, "patch", true},
};

/* 64 bytes: longer words are cut; no command name comes near it. */
#define SCAN_WORD_MAX 64

/* The state of one simple command while its words are read. */
struct command_scan {
	struct package_steps *out;
	enum manager pm;
	bool done;	  /* the subcommand was seen */
	bool skip_next;	  /* the previous word was an option taking a value */
	bool pacman_sync; /* pacman -S seen; package names install */
};

static void index_update_note(struct command_scan *c, const char *command)
{
	if (c->out->updates_index)
		return;
	c->out->updates_index = true;
	snprintf(c->out->update_command, sizeof(c->out->update_command), "%s",
		 command);
}

static void pacman_option(struct command_scan *c, const char *word)
{
	if (strncmp(word, "-S", 2) != 0)
		return;
	c->pacman_sync = true;
	if (strchr(word, 'y'))
		index_update_note(c, "pacman -Sy");
	if (strchr(word, 'u'))
		c->out->installs = true;
}

static void subcommand_apply(struct command_scan *c, const char *mgr,
			     const char *word)
{
	char command[sizeof(c->out->update_command)];

	c->done = true;
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]);
	     i++) {
		if (subcommands[i].pm != c->pm ||
		    !str_eq(subcommands[i].word, word))
			continue;
		if (subcommands[i].install) {
			c->out->installs = true;
		} else {
			snprintf(command, sizeof(command), "%.15s %.31s", mgr,
				 word);
			index_update_note(c, command);
		}
		return;
	}
}

static void word_apply(struct command_scan *c, const char *word, char *mgr,
		       size_t mgr_size)
{
	const char *base = strrchr(word, '/');

	base = base ? base + 1 : word;
	if (c->pm == PM_NONE) {
		for (size_t i = 0; i < sizeof(managers) / sizeof(managers[0]);
		     i++) {
			if (str_eq(managers[i].name, base)) {
				c->pm = managers[i].pm;
				snprintf(mgr, mgr_size, "%.15s", base);
				return;
			}
		}
		return;
	}
	if (c->pm == PM_PACMAN) {
		if (word[0] == '-')
			pacman_option(c, word);
		else if (c->pacman_sync)
			c->out->installs = true;
		return;
	}
	if (c->done)
		return;
	if (c->skip_next) {
		c->skip_next = false;
		return;
	}
	if (word[0] == '-') {
		/* apt's -o, -c and -t and yum's -c take the next word. */
		c->skip_next = str_eq(word, "-o") || str_eq(word, "-c") ||
			       str_eq(word, "-t");
		return;
	}
	subcommand_apply(c, mgr, word);
}

static bool is_separator(char ch)
{
	return strchr(";&|\n(){}`", ch) != NULL;
}

static bool is_word_break(char ch)
{
	return isspace((unsigned char)ch) || strchr("\"'\\[],", ch) != NULL;
}

void package_steps_scan(const char *command, struct package_steps *out)
{
	struct command_scan c = {.out = out};
	char word[SCAN_WORD_MAX], mgr[16] = "";
	size_t len = 0;

	memset(out, 0, sizeof(*out));
	for (const char *p = command;; p++) {
		bool end = *p == '\0';

		if (end || is_separator(*p) || is_word_break(*p)) {
			if (len) {
				word[len] = '\0';
				word_apply(&c, word, mgr, sizeof(mgr));
				len = 0;
			}
			if (end)
				break;
			if (is_separator(*p))
				c = (struct command_scan){.out = out};
			continue;
		}
		if (len < sizeof(word) - 1)
			word[len++] = *p;
	}
}
