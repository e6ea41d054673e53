#include "spawn.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "events.h"
#include "seccomp.h"
#include "pty.h"
#include "sentinel.h"
#include "track.h"
#include "util.h"

#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

static int err_pipe = -1; /* read end: the child's exec error, or EOF once it exec'd */
static int go_pipe = -1;  /* write end: closing it lets the child exec */

/* On the error pipe, a value from here on is not an exec error: the group filter could not be
 * installed (this base plus its errno), and the exec goes on. */
#define GROUP_FILTER_FAILED 0x10000

/* In the child, between fork and exec: only async-signal-safe calls. */
static void child(int err_fd, int go_fd, const sigset_t *mask) {
    /* Wait until the sentinel has decided how to capture (it seizes us meanwhile): one byte is
     * the go-ahead; EOF without it means the sentinel died, and we must not run untraced. */
    char c;
    ssize_t n;
    do n = read(go_fd, &c, 1);
    while (n < 0 && errno == EINTR);
    if (n != 1) _exit(127);

    /* Undo what the sentinel changed for itself: blocked signals and ignored SIGPIPE are inherited
     * across exec, and a fixture must start with the defaults its runtime expects. */
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigaction(SIGPIPE, &dfl, NULL);
    sigprocmask(SIG_SETMASK, mask, NULL);
    if (g.nofile_saved) setrlimit(RLIMIT_NOFILE, &g.nofile);

    int err = 0;
    /* A session and process group of its own, as a login shell has: a group signal to the root's
     * group (what a terminal sends on ctrl-c) then reaches the fixture's processes, never ours. */
    if (g.terminal) err = pty_child(); /* setsid, the terminal, and 0-2 on it */
    else if (g.new_session && setsid() < 0) err = errno;
    if (!err && !g.terminal && (dup2(3, 0) < 0 || dup2(4, 1) < 0 || dup2(5, 2) < 0)) err = errno;
    if (!err) {
        /* Everything but 0-2 closes on exec: pidfds, stat fds, sockets, fds 3-5 themselves. */
        if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) < 0) {
            for (int fd = 3; fd < 1024; fd++)
                if (fd != err_fd) fcntl(fd, F_SETFD, FD_CLOEXEC);
        }
        /* Last, so that nothing above (setsid) stops at a filter whose tracer is blocked on our
         * exec: 't' says the sentinel traces us and wants group changes exact (seccomp.h). */
        if (c == 't') {
            int ferr = seccomp_trap_groups();
            if (ferr) {
                int code = GROUP_FILTER_FAILED + ferr;
                ssize_t w;
                do w = write(err_fd, &code, sizeof code);
                while (w < 0 && errno == EINTR);
            }
        }
        execvp(g.argv[0], g.argv);
        err = errno;
    }
    ssize_t w;
    do w = write(err_fd, &err, sizeof err);
    while (w < 0 && errno == EINTR);
    _exit(127);
}

pid_t spawn_root_fork(const sigset_t *child_mask) {
    int ep[2], gp[2];
    if (pipe2(ep, O_CLOEXEC) < 0 || pipe2(gp, O_CLOEXEC) < 0) {
        diag("pipe2: %s", strerror(errno));
        _exit(71);
    }
    pid_t pid = fork();
    if (pid < 0) {
        diag("fork: %s", strerror(errno));
        _exit(71);
    }
    if (pid == 0) {
        close(gp[1]);
        child(ep[1], gp[0], child_mask);
    }
    close(ep[1]);
    close(gp[0]);
    err_pipe = ep[0];
    go_pipe = gp[1];
    return pid;
}

void spawn_root(pid_t pid) {
    ssize_t w;
    bool exact_groups = g.tracing && !g.groups_reason[0];
    do w = write(go_pipe, exact_groups ? "t" : "g", 1);
    while (w < 0 && errno == EINTR);
    close(go_pipe);
    int err = 0;
    for (;;) {
        ssize_t r;
        do r = read(err_pipe, &err, sizeof err);
        while (r < 0 && errno == EINTR);
        if (r != (ssize_t)sizeof err) {
            err = 0; /* EOF: exec succeeded */
            break;
        }
        if (err < GROUP_FILTER_FAILED) break;
        snprintf(g.groups_reason, sizeof g.groups_reason, "seccomp filter refused: %s", strerror(err - GROUP_FILTER_FAILED));
        diag("exact group changes are off (%s): they will be sampled", g.groups_reason);
        exact_groups = false;
    }
    g.exact_groups = exact_groups && !err;
    close(err_pipe);
    /* The fixture holds its stdio now; ours must go, or the runner never sees EOF on them. */
    close(3);
    if (!g.terminal) close(4); /* with a terminal, fd 4 carries what the master reads (pty.c) */
    close(5);

    clock_tick();
    g.root_pid = pid;
    /* Our unreaped child: its pid cannot be reused, so its stat is readable and the pidfd is it. */
    int fd = pstat_open(pid);
    struct pstat st;
    if (fd < 0 || pstat_read_fd(fd, &st) < 0) {
        diag("cannot read /proc/%d/stat of the root", (int)pid);
        _exit(71);
    }
    /*
     * The exec pipe closes at close-on-exec, part way through execve: the new image's stack and
     * argv are set up after that. Report the root only once its exec has completed (its stack
     * address appears), or a loaded machine would show its argv half-made and a spurious exec.
     * Bounded: an exec that has not completed in a second is reported as it is.
     */
    for (int i = 0; !err && !st.startstack && st.state != 'Z' && st.state != 'X' && i < 10000; i++) {
        struct timespec pause = {0, 100 * 1000};
        nanosleep(&pause, NULL);
        if (pstat_read_fd(fd, &st) < 0) break;
    }
    track_new(pid, fd, &st, TRACK_ROOT);
    if (err) ev_spawn_error(pid, err);
}
