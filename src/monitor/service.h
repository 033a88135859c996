/*
 * The watch service: the top layer of `stridewatch watch`. It owns the
 * configuration, the store, the alert sinks, the HTTP API and one watcher
 * per target, and handles signals: SIGTERM and SIGINT stop it after the
 * current writes, SIGHUP reloads the configuration. This layer logs; the
 * modules below it return errors.
 */
#ifndef SW_SERVICE_H
#define SW_SERVICE_H

#include <stdbool.h>

/* How often the retention cut runs. */
#define SERVICE_PRUNE_INTERVAL_S 3600

/*
 * Runs the service with the configuration at `path` until it is told to
 * stop. Returns an exit code: 0 after a clean stop, 2 when the
 * configuration, the store or the listen address is unusable at start.
 */
int watch_service_run(const char *path);

#endif
