/* Records of the watch fixtures, for the store, diff and API tests. */
#ifndef SW_WATCH_FIXTURE_H
#define SW_WATCH_FIXTURE_H

#include "assess/record.h"

#define WATCH_BEFORE FIXTURES "/watch/before.snapshot.json"
#define WATCH_AFTER  FIXTURES "/watch/after.snapshot.json"
#define WATCH_EVENTS FIXTURES "/watch/events.jsonl"

/* Assesses a snapshot file; returns its record or NULL after a message. */
struct assessment_record *fixture_record(const char *snapshot_path);

/* Returns the finding of `rule` on the object named `name`, or NULL. */
const struct finding *fixture_finding(const struct host_record *h,
				      const char *rule, const char *name);

/* Creates a fresh temporary directory; the caller removes it. */
char *fixture_tmpdir(void);
void fixture_rmdir(char *dir);

#endif
