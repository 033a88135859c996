/*
 * Lookups in the effective daemon configuration (`struct daemon`'s
 * settings), which host collection fills from daemon.json, the dockerd
 * command line and dockerd's defaults. Values are kept as JSON text.
 */
#ifndef SW_DAEMON_SETTINGS_H
#define SW_DAEMON_SETTINGS_H

#include <jansson.h>
#include <stdbool.h>

#include "model/model.h"
#include "util/buf.h"

/* Returns the setting with this daemon.json key, or NULL when absent. */
const struct daemon_setting *daemon_setting_find(const struct daemon *d,
						 const char *name);

/*
 * Parses the setting's value. Text that is not JSON (a flag value copied
 * as it was typed, such as `info`) becomes a JSON string. Returns a new
 * reference, or NULL when out of memory.
 */
json_t *daemon_setting_json(const struct daemon_setting *s);

/*
 * Stores the value as a boolean in `*out`: JSON true or false, or the
 * strings "true" and "false" as dockerd's flags accept them. Returns 0, or
 * SW_EINVAL when the value is anything else.
 */
int daemon_setting_bool(const struct daemon_setting *s, bool *out);

/*
 * Appends the value for evidence: a JSON string without its quotes, any
 * other value as its compact JSON text, cut after `max` bytes.
 */
int daemon_setting_format(const struct daemon_setting *s, struct buf *out,
			  size_t max);

#endif
