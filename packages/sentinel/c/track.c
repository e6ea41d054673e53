#include "track.h"

#include <errno.h>
#include <sys/epoll.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "events.h"
#include "loop.h"
#include "pidfd.h"
#include "sentinel.h"
#include "util.h"

static void copy_stat(struct proc *p, const struct pstat *st) {
    p->ppid = st->ppid;
    memcpy(p->comm, st->comm, st->comm_len + 1);
    p->comm_len = st->comm_len;
    p->state = st->state;
    p->threads = st->threads;
    p->startcode = st->startcode;
    p->startstack = st->startstack;
}

/* The root's argv is the one we exec'd: exact even if it exits before /proc could be read. */
static char *root_argv(size_t *len) {
    size_t n = 0;
    for (char **a = g.argv; *a; a++) n += strlen(*a) + 1;
    char *buf = xmalloc(n);
    char *p = buf;
    for (char **a = g.argv; *a; a++) {
        size_t k = strlen(*a) + 1;
        memcpy(p, *a, k);
        p += k;
    }
    *len = n;
    return buf;
}

struct proc *track_new(pid_t pid, int statfd, const struct pstat *st, enum track_kind kind) {
    bool late = kind == TRACK_LATE;
    int pidfd = -1;
    if (g.pidfd) {
        pidfd = pidfd_open_pid(pid);
        /*
         * Identity: statfd was opened before pidfd_open and pins the process it was opened for. If a
         * read through it still succeeds now, that process was alive (or a zombie) during the whole
         * interval, so it held the pid when pidfd_open ran: the pidfd is the same process.
         */
        struct pstat again;
        if (pidfd >= 0 && (pstat_read_fd(statfd, &again) < 0 || again.start != st->start)) {
            close(pidfd);
            close(statfd);
            return NULL;
        }
        if (pidfd < 0 && pidfd != -ESRCH) diag("pidfd_open(%d): %s; tracking it by sampling only", (int)pid, strerror(-pidfd));
        if (pidfd == -ESRCH) {
            close(statfd);
            return NULL;
        }
    }
    struct proc *p = table_add(pid, st->start);
    p->statfd = statfd;
    p->pidfd = pidfd;
    if (pidfd >= 0) loop_add(pidfd, EPOLLIN, SRC_PIDFD, p);
    p->seen_ns = g.now_ns;
    copy_stat(p, st);
    p->pgid = st->pgid; /* at birth: inherited from the parent, unless it changed before we looked */
    p->sid = st->sid;
    if (g.tracing && p->state == 't') p->state = 'R'; /* stopped by us (its exec event), not by anyone */
    p->root = kind == TRACK_ROOT;
    p->launch_exec = p->root && g.tracing;

    char *argv = NULL;
    size_t argv_len = 0;
    bool truncated = false;
    if (p->root) argv = root_argv(&argv_len);
    else if (!late) argv = proc_cmdline(pid, &argv_len, &truncated);
    /* Exact: the root (we forked it) and a birth its parent's fork event reported. */
    ev_spawn(p, argv, argv_len, truncated, late, p->root || kind == TRACK_TRACED);
    free(argv);

    /* Born and already dead before we first looked: the exit time is unknown (sampled). */
    if (st->state == 'Z' || st->state == 'X') track_exited(p, st, false);
    return p;
}

struct proc *track_discover(pid_t pid) {
    int fd = pstat_open(pid);
    if (fd < 0) {
        if (fd == -EMFILE || fd == -ENFILE) diag("open /proc/%d/stat: %s", (int)pid, strerror(-fd));
        return NULL;
    }
    struct pstat st;
    if (pstat_read_fd(fd, &st) < 0) {
        close(fd);
        return NULL;
    }
    return track_new(pid, fd, &st, TRACK_SAMPLED);
}

int track_refresh(struct proc *p, struct pstat *st) {
    int r;
    if (p->statfd >= 0) {
        r = pstat_read_fd(p->statfd, st);
    } else {
        r = pstat_read(p->pid, st);
        if (r == 0 && st->start != p->start) r = -ESRCH; /* same pid, another process */
    }
    if (r == -ENOENT || r == -EINVAL) r = -ESRCH;
    /*
     * A process its parent is reaping right now is still readable through a held stat fd, but the
     * kernel has already unhashed it (release_task): /proc then shows parent, group and session
     * as 0 (do_task_stat reads them only while it can lock the signal handlers release_task has
     * just taken away). That is not a re-parent to pid 0: the read keeps what was last known,
     * and the reap reports the end.
     */
    if (r == 0 && st->ppid == 0 && p->ppid > 0) {
        st->ppid = p->ppid;
        st->pgid = p->pgid;
        st->sid = p->sid;
    }
    if (r == 0) p->seen_ns = g.now_ns;
    return r;
}

