/* Small helpers shared by every part of the sentinel: clocks, diagnostics, memory. */
#ifndef PROCLIFE_UTIL_H
#define PROCLIFE_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Nanoseconds on the given clock. */
int64_t clock_ns(clockid_t clock);

/* Refreshes g.now_ns (ns since the sentinel started, CLOCK_MONOTONIC). Every event carries it as "t". */
void clock_tick(void);

/* One line of human-readable diagnostics on fd 2 ("proclife-sentinel: ..."). */
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Allocation that cannot fail: on exhaustion the sentinel says so and exits (its parent sees EOF). */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrndup(const char *s, size_t n);

/* Grows *buf (capacity *cap) to hold at least need bytes. */
void grow(void *bufp, size_t *cap, size_t need, size_t elem);

/* Writes all of buf, retrying on EINTR and short writes. Returns 0 or -errno. */
int write_all(int fd, const void *buf, size_t len);

/* Sets FD_CLOEXEC. Returns 0 or -errno. */
int set_cloexec(int fd);

#endif
