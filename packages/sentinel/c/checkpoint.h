/*
 * The checkpoint socket: a listening Unix stream socket. A fixture process connects and writes
 * "NAME\n"; the sentinel learns who called (SO_PEERCRED), walks the tree right away, emits
 * "checkpoint" with the fresh tree, and answers "ok\n" - at once, or, if the runner holds NAME, when
 * the runner releases it. The caller blocks until then, so the tree it is told about is exact.
 * Everything is non-blocking with a buffer per client: many callers at once are fine.
 */
#ifndef PROCLIFE_CHECKPOINT_H
#define PROCLIFE_CHECKPOINT_H

#include "loop.h"

/* Creates, binds (owner-only: mode 0700), listens, registers with the loop. Returns 0 or -errno. */
int checkpoint_listen(const char *path);

/* The listener or a client is ready. */
void checkpoint_event(const struct loop_event *e);

void checkpoint_hold(const char *name);
/* Replies to every caller waiting on NAME and stops holding it. Returns how many were waiting. */
int checkpoint_release(const char *name);

/* Closes every socket and removes the socket file. */
void checkpoint_shutdown(void);

#endif