/*
 * A parent's death re-parents its children at that instant, so a re-parent we notice while sampling
 * is as exact as the parent's exit - if the parent is tracked and its pidfd says it has exited
 * (the poll loop may not have handled that yet: do it now, so its exit comes first).
 */
static bool parent_exited(pid_t ppid) {
    struct proc *old = table_find(ppid);
    if (!old || old->pidfd < 0) return false;
    if (!old->exited && (pidfd_revents(old->pidfd) & POLLIN)) {
        struct pstat st;
        track_exited(old, track_refresh(old, &st) == 0 ? &st : NULL, true);
    }
    return old->exited;
}

/* Leaving R/S/D (running, sleeping, disk wait) for T/t (stopped, traced) and back is news; flapping
 * between R, S and D is not, or a busy process would produce an event per sample. */
static char state_class(char s) {
    switch (s) {
    case 'T': return 'T';
    case 't': return 't';
    case 'Z': return 'Z';
    case 'X': return 'X';
    default: return 'R';
    }
}

/* A new process group or session (setpgid, setsid) is news. Sampled, the change is seen at the
 * next sample or exec after it. With exact groups (seccomp.h) only the syscall-exit stop reports
 * changes: a sample or another process's exec event could read the new group while the caller's
 * stop is still pending, and the same change would be recorded as sampled on one run and exact on
 * the next. */
static void note_group(struct proc *p, const struct pstat *st, bool exact) {
    if (g.exact_groups && !exact) return;
    if (st->state == 'Z' || st->state == 'X' || (st->pgid == p->pgid && st->sid == p->sid)) return;
    p->pgid = st->pgid;
    p->sid = st->sid;
    ev_group(p, exact);
}

void track_group_call(pid_t caller) {
    for (size_t i = 0; i < table_size(); i++) {
        struct proc *q = table_at(i);
        if (q->dead || (q->pid != caller && q->ppid != caller)) continue;
        struct pstat st;
        if (track_refresh(q, &st) == 0) note_group(q, &st, true);
    }
}

/* Records the exec (or rename) st shows: new comm and fingerprint, argv re-read. */

static void emit_exec(struct proc *p, const struct pstat *st, bool renamed, bool exact) {
    note_group(p, st, false);
    char old[COMM_MAX];
    size_t old_len = p->comm_len;
    memcpy(old, p->comm, old_len);
    char state = p->state;
    copy_stat(p, st);
    if (g.tracing) p->state = state; /* see track_update: a tracee's 't' is ours, not its state */
    size_t len = 0;
    bool truncated = false;
    char *argv = proc_cmdline(p->pid, &len, &truncated);
    ev_exec(p, old, old_len, argv, len, truncated, renamed, exact);
    free(argv);
}

void track_exec(struct proc *p, const struct pstat *st, bool exact) { emit_exec(p, st, false, exact); }

void track_rename_before_exit(struct proc *p, const struct pstat *st) {
    bool same = st->comm_len == p->comm_len && memcmp(st->comm, p->comm, st->comm_len) == 0;
    if (same || !st->startstack) return; /* no rename, or its mm is gone already: nothing to prove */
    emit_exec(p, st, true, false);
}

void track_update(struct proc *p, const struct pstat *st) {
    bool zombie = st->state == 'Z' || st->state == 'X';
    /*
     * exec: comm changes, or (same program name again, e.g. python3 -> python3) the code and stack
     * addresses move, which ASLR guarantees in practice. Zombies and exiting processes have no mm and
     * show zeros; so does a process caught in the middle of exec, whose exec completes when the
     * addresses appear.
     */
    bool moved = (st->startstack && p->startstack && st->startstack != p->startstack) ||
                 (st->startcode && p->startcode && st->startcode != p->startcode) ||
                 (st->startstack && !p->startstack);
    bool exec = !zombie && (st->comm_len != p->comm_len || memcmp(st->comm, p->comm, st->comm_len) != 0 || moved);
    /* Traced, a real exec is reported by the kernel (trace.c): a sample that beat the event to it
     * must not report it too - even one that caught the exec half-way (new comm, no stack yet: the
     * kernel proc connector caught that double). Only a proven rename is left to find: comm
     * changed, code and stack present and put. */
    if (exec && g.tracing && (moved || !st->startstack)) exec = false;
    if (exec) {
        /* prctl(PR_SET_NAME) changes comm without an exec: then the code and stack stay put. */
        bool renamed = !moved && st->startstack;
        emit_exec(p, st, renamed, false);
    }
    note_group(p, st, false);
    if (st->ppid != p->ppid) {
        pid_t from = p->ppid;
        p->ppid = st->ppid;
        ev_reparent(p, from, st->ppid, parent_exited(from), !zombie);
    }
    /* Traced, stops are reported by the kernel (group-stops, trace.c), and a tracee caught in a
     * ptrace-stop of ours shows 't', which it never is to anyone else: the samples keep out. */
    if (g.tracing) {
        /* The letter is still kept fresh for checkpoints and snapshots (R, S, D, Z), but T stays
         * as trace.c set it, and 't' is never taken from /proc. */
        if (zombie || (p->state != 'T' && st->state != 'T' && st->state != 't')) p->state = st->state;
    } else {
        if (!zombie && state_class(st->state) != state_class(p->state) && !p->exited) ev_state(p, p->state, st->state, 0);
        p->state = st->state;
    }
    p->threads = st->threads;
    if (zombie && !p->exited) {
        /* With a pidfd the kernel has already told us (POLLIN) and the poll loop would report it
         * within its latency, so the time is as good as the notification's. */
        track_exited(p, st, p->pidfd >= 0 && (pidfd_revents(p->pidfd) & POLLIN));
    }
}

