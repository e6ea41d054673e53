/*
 * proclife-sentinel [--interval-ms N] [--full-every K] [--socket PATH] [--socket-owner UID]
 *                   [--hold NAME]... [--no-subreaper] [--no-trace] [--no-exact-groups] [--new-session]
 *                   [--terminal] -- PROGRAM ARGS...
 *
 * fds: 0 commands from the runner, 1 events (JSON lines), 2 diagnostics, 3/4/5 the fixture's
 * stdin/stdout/stderr. See docs/sentinel.md for the protocol and the reasons behind each choice.
 *
 * Exit status: 0 after "quit"; 3 when the runner went away (fd 0 EOF, fd 1 broken, SIGTERM/INT/HUP)
 * and the tree was killed; 64 usage; 66 checkpoint socket; 67 no pseudo-terminal (--terminal);
 * 70/71 out of memory / cannot fork.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/timerfd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "checkpoint.h"
#include "cleanup.h"
#include "control.h"
#include "events.h"
#include "exits.h"
#include "loop.h"
#include "pidfd.h"
#include "pty.h"
#include "reap.h"
#include "sentinel.h"
#include "spawn.h"
#include "table.h"
#include "trace.h"
#include "util.h"
#include "walk.h"

struct sentinel g;

static bool no_subreaper;

static void usage(const char *why) {
    diag("%s", why);
    diag("usage: proclife-sentinel [--interval-ms N] [--full-every K] [--socket PATH] [--socket-owner UID] "
         "[--hold NAME]... [--no-subreaper] [--no-trace] [--no-exact-groups] [--new-session] [--terminal] "
         "-- PROGRAM ARGS...");
    exit(64);
}

static long number(const char *s, long min, long max, const char *opt) {
    char *end;
    errno = 0;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || errno || *end || v < min || v > max) {
        char msg[96];
        snprintf(msg, sizeof msg, "%s wants a number from %ld to %ld", opt, min, max);
        usage(msg);
    }
    return v;
}

static void parse_args(int argc, char **argv) {
    g.interval_ns = 5 * 1000000LL;
    g.full_every = 10;
    g.socket_owner = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--") == 0) {
            g.argv = argv + i + 1;
            break;
        } else if (strcmp(a, "--interval-ms") == 0) {
            g.interval_ns = number(v, 1, 3600 * 1000, a) * 1000000LL;
            i++;
        } else if (strcmp(a, "--full-every") == 0) {
            g.full_every = (int)number(v, 1, 1000000, a);
            i++;
        } else if (strcmp(a, "--socket") == 0 && v) {
            g.socket_path = v;
            i++;
        } else if (strcmp(a, "--socket-owner") == 0) {
            g.socket_owner = number(v, 0, 2147483647L, a);
            i++;
        } else if (strcmp(a, "--hold") == 0 && v) {
            checkpoint_hold(v); /* before the fixture starts: no race with its first checkpoint */
            i++;
        } else if (strcmp(a, "--no-subreaper") == 0) {
            no_subreaper = true;
        } else if (strcmp(a, "--new-session") == 0) {
            g.new_session = true;
        } else if (strcmp(a, "--no-exact-groups") == 0) {
            snprintf(g.groups_reason, sizeof g.groups_reason, "disabled by --no-exact-groups");
        } else if (strcmp(a, "--terminal") == 0) {
            g.terminal = true;
        } else if (strcmp(a, "--no-trace") == 0) {
            snprintf(g.capture_reason, sizeof g.capture_reason, "disabled by --no-trace");
        } else {
            char msg[160];
            snprintf(msg, sizeof msg, "unknown or incomplete option: %.100s", a);
            usage(msg);
        }
    }
    if (!g.argv || !g.argv[0]) usage("no program given after --");
}

/* fds 0-5 must exist: a missing one would be taken by the first file we open, then handed to the
 * fixture as its stdio. Missing ones become /dev/null. */
static void ensure_fds(void) {
    for (int fd = 0; fd <= 5; fd++) {
        if (fcntl(fd, F_GETFD) >= 0) continue;
        int n = open("/dev/null", O_RDWR);
        if (n >= 0 && n != fd) {
            dup2(n, fd);
            close(n);
        }
    }
    for (int fd = 3; fd <= 5; fd++) set_cloexec(fd);
}

