/*
 * Exits and reaps, from kernel notifications rather than samples.
 *
 * - A tracked process's pidfd turns readable (POLLIN) when it exits: its zombie's /proc/PID/stat
 *   still holds the wait status (field 52), so "exit" is exact even when someone else reaps it.
 *   POLLHUP (Linux >= 6.9) follows when its parent reaps it.
 * - SIGCHLD (through the signalfd) means one of the sentinel's own children - the root or an
 *   adopted orphan - is a zombie: the sentinel identifies it (waitid WNOWAIT, then its stat while it
 *   is still a zombie), then reaps it with waitpid and reports the exact status.
 */
#ifndef PROCLIFE_REAP_H
#define PROCLIFE_REAP_H

#include <stdint.h>

#include "loop.h"
#include "proc.h"
#include "table.h"

/* A tracked pidfd is ready (epoll events). Exits are appended to exited (for adopt_after_exits). */
void on_pidfd(struct proc *p, uint32_t events, struct pidvec *exited);

/* Handles the pidfd events of a batch, then the adoptions their exits caused. */
void on_pidfds(const struct loop_event *evs, int n);

/* SIGCHLD: reaps every zombie child the sentinel has, reporting each. */
void reap_children(void);

/* Handles every pidfd that is ready now (see reap.c), so that what a dying child did is recorded
 * before its own exit and reap. */
void reap_catch_up(void);

/* The sentinel has just reaped p (waitpid returned status): its exit, its reap, and for the root
 * root-exit; then p leaves the table. */
void reap_record(struct proc *p, int status);

#endif
