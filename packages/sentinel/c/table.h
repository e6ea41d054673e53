/*
 * The tracked processes: every process of the subtree the sentinel has seen and not yet seen gone.
 *
 * A process is keyed by (pid, start ticks); a pid maps to at most one live entry, because the kernel
 * cannot reuse a pid before the process that held it has been reaped, and we drop an entry as soon
 * as we learn it was reaped. Removed entries stay allocated until table_gc() at the end of the loop
 * iteration, so pointers taken earlier in the iteration stay valid (check ->dead).
 */
#ifndef PROCLIFE_TABLE_H
#define PROCLIFE_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "proc.h"

struct proc {
    pid_t pid;
    unsigned long long start;
    pid_t ppid;                 /* as last seen */
    pid_t pgid, sid;            /* process group and session, as last seen (fields 5 and 6) */
    char comm[COMM_MAX];
    size_t comm_len;
    char state;                 /* as last seen */
    long threads;
    unsigned long long startcode, startstack; /* exec fingerprint */
    int pidfd;                  /* -1 without pidfd support (or out of fds) */
    int statfd;                 /* kept-open /proc/PID/stat, -1 if none */
    int childfd;                /* kept-open /proc/PID/task/PID/children, -1 until first needed */
    unsigned gen;               /* walk generation that last saw it */
    int64_t seen_ns;            /* last time its stat was read successfully */
    bool root;
    bool launch_exec;           /* traced root: its first exec is the launch, not news */
    bool exited;                /* "exit" emitted */
    int status;                 /* wait status if known, -1 otherwise */
    bool dead;                  /* removed from the table; freed by table_gc() */
    bool sent_stop, sent_term, sent_kill; /* cleanup bookkeeping */
};

struct proc *table_find(pid_t pid);
/* Adds an entry with no fds; the caller fills it in. */
struct proc *table_add(pid_t pid, unsigned long long start);
/* Closes its fds, forgets the pid. The memory lives until table_gc(). */
void table_remove(struct proc *p);
void table_gc(void);

/* Iteration: for (size_t i = 0; i < table_size(); i++) { struct proc *p = table_at(i); if (p->dead) ... } */
size_t table_size(void);
struct proc *table_at(size_t i);

/* Live entries (not removed). */
size_t table_live(void);

#endif