static void become_subreaper(void) {
    if (no_subreaper) {
        snprintf(g.subreaper_error, sizeof g.subreaper_error, "disabled by --no-subreaper");
        return;
    }
    int on = 0;
    if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) {
        snprintf(g.subreaper_error, sizeof g.subreaper_error, "prctl(PR_SET_CHILD_SUBREAPER): %s", strerror(errno));
    } else if (prctl(PR_GET_CHILD_SUBREAPER, &on, 0, 0, 0) < 0 || !on) {
        snprintf(g.subreaper_error, sizeof g.subreaper_error, "PR_GET_CHILD_SUBREAPER does not confirm it");
    } else {
        g.subreaper = true;
    }
    if (!g.subreaper) diag("not a child subreaper (%s): orphans go to init; degraded mode", g.subreaper_error);
}

static void on_signals(int sfd) {
    struct signalfd_siginfo si;
    bool chld = false;
    while (read(sfd, &si, sizeof si) == (ssize_t)sizeof si) {
        if (si.ssi_signo == SIGCHLD) {
            chld = true;
        } else if (!g.runner_gone) {
            g.runner_gone = true;
            g.exit_code = 128 + (int)si.ssi_signo;
            diag("got signal %u: killing the tree, then exiting", si.ssi_signo);
        }
    }
    /* Traced, every SIGCHLD-worthy thing (stops, exits, our own zombies) goes through one wait
     * loop; otherwise only our zombie children do. */
    if (chld && g.tracing) trace_wait();
    else if (chld) reap_children();
}

static int make_timer(void) {
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (fd < 0) return -errno;
    struct itimerspec its = {
        .it_interval = {.tv_sec = g.interval_ns / 1000000000, .tv_nsec = g.interval_ns % 1000000000},
        .it_value = {.tv_sec = g.interval_ns / 1000000000, .tv_nsec = g.interval_ns % 1000000000},
    };
    if (timerfd_settime(fd, 0, &its, NULL) < 0) {
        int e = errno;
        close(fd);
        return -e;
    }
    return fd;
}

/* Arms the sampler's timer while it has something to do, and disarms it when it has not (a traced
 * tree: walk.h); a timerfd_settime only when that changes. */
static void pace(int tfd) {
    static int armed = 1; /* make_timer armed it */
    int want = sample_wanted();
    if (want == armed) return;
    int64_t ns = want ? g.interval_ns : 0;
    struct itimerspec its = {
        .it_interval = {.tv_sec = ns / 1000000000, .tv_nsec = ns % 1000000000},
        .it_value = {.tv_sec = ns / 1000000000, .tv_nsec = ns % 1000000000},
    };
    if (timerfd_settime(tfd, 0, &its, NULL) == 0) armed = want;
}

/* One round: wait, then handle what is ready in the kernel's order - exits first, then the
 * adoptions they caused, then reaps (SIGCHLD), then commands, checkpoints, and the sampler. */
static void loop(int sfd, int tfd) {
    struct loop_event evs[64];
    bool gone_handled = false;
    while (!g.done) {
        pace(tfd);
        clock_tick();
        int timeout = -1;
        int64_t cw = cleanup_wake_ns();
        int64_t ew = exits_wake_ns();
        if (ew < cw) cw = ew;
        if (cw != INT64_MAX) timeout = cw <= g.now_ns ? 0 : (int)((cw - g.now_ns + 999999) / 1000000);
        int n = loop_wait(evs, 64, timeout);
        if (n < 0) {
            diag("epoll_wait: %s", strerror(-n));
            g.runner_gone = true;
            n = 0;
        }
        clock_tick();

        on_pidfds(evs, n);
        for (int i = 0; i < n; i++)
            if (evs[i].src == SRC_SIGNAL) on_signals(sfd);
        for (int i = 0; i < n; i++) {
            if (evs[i].src == SRC_CONTROL) {
                control_readable();
                if (!control_open()) loop_del(0);
            } else if (evs[i].src == SRC_LISTEN || evs[i].src == SRC_CLIENT) {
                checkpoint_event(&evs[i]);
            } else if (evs[i].src == SRC_PTY) {
                pty_readable();
            }
        }
        for (int i = 0; i < n; i++) {
            if (evs[i].src != SRC_TIMER) continue;
            uint64_t expirations;
            if (read(tfd, &expirations, sizeof expirations) > 0) sample();
        }

        if (g.runner_gone && !gone_handled) {
            gone_handled = true;
            if (!g.exit_code) g.exit_code = 3;
            cleanup_start(0);
        }
        exits_tick(); /* a held exit past its bound goes on, event or not (exits_wake_ns) */
        cleanup_step();
        table_gc();
        pty_foreground(); /* a tcsetpgrp with no other event after it is seen within a round */
    }
}

