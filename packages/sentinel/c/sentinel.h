/*
 * proclife-sentinel: the per-run subreaper. Global state shared by its modules.
 *
 * The sentinel is one thread running one poll loop (main.c). Nothing here is touched from a signal
 * handler: signals arrive through a signalfd, so every path is ordinary code and needs no
 * async-signal-safety reasoning beyond the fork/exec child in spawn.c.
 */
#ifndef PROCLIFE_SENTINEL_H
#define PROCLIFE_SENTINEL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

/* Bumped when an event or command changes shape. Sent in "hello". */
#define SENTINEL_PROTOCOL 2

struct sentinel {
    pid_t pid;
    unsigned long long start;      /* our own start ticks */
    bool subreaper;                /* PR_SET_CHILD_SUBREAPER took effect */
    char subreaper_error[128];     /* why not, when it did not */
    bool pidfd;                    /* pidfd_open(2) works on this kernel */
    bool tracing;                  /* exact capture: the tree is traced (trace.c) */
    bool new_session;              /* --new-session: the root leads a session and group of its own */
    bool terminal;                 /* --terminal: ... and has a pseudo-terminal as its controlling terminal (pty.c) */
    char capture_reason[160];      /* why not, when it is not ("" until decided) */
    bool exact_groups;             /* traced, and setpgid/setsid stop for us (seccomp.h) */
    char groups_reason[96];        /* why group changes are sampled under tracing ("" if not known so) */
    bool raised_priority;          /* traced: we run at nice -10 (allowed to) */
    long clk_tck;
    int64_t t0_mono_ns;            /* CLOCK_MONOTONIC at start: t = 0 */
    int64_t boot_ns_at_t0;         /* CLOCK_BOOTTIME at t = 0 */
    int64_t now_ns;                /* ns since t0, refreshed by clock_tick() */
    int64_t interval_ns;           /* sampling interval */
    int full_every;                /* walk at least every K intervals even if no pid was allocated */
    const char *socket_path;       /* checkpoint socket, or NULL */
    long socket_owner;             /* uid the socket is given to (a fixture run as another user), or -1 */
    char **argv;                   /* the fixture's argv */
    pid_t root_pid;
    bool root_reaped;
    bool runner_gone;              /* fd 0 hit EOF, fd 1 failed, or we got SIGTERM/SIGINT/SIGHUP */
    bool out_dead;                 /* fd 1 failed: stop writing events */
    bool quitting;                 /* "quit" received: bye once clean */
    bool done;                     /* leave the loop */
    int exit_code;
    unsigned long long samples, walks; /* counters, reported in "bye" */
    struct rlimit nofile;          /* RLIMIT_NOFILE as we got it: the fixture gets it back */
    bool nofile_saved;
};

extern struct sentinel g;

#endif