/* Whether /proc/PID/stat shows us the exit_code field: it is withheld (reads 0) unless we may
 * ptrace-read the process, i.e. we are root or it runs as our user. */
static bool exit_code_visible(const struct proc *p) {
    if (geteuid() == 0) return true;
    struct stat sb;
    return p->statfd >= 0 && fstat(p->statfd, &sb) == 0 && sb.st_uid == geteuid();
}

/*
 * The kernel hands a dying process's children to their new parent before the process itself
 * becomes a zombie (exit_notify: forget_original_parent, then EXIT_ZOMBIE). So once we record an
 * exit, its children already have their new parent: read them now, before any event of theirs,
 * so that the record says whether each was still running then (an orphan) or already a zombie.
 * Read later, a child that exits right after its adoption could no longer be told from a zombie
 * handed over.
 */
static void reparent_children_of(pid_t dead) {
    for (size_t i = 0; i < table_size(); i++) {
        struct proc *c = table_at(i);
        if (c->dead || c->ppid != dead) continue;
        struct pstat st;
        if (track_refresh(c, &st) < 0 || st.ppid == dead) continue;
        bool zombie = st.state == 'Z' || st.state == 'X';
        c->ppid = st.ppid;
        ev_reparent(c, dead, st.ppid, true, !zombie);
    }
}

void track_set_exit(struct proc *p, int status, bool exact, pid_t ppid) {
    if (p->exited) return;
    p->exited = true;
    /* From now on only the reap is news: no events asked, so only EPOLLHUP (Linux >= 6.9) wakes us. */
    if (p->pidfd >= 0) loop_mod(p->pidfd, 0, SRC_PIDFD, p);
    p->status = status;
    ev_exit(p, status, exact, ppid);
    reparent_children_of(p->pid);
}

void track_exited(struct proc *p, const struct pstat *st, bool exact) {
    if (p->exited) return;
    int status = -1;
    if (st && (st->state == 'Z' || st->state == 'X') && st->exit_code >= 0 && exit_code_visible(p))
        status = st->exit_code;
    else if (!st && p->pidfd >= 0)
        status = pidfd_exit_status(p->pidfd);
    if (st) p->state = st->state;
    track_set_exit(p, status, exact, st ? st->ppid : p->ppid);
}

void track_gone(struct proc *p) {
    if (p->dead) return;
    bool hup = p->pidfd >= 0 && (pidfd_revents(p->pidfd) & POLLHUP);
    if (!p->exited) track_exited(p, NULL, p->pidfd >= 0);
    if (p->status < 0 && p->pidfd >= 0) p->status = pidfd_exit_status(p->pidfd);
    ev_reap(p, "parent", p->status, hup);
    table_remove(p);
}

int track_signal(struct proc *p, int sig) {
    if (p->dead) return -ESRCH;
    if (p->pidfd >= 0) return pidfd_signal(p->pidfd, sig);
    /* No pidfd: prove the pid still names the process we saw, then signal. The window between the
     * check and kill(2) is the pre-pidfd race every init lives with; it needs the process to be
     * reaped and its pid reused within microseconds. */
    struct pstat st;
    if (track_refresh(p, &st) < 0) return -ESRCH;
    return kill(p->pid, sig) < 0 ? -errno : 0;
}

bool track_alive(const struct proc *p) {
    return !p->dead && !p->exited && p->state != 'Z' && p->state != 'X';
}