/* Many tracked processes take three fds each (pidfd, stat, children): use the hard limit. The
 * fixture gets the limit it would have had (spawn.c restores it). */
static void raise_nofile(void) {
    if (getrlimit(RLIMIT_NOFILE, &g.nofile) < 0) return;
    g.nofile_saved = true;
    struct rlimit more = {.rlim_cur = g.nofile.rlim_max, .rlim_max = g.nofile.rlim_max};
    if (more.rlim_cur > 65536) more.rlim_cur = 65536;
    if (more.rlim_cur > g.nofile.rlim_cur) setrlimit(RLIMIT_NOFILE, &more);
}

int main(int argc, char **argv) {
    g.pid = getpid();
    g.t0_mono_ns = clock_ns(CLOCK_MONOTONIC);
    g.boot_ns_at_t0 = clock_ns(CLOCK_BOOTTIME);
    g.clk_tck = sysconf(_SC_CLK_TCK);
    ensure_fds();
    parse_args(argc, argv);
    struct pstat self;
    if (pstat_read(g.pid, &self) == 0) g.start = self.start;

    /* SIGCHLD and the "go away" signals arrive through a signalfd, read in the poll loop. */
    sigset_t set, orig;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    sigprocmask(SIG_BLOCK, &set, &orig);
    int sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sfd < 0) {
        diag("signalfd: %s", strerror(errno));
        return 71;
    }
    signal(SIGPIPE, SIG_IGN); /* a dead runner shows up as EPIPE on fd 1 instead */

    raise_nofile();
    become_subreaper();
    int probe = pidfd_open_pid(g.pid);
    g.pidfd = probe >= 0;
    if (probe >= 0) close(probe);
    else diag("pidfd_open: %s; exits and reaps by parents will be sampled", strerror(-probe));

    int tfd = make_timer();
    if (loop_init() < 0 || tfd < 0 || loop_add(sfd, EPOLLIN, SRC_SIGNAL, NULL) < 0 ||
        loop_add(tfd, EPOLLIN, SRC_TIMER, NULL) < 0) {
        diag("cannot set up epoll/timerfd: %s", strerror(errno));
        return 71;
    }
    /* fd 0 may be a file or /dev/null, which epoll refuses: read it right away then (EOF). */
    bool control_polled = loop_add(0, EPOLLIN, SRC_CONTROL, NULL) == 0;

    if (g.socket_path) {
        int r = checkpoint_listen(g.socket_path);
        if (r < 0) {
            diag("checkpoint socket %s: %s", g.socket_path, strerror(-r));
            return 66;
        }
        /* A fixture that runs as another user must be able to connect: the socket becomes its. */
        if (g.socket_owner >= 0 && chown(g.socket_path, (uid_t)g.socket_owner, (gid_t)-1) < 0) {
            diag("checkpoint socket %s: chown to %ld: %s", g.socket_path, g.socket_owner, strerror(errno));
            return 66;
        }
    }

    if (g.terminal) {
        const char *what = "";
        int r = pty_open(&what);
        if (r < 0) {
            diag("no pseudo-terminal for --terminal: %s: %s", what, strerror(-r));
            return 67;
        }
    }

    /* Fork first, seize, then hello: hello says which capture the run gets. */
    pid_t root = spawn_root_fork(&orig);
    trace_seize(root);
    clock_tick();
    ev_hello();
    spawn_root(root);
    pty_started();
    if (!control_polled) {
        while (control_open() && !g.runner_gone) control_readable();
    }
    loop(sfd, tfd);
    pty_drain();
    checkpoint_shutdown();
    return g.exit_code;
}
