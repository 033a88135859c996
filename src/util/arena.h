/* Region allocator: many small allocations freed together. */
#ifndef SW_ARENA_H
#define SW_ARENA_H

#include <stddef.h>

struct arena_block;

/*
 * Every allocation lives until arena_clear(). The model uses one arena per
 * snapshot, so normalizers copy strings in and nobody frees them one by one.
 * Allocation failure returns NULL; callers treat it as SW_ENOMEM.
 */
struct arena {
	struct arena_block *head;
	size_t used; /* bytes handed out, for the memory benchmark */
};

#define ARENA_INIT {0}

void *arena_alloc(struct arena *a, size_t size);
void *arena_calloc(struct arena *a, size_t count, size_t size);
/* Copies `s` into the arena; NULL stays NULL. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void arena_clear(struct arena *a);

#endif
