/* Timestamps as reports and snapshots write them. */
#ifndef SW_TIMEFMT_H
#define SW_TIMEFMT_H

#include <time.h>

/* "2026-12-04T13:56:21Z" and its terminating NUL. */
#define RFC3339_SIZE 21

/* Writes `t` as an RFC 3339 UTC timestamp with one-second precision. */
void format_rfc3339(time_t t, char out[RFC3339_SIZE]);

#endif
