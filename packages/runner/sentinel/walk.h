/*
 * Sampling the subtree. A walk reads /proc/PID/task/TID/children from the sentinel down, stat-ing
 * every process on the way (one pread of a kept-open fd for known ones), and turns differences with
 * the record into events.
 */
#ifndef PROCLIFE_WALK_H
#define PROCLIFE_WALK_H

#include <stddef.h>
#include <sys/types.h>

/* A full walk now (checkpoints, snapshots, cleanup, and the sampler). */
void walk(void);

/*
 * One sampling interval. Walks only if a pid was allocated anywhere since the last walk (the last
 * field of /proc/loadavg moved) or if --full-every intervals passed without a walk; otherwise only
 * re-reads the stat of exited processes, to see their parent reap them.
 */
void sample(void);

/* After the exits in dead[]: the kernel has already re-parented their children. Records each move
 * exactly, and starts tracking children the sentinel adopted before any walk saw them. */
void adopt_after_exits(const pid_t *dead, size_t n);

#endif
