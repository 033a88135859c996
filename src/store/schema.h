/* The SQLite schema of the history store and its migrations. */
#ifndef SW_STORE_SCHEMA_H
#define SW_STORE_SCHEMA_H

#include <sqlite3.h>

#include "util/buf.h"

/*
 * Brings the database to STORE_SCHEMA_VERSION, one migration per
 * transaction, recording each version in PRAGMA user_version. A database
 * newer than this build fails with SW_EINVAL and a message in `err`.
 */
int schema_migrate(sqlite3 *db, struct buf *err);

/* Reads PRAGMA user_version. */
int schema_version(sqlite3 *db, int *version, struct buf *err);

#endif
