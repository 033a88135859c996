/*
 * Section 4, container images and build files. Each check runs on one
 * image: an engine image (inspect document and history) or a Dockerfile
 * stage, whose history entries are its instructions with their lines.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "rules/evidence.h"
#include "rules/section4.h"
#include "util/strutil.h"

static bool from_dockerfile(const struct image *img)
{
	return img->origin == ORIGIN_DOCKERFILE;
}

/* Points the verdict at a Dockerfile line when the entry has one. */
static void verdict_at(struct verdict *v, const struct location *loc)
{
	if (loc->line)
		v->loc = *loc;
}

/* Whether Config.User (or USER) leaves the container running as root. */
static bool user_is_root(const char *user)
{
	size_t n = strcspn(user, ":");
	int64_t uid;
	char name[16];

	if (n == 0)
		return true;
	if (n == 4 && strncmp(user, "root", 4) == 0)
		return true;
	if (n >= sizeof(name))
		return false;
	memcpy(name, user, n);
	name[n] = '\0';
	return parse_int64(name, 0, INT64_MAX, &uid) == 0 && uid == 0;
}

/* 4: the most containers named in one evidence line. */
#define OVERRIDES_SHOWN_MAX 4

/*
 * Fails 4.1 for an image whose own user is not root when an assessed
 * container of it runs as root anyway (docker run -u 0): the container's
 * Config.User, which the CIS audit reads, holds the override. A
 * Dockerfile stage has no containers.
 */
static void root_overrides_check(const struct target *t,
				 const struct image *img, struct verdict *v)
{
	size_t found = 0;

	for (size_t i = 0; i < t->n_containers; i++) {
		const struct container *c = &t->containers[i];

		bool uses = c->image_ref ? c->image_ref == img
					 : str_eq(c->image_id, img->id);

		if (c->origin != ORIGIN_ENGINE || !uses ||
		    !user_is_root(c->user))
			continue;
		if (!found++) {
			v->status = ST_FAIL;
			buf_puts(v->evidence, ", but containers of it run as "
					      "root: ");
		}
		if (found > OVERRIDES_SHOWN_MAX)
			continue;
		if (found > 1)
			buf_puts(v->evidence, ", ");
		evidence_append(v->evidence, c->name, EVIDENCE_VALUE_MAX);
		buf_puts(v->evidence, " (Config.User \"");
		evidence_append(v->evidence, c->user, EVIDENCE_VALUE_MAX);
		buf_puts(v->evidence, "\")");
	}
	if (found > OVERRIDES_SHOWN_MAX)
		buf_printf(v->evidence, " and %zu more",
			   found - OVERRIDES_SHOWN_MAX);
}

static void check_4_1(const struct target *t, const void *object,
		      struct verdict *v)
{
	const struct image *img = object;
	const char *field = from_dockerfile(img) ? "USER" : "Config.User";

	verdict_at(v, &img->user_loc);
	if (str_empty(img->user)) {
		if (from_dockerfile(img))
			verdict_fail(v, CF_USER,
				     "the stage has no USER instruction, so "
				     "containers run as root");
		else
			verdict_fail(v, CF_USER,
				     "Config.User is not set, so "
				     "containers run as root");
		return;
	}
	verdict_begin(v, user_is_root(img->user) ? ST_FAIL : ST_PASS);
	v->field = CF_USER;
	buf_printf(v->evidence, "%s is \"", field);
	evidence_append(v->evidence, img->user, EVIDENCE_VALUE_MAX);
	buf_puts(v->evidence,
		 user_is_root(img->user) ? "\", which is root" : "\"");
	if (v->status == ST_PASS)
		root_overrides_check(t, img, v);
}

static void check_4_2(const struct target *t, const void *object,
		      struct verdict *v)
{
	const struct image *img = object;
	const char *args = "";

	(void)t;
	bool from =
	    img->n_history &&
	    history_instruction(img->history[0].created_by, &args) == INS_FROM;

	verdict_manual(v, "verify that ");
	evidence_append(v->evidence, img->name, EVIDENCE_VALUE_MAX);
	if (from) {
		buf_puts(v->evidence, " and its base image ");
		evidence_redacted(v->evidence, args, EVIDENCE_VALUE_MAX);
		verdict_at(v, &img->history[0].loc);
	}
	buf_puts(v->evidence, from ? " come" : " comes");
	buf_puts(v->evidence, " from a registry and publisher you trust");
}

/*
 * Sets the manual verdict of a rule that only a person can decide, with
 * the rule's own description of what to verify.
 */
static void person_check(struct verdict *v, const char *id)
{
	const struct rule *r = rule_find(id);

	verdict_manual(v, "%s", r ? r->checks : id);
}

static void check_4_3(const struct target *t, const void *object,
		      struct verdict *v)
{
	(void)t;
	(void)object;
	person_check(v, "4.3");
}

