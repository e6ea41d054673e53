/*
 * Sampling the subtree.
 *
 * A full walk reads /proc/PID/task/TID/children from the sentinel down and the stat of every
 * process on the way (one pread each of kept-open fds), and turns differences with the record into
 * events: spawn, exec, reparent, state, and exits/reaps that no notification reported.
 *
 * Between full walks only new processes need finding, and every new process takes a new pid. So each
 * interval reads the last allocated pid from /proc/loadavg: unchanged, there is nothing new; moved by
 * a few, those few pids are probed directly (is its parent one of ours?); moved by more than the
 * tree is large, a full walk is cheaper. A full walk runs at least every --full-every intervals
 * anyway, for what allocates no pid: exec, rename, stop/continue, and re-parenting we could not
 * attribute to an exit we were told about.
 */
#ifndef PROCLIFE_WALK_H
#define PROCLIFE_WALK_H

#include <stddef.h>
#include <sys/types.h>

/* A full walk now (checkpoints, snapshots, cleanup, and the sampler). */
void walk(void);

/* One sampling interval (see above). */
void sample(void);

/* After the exits in dead[]: the kernel has already re-parented their children. Records each move
 * exactly, and starts tracking children the sentinel adopted before any walk saw them. */
void adopt_after_exits(const pid_t *dead, size_t n);

#endif
