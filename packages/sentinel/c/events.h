/*
 * Every event the sentinel emits, one function each: this file is the protocol (docs/sentinel.md
 * and packages/report/src/protocol/event-types.ts describe the same shapes).
 *
 * Statuses are wait(2) statuses rendered Node-style: {"code":N|null,"signal":"SIGX"|null,"core":bool}.
 * "exact": true means the event comes from a kernel notification (pidfd readiness, SIGCHLD + waitid),
 * so its "t" is the moment the sentinel was told, within the poll loop's latency; false means a
 * periodic sample noticed it, so it happened at some point since the previous sample.
 */
#ifndef PROCLIFE_EVENTS_H
#define PROCLIFE_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "table.h"

void ev_hello(void);
void ev_spawn(const struct proc *p, const char *argv, size_t argv_len, bool argv_truncated, bool late, bool exact);
void ev_exec(const struct proc *p, const char *from_comm, size_t from_len, const char *argv, size_t argv_len,
             bool argv_truncated, bool renamed, bool exact);
void ev_reparent(const struct proc *p, pid_t from, pid_t to, bool exact, bool alive);
/* sig: the signal that stopped it (a traced group-stop) or SIGCONT (a traced continue), or 0 when
 * not known (sampled). */
void ev_state(const struct proc *p, char from, char to, int sig);
void ev_exit(const struct proc *p, int status, bool exact, pid_t ppid);
void ev_reap(const struct proc *p, const char *by, int status, bool exact);
void ev_root_exit(const struct proc *p, int status);
void ev_spawn_error(pid_t pid, int err);
void ev_checkpoint(const char *name, pid_t caller, const struct proc *caller_proc);
void ev_snapshot(const char *id);
void ev_hold(const char *name);
void ev_release(const char *name, int released);
void ev_signal(const struct proc *p, int sig, const char *reason);
/* p is in another process group or session than last seen (pgid, sid); exact: caught at the
 * syscall's return (seccomp.h), not by a sample or an exec. */
void ev_group(const struct proc *p, bool exact);
/* A signal sent to p's whole process group (pgid) at the runner's request. */
void ev_signal_group(const struct proc *p, int sig, pid_t pgid);
/* "type HEX" wrote these n bytes into the terminal (pty.c). */
void ev_typed(const char *bytes, size_t n);
/* The terminal's foreground process group is now pgid (0: none). Read, not caught: sampled. */
void ev_foreground(pid_t pgid, bool exact);
void ev_error(const char *message, const char *command);
void ev_clean(void);
void ev_bye(void);

#endif
