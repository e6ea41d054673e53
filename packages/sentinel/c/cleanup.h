/*
 * Killing the tree, so that nothing a fixture started outlives its run.
 *
 *   freeze:  walk, SIGSTOP every live process not stopped yet; repeat until a walk finds none new.
 *            Once SIGSTOP is queued, a fork in that process either completed already (the child is
 *            on its parent's children list, so the next walk sees it) or fails with the signal
 *            pending, so a stopped tree cannot grow behind our back.
 *   term:    SIGTERM then SIGCONT to each, and wait up to TERM_MS for them to exit (the poll loop
 *            keeps reaping and sampling meanwhile).
 *   kill:    walk, SIGKILL every live process; repeat until none is alive.
 *   drain:   wait for the zombies to be reaped: orphans come to the sentinel and it reaps them.
 * Then "clean". TERM_MS = 0 (also "quit" and a lost runner) goes straight to kill.
 * Every signal goes through track_signal (pidfd or start-time check) and is reported.
 */
#ifndef PROCLIFE_CLEANUP_H
#define PROCLIFE_CLEANUP_H

#include <stdbool.h>
#include <stdint.h>

void cleanup_start(long term_ms);
/* "quit": kill what is alive, then bye; bye at once if nothing is. */
void cleanup_quit(void);
/* One step per loop iteration. */
void cleanup_step(void);
/* When the loop must wake up for the next step, in ns since t0 (INT64_MAX: no need). */
int64_t cleanup_wake_ns(void);
bool cleanup_active(void);

#endif
