/* Growable byte buffer with a per-use maximum size. */
#ifndef SW_BUF_H
#define SW_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * The buffer keeps its content NUL-terminated. Appends that would grow it past
 * `max` bytes fail with SW_ELIMIT and leave the content as it was, so nothing
 * an engine or a file sends can make it grow without bound.
 */
struct buf {
	char *data; /* NULL until the first append */
	size_t len;
	size_t cap;
	size_t max; /* 0 means BUF_DEFAULT_MAX */
	bool failed; /* set once an append failed */
};

/* 64 MiB: the default ceiling for one buffer. */
#define BUF_DEFAULT_MAX ((size_t)64 << 20)

#define BUF_INIT {0}

void buf_init(struct buf *b, size_t max);
/* Frees the content and resets the buffer; the maximum is kept. */
void buf_clear(struct buf *b);
/* Empties the buffer without freeing its memory. */
void buf_reset(struct buf *b);
int buf_append(struct buf *b, const void *data, size_t len);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Returns the content, "" when empty; never NULL. */
const char *buf_str(const struct buf *b);
/* Hands the content to the caller, who frees it; the buffer is left empty. */
char *buf_steal(struct buf *b);

#endif
