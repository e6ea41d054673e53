/*
 * The exit gate (exact capture): every traced process stops just before it exits
 * (PTRACE_EVENT_EXIT), and the gate decides when it may go on.
 *
 * A process's exit and its parent's death race in the kernel (exit_notify, under tasklist_lock):
 * whichever comes first decides whether the child dies a zombie of its parent or an orphan of the
 * reaper, and a sentinel that reads /proc afterwards may find both dead and not know the order. So
 * a process whose parent or child is on its way out (let through, its exit not yet reported) waits
 * until the kernel has reported that exit; then each of the two is recorded in the kernel's own
 * order, with the parent it really had, and the state of each child when its parent died (still
 * running, or already a zombie) is what the record says.
 *
 * Exits that cannot race that way (siblings, strangers) go at once, together: their order is the
 * order in which the kernel reports them, and a storm of 300 simultaneous exits costs one wakeup
 * each instead of one round trip through the scheduler each. Threads are never held: a process's
 * exit may wait for its threads.
 */
#ifndef PROCLIFE_EXITS_H
#define PROCLIFE_EXITS_H

#include <stdint.h>
#include <sys/types.h>

/* A tracked process (a thread group leader) at its PTRACE_EVENT_EXIT stop: let through or held. */
void exits_stopped(pid_t pid);

/* pid's exit (or death) has been reported: lets through every held exit that no longer waits. */
void exits_done(pid_t pid);

/*
 * Liveness, not order: a process whose exit waits for long-lived threads (its leader called
 * pthread_exit) would hold its parent's and children's exits back. Past half a second those go,
 * and the order of the two exits is no longer guaranteed. Called at each trace_wait.
 */
void exits_tick(void);

/*
 * When exits_tick next has something to do (INT64_MAX: nothing is held): a traced tree has no
 * timer, so the loop wakes for it (main.c), or a held exit would wait for the next event.
 */
int64_t exits_wake_ns(void);

#endif
