#include "pty.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "events.h"
#include "loop.h"
#include "sentinel.h"
#include "trace.h"
#include "util.h"

static int master = -1;
static char slave_path[128];
static bool out_open;      /* fd 4 still ours: closed once every slave fd is gone (EIO) */
static pid_t last_fg;      /* last foreground group reported; 0 before the root has its session */
static bool reporting;     /* inside our own "foreground" event: no second look */

int pty_open(const char **what) {
    /* O_NOCTTY: the master must never become the sentinel's own controlling terminal. */
    *what = "posix_openpt";
    master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
    if (master < 0) return -errno;
    *what = "grantpt/unlockpt";
    if (grantpt(master) < 0 || unlockpt(master) < 0) return -errno;
    *what = "ptsname_r";
    int r = ptsname_r(master, slave_path, sizeof slave_path);
    if (r != 0) return -r;
    /*
     * No echo, and "\n" stays "\n" (no ONLCR): the run's stdout is then what the programs wrote,
     * not the keys typed at them nor carriage returns, so output checks read as they would on a
     * pipe. Everything else keeps the kernel's defaults: canonical input, ISIG with ctrl-c as
     * VINTR and ctrl-z as VSUSP. A program may change them (a termios call on the slave).
     */
    struct termios t;
    *what = "tcgetattr/tcsetattr";
    if (tcgetattr(master, &t) < 0) return -errno;
    t.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL | ECHOCTL);
    t.c_oflag &= ~(tcflag_t)ONLCR;
    if (tcsetattr(master, TCSANOW, &t) < 0) return -errno;
    out_open = true;
    return 0;
}

int pty_child(void) {
    if (setsid() < 0) return errno;
    int s = open(slave_path, O_RDWR | O_NOCTTY);
    if (s < 0) return errno;
    /* A session leader without a terminal takes this one as its controlling terminal. */
    if (ioctl(s, TIOCSCTTY, 0) < 0) return errno;
    if (dup2(s, 0) < 0 || dup2(s, 1) < 0 || dup2(s, 2) < 0) return errno;
    if (s > 2) close(s);
    return 0;
}

void pty_started(void) {
    if (master < 0) return;
    if (loop_add(master, EPOLLIN, SRC_PTY, NULL) < 0) diag("epoll on the terminal: %s", strerror(errno));
    pty_foreground();
}

static void output_closed(void) {
    if (!out_open) return;
    out_open = false;
    loop_del(master);
    close(4); /* the runner sees EOF on the run's stdout */
}

/* Copies what the master holds to fd 4. Returns false once no slave is open any more. */
static bool copy_out(void) {
    char buf[8192];
    for (;;) {
        ssize_t n = read(master, buf, sizeof buf);
        if (n > 0) {
            if (write_all(4, buf, (size_t)n) < 0) return false; /* nobody reads the output */
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return true;
        return false; /* EIO: every slave fd is closed */
    }
}

void pty_readable(void) {
    if (master < 0 || !out_open) return;
    if (!copy_out()) output_closed();
}

void pty_drain(void) {
    if (master < 0 || !out_open) return;
    copy_out();
    output_closed();
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void pty_type(const char *hex, const char *line) {
    if (master < 0) {
        ev_error("the run has no terminal (start it with --terminal)", line);
        return;
    }
    size_t n = strlen(hex);
    if (n == 0 || n % 2 != 0) {
        ev_error("usage: type HEX (an even number of hex digits, at least two)", line);
        return;
    }
    char *bytes = xmalloc(n / 2);
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            free(bytes);
            ev_error("usage: type HEX (an even number of hex digits, at least two)", line);
            return;
        }
        bytes[i] = (char)(hi * 16 + lo);
    }
    /* Non-blocking: a program that reads nothing fills the line discipline's buffer (4 KiB in
     * canonical mode); then the keys are refused rather than the sentinel stuck. */
    int r = write_all(master, bytes, n / 2);
    if (r < 0) ev_error(r == -EAGAIN ? "the terminal's input is full: the program reads none of it" : strerror(-r), line);
    else ev_typed(bytes, n / 2);
    free(bytes);
}

static void read_foreground(bool exact) {
    if (master < 0 || reporting) return;
    /* tcgetpgrp on the master reads the slave's foreground group; 0 when it has none (before the
     * root's setsid, and after the session leader has exited). */
    pid_t fg = tcgetpgrp(master);
    if (fg < 0 || fg == last_fg) return;
    if (fg == 0 && last_fg == 0) return;
    last_fg = fg;
    reporting = true;
    ev_foreground(fg, exact);
    reporting = false;
}

/* Before every event, and once a loop round: a change made since is seen here, not caught. Not
 * while a trapped tcsetpgrp is under way: the change it made is the call's, read at its return
 * stop (a look in between, before an exit event the same round, recorded it as inexact). */
void pty_foreground(void) {
    if (trace_foreground_call_pending()) return;
    read_foreground(false);
}

void pty_foreground_call(void) { read_foreground(true); }
