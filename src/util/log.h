/* Logging to stderr for the command-line layer and the watch service. */
#ifndef SW_LOG_H
#define SW_LOG_H

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Messages above this level are dropped; LOG_WARN by default. */
void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* Prefixes each line with an ISO 8601 UTC timestamp (for `watch`). */
void log_set_timestamps(int on);

void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
