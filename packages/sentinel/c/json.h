/*
 * JSON lines on fd 1. One event is built in a private buffer and written with write(2) as a whole
 * line, so the runner never sees half an event and every event is flushed when it happens.
 *
 * Usage: jb_begin("exit"); jb_int("pid", 12); ...; jb_end();
 * Keys are NULL inside arrays.
 */
#ifndef PROCLIFE_JSON_H
#define PROCLIFE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Starts an event: {"ev":EV,"t":<ms since start, 3 decimals>. */
void jb_begin(const char *ev);
void jb_str(const char *key, const char *s);
/* Any bytes: valid UTF-8 is copied, control characters are escaped, other bytes become \u00XX. */
void jb_strn(const char *key, const char *s, size_t n);
void jb_int(const char *key, long long v);
void jb_uint(const char *key, unsigned long long v);
void jb_bool(const char *key, bool v);
void jb_null(const char *key);
/* A duration in ns, written as milliseconds with three decimals. */
void jb_ms(const char *key, int64_t ns);
void jb_obj(const char *key);
void jb_obj_end(void);
void jb_arr(const char *key);
void jb_arr_end(void);
/* Closes the event and writes the line. A failed write (the runner is gone) sets g.runner_gone. */
void jb_end(void);

#endif
