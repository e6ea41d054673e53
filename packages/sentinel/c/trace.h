/*
 * Exact capture: the sentinel traces the fixture's tree as `strace -f` does, so every fork, exec
 * and exit is reported by the kernel itself, however short-lived the process.
 *
 * - The root is seized (PTRACE_SEIZE) between its fork and its exec, with TRACEFORK | TRACEVFORK |
 *   TRACECLONE (every new task is traced from its first instruction), TRACEEXEC, and EXITKILL: if
 *   the sentinel dies, the kernel SIGKILLs every tracee, so nothing of the run survives it.
 * - Nothing is traced but those events: no PTRACE_SYSCALL, so a tracee that only computes never
 *   stops. Each event costs a few context switches.
 * - Where the kernel refuses (the sentinel's child is traced already, Yama ptrace_scope 3, a
 *   seccomp policy) or --no-trace is given, the run samples as before and "hello" says why.
 *
 * Every signal path, and why it is safe, is explained in trace.c.
 */
#ifndef PROCLIFE_TRACE_H
#define PROCLIFE_TRACE_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * Seizes pid (the root, forked and waiting for the go-ahead to exec). Sets g.tracing, or leaves it
 * false and writes the reason into g.capture_reason. Never fails the run.
 */
void trace_seize(pid_t pid);

/*
 * Handles every pending ptrace stop and exit (called on SIGCHLD, and before each walk so that a
 * walk never races a birth the kernel has already reported): reports births, execs, exits and the
 * sentinel's own reaps, and resumes each stopped tracee the way it would have run untraced.
 */
void trace_wait(void);

/*
 * Whether a traced task is inside a trapped tcsetpgrp (between its entry and its return stop).
 * The terminal's foreground group may already be the new one then: it is read and reported,
 * exactly, at the return stop, not by a look on the way (pty.c).
 */
bool trace_foreground_call_pending(void);

#endif
