/*
 * Starting, updating and ending the record of one tracked process. Every event about a single
 * process goes through here, so the rules for identity and exactness live in one place.
 */
#ifndef PROCLIFE_TRACK_H
#define PROCLIFE_TRACK_H

#include <stdbool.h>
#include <sys/types.h>

#include "proc.h"
#include "table.h"

enum track_kind {
    TRACK_SAMPLED, /* found by a walk */
    TRACK_ROOT,    /* the fixture we forked: argv is the one we exec'd */
    TRACK_LATE,    /* first seen as a zombie the sentinel is about to reap (never sampled alive) */
    TRACK_TRACED,  /* reported by its parent's fork event: parent at birth and argv are exact */
};

/*
 * Starts tracking PID, whose stat (st) was read through statfd (ownership passes to the table).
 * Opens a pidfd and proves it refers to the same process, reads argv once, emits "spawn".
 * Returns NULL if the process vanished meanwhile.
 */
struct proc *track_new(pid_t pid, int statfd, const struct pstat *st, enum track_kind kind);

/* Discovers PID by reading /proc afresh; NULL if it is gone. */
struct proc *track_discover(pid_t pid);

/* Fresh stat of a tracked process. 0 if it is still in /proc (maybe a zombie), -ESRCH if gone. */
int track_refresh(struct proc *p, struct pstat *st);

/* Compares a fresh stat with the record: emits exec / reparent / state / exit (sampled). */
void track_update(struct proc *p, const struct pstat *st);

/* The process exec'd (st is fresh): emits "exec" with the new comm and argv. */
void track_exec(struct proc *p, const struct pstat *st, bool exact);

/*
 * At a traced process's exit stop (before exit_mm: its code and stack are still there): a comm
 * that changed without an exec (which the kernel would have reported) is a rename, prctl
 * PR_SET_NAME, that no walk saw. Recorded now, inexact (it happened earlier, when is unknown).
 * A traced tree has no periodic walk: this is where a rename that lasts until the exit is seen.
 */
void track_rename_before_exit(struct proc *p, const struct pstat *st);

/* The process has exited (pidfd readable, or seen as a zombie): emits "exit" once. */
void track_exited(struct proc *p, const struct pstat *st, bool exact);

/* Same, with a status already known (from waitpid). */
void track_set_exit(struct proc *p, int status, bool exact, pid_t ppid);

/* The process is gone from /proc and the sentinel did not reap it: its parent did.
 * Emits "exit" if still due, then "reap" by "parent", and drops it. */
void track_gone(struct proc *p);

/* A traced process (caller) has just returned from setpgid or setsid (trace.c, seccomp.h): re-reads
 * it and its children, the only processes the call can have moved, and emits "group" (exact) for
 * each change. */
void track_group_call(pid_t caller);

/* Sends sig only to the very process we track: pidfd_send_signal, or a start-time check then kill
 * without pidfds. Returns 0 or -errno. */
int track_signal(struct proc *p, int sig);

/* Not exited, not a zombie. */
bool track_alive(const struct proc *p);

#endif
