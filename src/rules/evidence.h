/* Helpers for building evidence lines from values an engine or file sent. */
#ifndef SW_EVIDENCE_H
#define SW_EVIDENCE_H

#include <stddef.h>

#include "rules/rule.h"
#include "util/buf.h"

/* 120 bytes: the longest engine-supplied value quoted in one evidence line. */
#define EVIDENCE_VALUE_MAX 120

/*
 * Appends at most `max` bytes of `s`, cut at a UTF-8 character boundary and
 * followed by "..." when cut. Escaping for the output format is left to the
 * reporters.
 */
int evidence_append(struct buf *out, const char *s, size_t max);

/* Appends like evidence_append, without trailing spaces of `s`. */
int evidence_trimmed(struct buf *out, const char *s, size_t max);

/*
 * Appends like evidence_trimmed, with the userinfo, the query and the
 * fragment of every URL in `s` replaced by "***": the userinfo
 * "deploy:tok@" before a URL's host shows as "***@", and a query
 * "?sig=x" as "?***". The whole text is redacted before
 * it is cut to `max` bytes, so a cut never leaves part of a secret. Use it
 * for every value that may quote a URL: ADD sources, base images, build
 * instructions. A credential in a URL's path is not recognized.
 */
int evidence_redacted(struct buf *out, const char *s, size_t max);

/*
 * Sets the status of `v` and empties its evidence, for checks that build
 * the evidence line in several appends.
 */
void verdict_begin(struct verdict *v, enum status s);

#endif