static void check_4_4(const struct target *t, const void *object,
		      struct verdict *v)
{
	(void)t;
	(void)object;
	person_check(v, "4.4");
}

static void check_4_5(const struct target *t, const void *object,
		      struct verdict *v)
{
	(void)object;
	if (!t->host) {
		verdict_manual(v,
			       "needs host access: content trust is the "
			       "client setting DOCKER_CONTENT_TRUST=1, which "
			       "the engine API does not show; check the "
			       "environment of every docker client on the "
			       "host");
		return;
	}
	verdict_manual(v, "content trust is the client setting "
			  "DOCKER_CONTENT_TRUST=1: verify that the shells, "
			  "services and CI jobs that run docker on this host "
			  "set it");
}

/*
 * Returns the length of the health check's kind ("CMD", "CMD-SHELL"),
 * which is all the evidence shows: the command may hold credentials, as
 * in "curl -u admin:password".
 */
static int health_kind_len(const struct healthcheck *h)
{
	return (int)strcspn(h->test, " \t");
}

static void check_4_6(const struct target *t, const void *object,
		      struct verdict *v)
{
	const struct image *img = object;

	(void)t;
	verdict_at(v, &img->health_loc);
	if (!img->health.present)
		verdict_fail(v, CF_HEALTHCHECK,
			     from_dockerfile(img)
				 ? "the stage has no HEALTHCHECK "
				   "instruction"
				 : "Config.Healthcheck is not set");
	else if (img->health.disabled)
		verdict_fail(v, CF_HEALTHCHECK,
			     "the health check is turned off (HEALTHCHECK "
			     "NONE)");
	else if (from_dockerfile(img))
		verdict_pass(v, CF_HEALTHCHECK,
			     "the stage defines a health check (HEALTHCHECK "
			     "%.*s, line %u)",
			     health_kind_len(&img->health), img->health.test,
			     img->health_loc.line);
	else
		verdict_pass(v, CF_HEALTHCHECK,
			     "the image defines a health check "
			     "(Config.Healthcheck.Test is %.*s)",
			     health_kind_len(&img->health), img->health.test);
}

/* Whether the image's history can be read; sets a manual verdict if not. */
static bool history_available(const struct image *img, struct verdict *v)
{
	if (from_dockerfile(img) || img->history_status == PART_COLLECTED)
		return true;
	verdict_manual(v,
		       "the image history was not collected (%s); review "
		       "the Dockerfile instead",
		       part_status_name(img->history_status));
	return false;
}

static void check_4_7(const struct target *t, const void *object,
		      struct verdict *v)
{
	const struct image *img = object;
	size_t failing = 0;

	(void)t;
	if (!history_available(img, v))
		return;
	for (size_t i = 0; i < img->n_history; i++) {
		const struct history_entry *e = &img->history[i];
		struct package_steps steps;
		const char *args;

		if (history_instruction(e->created_by, &args) != INS_RUN)
			continue;
		package_steps_scan(args, &steps);
		if (!steps.updates_index || steps.installs)
			continue;
		if (failing++)
			continue;
		verdict_fail(
		    v, CF_NONE,
		    "history step %zu of %zu updates the package index "
		    "without installing in the same step: %s",
		    i + 1, img->n_history, steps.update_command);
		verdict_at(v, &e->loc);
	}
	if (failing > 1)
		buf_printf(v->evidence, " (and %zu more step%s)", failing - 1,
			   failing > 2 ? "s" : "");
	if (!failing)
		verdict_pass(v, CF_NONE,
			     "no history step updates a package index without "
			     "installing in the same step");
}

enum add_kind {
	ADD_ARCHIVE, /* a local tar archive: ADD's one use COPY lacks */
	ADD_BASE,    /* "file:<hash> in /": a base layer's archive */
	ADD_UNCLEAR, /* engine history cannot tell archive from file */
	ADD_PLAIN,   /* a local file or directory: COPY does the same */
	ADD_URL,     /* downloaded at build time */
};

static bool is_url(const char *s)
{
	return str_starts_with(s, "http://") ||
	       str_starts_with(s, "https://") || str_starts_with(s, "git@");
}

