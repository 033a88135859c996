#include "util/timefmt.h"

void format_rfc3339(time_t t, char out[RFC3339_SIZE])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	if (strftime(out, RFC3339_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		out[0] = '\0';
}
