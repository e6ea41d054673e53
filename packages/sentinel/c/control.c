#include "control.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkpoint.h"
#include "cleanup.h"
#include "events.h"
#include "group.h"
#include "names.h"
#include "pty.h"
#include "sentinel.h"
#include "table.h"
#include "track.h"
#include "util.h"
#include "walk.h"

#define LINE_MAX_LEN 4096

static char buf[LINE_MAX_LEN];
static size_t len;
static int eof;

int control_open(void) { return !eof; }

/*
 * "signal PID START SIGNAME": only a tracked process, and only if START proves it is the same one.
 * "signalgroup PID START SIGNAME": the process group of that process, if all of it is the run's.
 */
static void cmd_signal(char *args, const char *line, bool group) {
    const char *usage = group ? "usage: signalgroup PID START SIGNAME" : "usage: signal PID START SIGNAME";
    char *end;
    long pid = strtol(args, &end, 10);
    if (end == args) {
        ev_error(usage, line);
        return;
    }
    args = end;
    unsigned long long start = strtoull(args, &end, 10);
    if (end == args) {
        ev_error(usage, line);
        return;
    }
    while (*end == ' ') end++;
    int sig = signal_parse(end);
    if (sig < 0) {
        ev_error("unknown signal", line);
        return;
    }
    struct proc *p = table_find((pid_t)pid);
    if (!p || p->start != start) {
        ev_error("not a tracked process (pid and start must match one the sentinel has seen and not seen reaped)", line);
        return;
    }
    if (group) {
        pid_t pgid = 0;
        const char *why = NULL;
        if (group_signal(p, sig, &pgid, &why) < 0) ev_error(why, line);
        else ev_signal_group(p, sig, pgid);
        return;
    }
    int r = track_signal(p, sig);
    if (r < 0) ev_error(strerror(-r), line);
    else ev_signal(p, sig, "request");
}

static void command(char *line) {
    size_t n = strlen(line);
    if (n && line[n - 1] == '\r') line[--n] = '\0';
    char *arg = strchr(line, ' ');
    if (arg) *arg++ = '\0';
    else arg = line + n;
    const char *rest = arg;
    /* Reconstruct the full line for error reports. */
    char full[LINE_MAX_LEN + 1];
    snprintf(full, sizeof full, "%s%s%s", line, *rest ? " " : "", rest);

    if (n == 0) return;
    if (strcmp(line, "snapshot") == 0) {
        walk();
        ev_snapshot(arg);
    } else if (strcmp(line, "hold") == 0 && *arg) {
        checkpoint_hold(arg);
        ev_hold(arg);
    } else if (strcmp(line, "release") == 0 && *arg) {
        int r = checkpoint_release(arg);
        ev_release(arg, r);
    } else if (strcmp(line, "signal") == 0) {
        cmd_signal(arg, full, false);
    } else if (strcmp(line, "signalgroup") == 0) {
        cmd_signal(arg, full, true);
    } else if (strcmp(line, "type") == 0) {
        pty_type(arg, full);
    } else if (strcmp(line, "cleanup") == 0) {
        char *end;
        long ms = strtol(arg, &end, 10);
        if (end == arg || ms < 0) ev_error("usage: cleanup TERM_MS", full);
        else cleanup_start(ms);
    } else if (strcmp(line, "quit") == 0) {
        g.quitting = true;
        cleanup_quit();
    } else {
        ev_error("unknown command", full);
    }
}

void control_readable(void) {
    ssize_t r = read(0, buf + len, sizeof buf - len);
    if (r < 0 && (errno == EINTR || errno == EAGAIN)) return;
    if (r <= 0) {
        eof = 1;
        if (!g.quitting) {
            g.runner_gone = true;
            diag("control input closed (%s): the runner is gone; killing the tree",
                 r == 0 ? "EOF" : strerror(errno));
        }
        return;
    }
    len += (size_t)r;
    for (;;) {
        char *nl = memchr(buf, '\n', len);
        if (!nl) break;
        *nl = '\0';
        command(buf);
        size_t used = (size_t)(nl - buf) + 1;
        memmove(buf, buf + used, len - used);
        len -= used;
    }
    if (len == sizeof buf) {
        ev_error("command line too long", "");
        len = 0;
    }
}
