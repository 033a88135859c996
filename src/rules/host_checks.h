/* Helpers for the checks that read host facts (sections 1 and 3). */
#ifndef SW_HOST_CHECKS_H
#define SW_HOST_CHECKS_H

#include <stdbool.h>

#include "model/host.h"
#include "rules/rule.h"

/*
 * Returns the host facts, or NULL after setting a manual verdict that
 * says how to give stridewatch host access to read `what`.
 */
const struct host_facts *host_checks_facts(const struct target *t,
					   struct verdict *v, const char *what);

/*
 * Whether a fact group was collected. Otherwise sets the verdict: error
 * when it could not be read (denied, failed), manual when not collected;
 * a group that does not exist on the host is left to the caller, which
 * gets false and `*not_present` set.
 */
bool host_checks_part(const struct host_part *p, struct verdict *v,
		      const char *what, bool *not_present);

/* Sets the status and empties the evidence, for evidence built in parts. */
void host_checks_begin(struct verdict *v, enum status s);

/* 120 bytes: the longest host-supplied value quoted in evidence. */
#define HOST_VALUE_MAX 120

/* Appends at most `max` bytes of `s`, cut at a UTF-8 boundary, then "...". */
void host_checks_append(struct buf *b, const char *s, size_t max);

/*
 * Returns the string value of a daemon setting as a new string the caller
 * frees, or NULL when the setting is absent or not a string.
 */
char *host_checks_setting(const struct target *t, const char *name);

#endif