/* The legacy builder records a URL source as its bare content hash. */
static bool is_content_hash(const char *s, size_t n)
{
	if (n != 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* Whether a source name is an archive that ADD unpacks. */
static bool is_tar_name(const char *s, size_t n)
{
	static const char *const suffixes[] = {
	    ".tar",  ".tar.gz", ".tgz",	   ".tar.bz2",
	    ".tbz2", ".tbz",	".tar.xz", ".txz",
	};

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t m = strlen(suffixes[i]);

		if (n >= m && strncasecmp(s + n - m, suffixes[i], m) == 0)
			return true;
	}
	return false;
}

/* Classifies an engine history line: "file:<hash> in /app/". */
static enum add_kind add_engine_kind(const char *args)
{
	size_t n = strcspn(args, " ");
	const char *in = strstr(args, " in ");
	const char *dest = in ? in + 4 : "";

	if (is_url(args) || is_content_hash(args, n))
		return ADD_URL;
	if (str_starts_with(args, "dir:"))
		return ADD_PLAIN;
	if (str_starts_with(args, "file:") && strspn(dest, "/") == 1 &&
	    (dest[1] == '\0' || dest[1] == ' '))
		return ADD_BASE;
	return ADD_UNCLEAR;
}

/*
 * Classifies a Dockerfile or BuildKit ADD: the worst of its sources. The
 * last word is the destination; options start with "--".
 */
static enum add_kind add_source_kind(const char *args)
{
	enum add_kind worst = ADD_ARCHIVE;
	const char *words[32];
	size_t lens[32], n = 0;

	for (const char *p = args; *p && n < 32;) {
		size_t len;

		p += strspn(p, " \t[],\"");
		len = strcspn(p, " \t[],\"");
		if (!len)
			break;
		if (strncmp(p, "#", 1) == 0)
			break; /* BuildKit's trailing "# buildkit" */
		if (strncmp(p, "--", 2) != 0) {
			words[n] = p;
			lens[n++] = len;
		}
		p += len;
	}
	for (size_t i = 0; i + 1 < n; i++) {
		enum add_kind k = is_url(words[i])		   ? ADD_URL
				  : is_tar_name(words[i], lens[i]) ? ADD_ARCHIVE
								   : ADD_PLAIN;

		if (k > worst)
			worst = k;
	}
	return worst;
}

static void check_4_8(const struct target *t, const void *object,
		      struct verdict *v)
{
	(void)t;
	(void)object;
	person_check(v, "4.8");
}

static void check_4_9(const struct target *t, const void *object,
		      struct verdict *v)
{
	const struct image *img = object;
	size_t failing = 0, unclear = 0, archives = 0, bases = 0;
	bool buildkit;

	(void)t;
	if (!history_available(img, v))
		return;
	for (size_t i = 0; i < img->n_history; i++) {
		const struct history_entry *e = &img->history[i];
		const char *args;
		enum add_kind kind;

		if (history_instruction(e->created_by, &args) != INS_ADD)
			continue;
		buildkit = strstr(e->created_by, "# buildkit") != NULL;
		kind = from_dockerfile(img) || buildkit ? add_source_kind(args)
							: add_engine_kind(args);
		if (kind == ADD_BASE) {
			bases++;
			continue;
		}
		if (kind == ADD_ARCHIVE) {
			archives++;
			continue;
		}
		if (kind == ADD_UNCLEAR) {
			if (!failing && !unclear++) {
				verdict_manual(v, "history step %zu: ADD ",
					       i + 1);
				evidence_redacted(v->evidence, args,
						  EVIDENCE_VALUE_MAX);
				buf_puts(v->evidence,
					 "; the history does not show whether "
					 "the source was an archive (check the "
					 "Dockerfile: COPY is enough for a "
					 "plain file)");
			}
			continue;
		}
		if (failing++)
			continue;
		verdict_fail(v, CF_NONE, "history step %zu: ADD ", i + 1);
		evidence_redacted(v->evidence, args, EVIDENCE_VALUE_MAX);
		buf_puts(v->evidence, kind == ADD_URL
					  ? " downloads its source from a URL"
					  : " copies a local file or directory "
					    "that is not an archive");
		verdict_at(v, &e->loc);
	}
	if (failing > 1)
		buf_printf(v->evidence, " (and %zu more ADD step%s)",
			   failing - 1, failing > 2 ? "s" : "");
	if (failing || unclear)
		return;
	if (archives)
		verdict_pass(v, CF_NONE,
			     "ADD is used only to unpack local archives (%zu)",
			     archives);
	else if (bases)
		verdict_pass(v, CF_NONE,
			     "the only ADD unpacks the base layer's archive "
			     "(ADD file:<hash> in /)");
	else
		verdict_pass(v, CF_NONE, "no history step uses ADD");
}

static void check_4_10(const struct target *t, const void *object,
		       struct verdict *v)
{
	(void)t;
	image_secrets_check(object, v);
}

static void check_4_11(const struct target *t, const void *object,
		       struct verdict *v)
{
	(void)t;
	(void)object;
	person_check(v, "4.11");
}

static void check_4_12(const struct target *t, const void *object,
		       struct verdict *v)
{
	(void)t;
	(void)object;
	person_check(v, "4.12");
}

const struct rule_check section4_checks[] = {
    {"4.1", check_4_1},	  {"4.2", check_4_2},	{"4.3", check_4_3},
    {"4.4", check_4_4},	  {"4.5", check_4_5},	{"4.6", check_4_6},
    {"4.7", check_4_7},	  {"4.8", check_4_8},	{"4.9", check_4_9},
    {"4.10", check_4_10}, {"4.11", check_4_11}, {"4.12", check_4_12},
    {NULL, NULL},
};
