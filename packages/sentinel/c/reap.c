#include "reap.h"

#include <errno.h>
#include <sys/epoll.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "events.h"
#include "loop.h"
#include "sentinel.h"
#include "track.h"
#include "util.h"
#include "walk.h"

void on_pidfd(struct proc *p, uint32_t events, struct pidvec *exited) {
    if (p->dead) return;
    if (!p->exited && (events & (EPOLLIN | EPOLLHUP))) {
        struct pstat st;
        if (track_refresh(p, &st) == 0) track_exited(p, &st, true);
        else track_exited(p, NULL, true); /* already reaped: status from the pidfd, if the kernel keeps it */
        pidvec_push(exited, p->pid);
    }
    /* Reaped. Only a process's parent can reap it, and the sentinel reaps its own children in
     * reap_children() before their pidfd can hang up, so this was the parent's doing. */
    if (events & EPOLLHUP) track_gone(p);
}

void on_pidfds(const struct loop_event *evs, int n) {
    static struct pidvec exited;
    exited.n = 0;
    for (int i = 0; i < n; i++)
        if (evs[i].src == SRC_PIDFD) on_pidfd(evs[i].tag, evs[i].events, &exited);
    if (exited.n) adopt_after_exits(exited.v, exited.n);
}

/*
 * Handles every pidfd that is ready now. A child of ours that we are about to reap may have reaped
 * processes of its own, or seen them die, before it died itself: their pidfds turned ready before
 * its death, perhaps after the loop last looked. Handling them first keeps the record in the
 * kernel's order (their exit and reap, then the child's). Other sources stay ready for the loop.
 */
void reap_catch_up(void) {
    struct loop_event evs[64];
    for (;;) {
        int n = loop_wait(evs, 64, 0);
        bool any = false;
        for (int i = 0; i < n; i++) any |= evs[i].src == SRC_PIDFD;
        if (!any) return;
        on_pidfds(evs, n);
    }
}

/* Reaps one zombie child. Returns false if waitpid did not take it (stop looping). */
static bool reap_one(pid_t pid) {
    reap_catch_up();
    clock_tick();
    struct pstat st;
    int fd = pstat_open(pid);
    bool have = fd >= 0 && pstat_read_fd(fd, &st) == 0;
    struct proc *p = table_find(pid);
    if (p && have && p->start != st.start) {
        track_gone(p); /* a stale record under a reused pid */
        p = NULL;
    }
    if (!p && have) {
        /* Born and orphaned between two samples: never seen alive, but it reached us, so it goes
         * on the record before its exit and reap. */
        p = track_new(pid, fd, &st, TRACK_LATE);
        fd = -1;
    }
    if (fd >= 0) close(fd);
    if (!p) {
        p = table_add(pid, 0);
        p->ppid = g.pid;
        p->state = 'Z';
        ev_spawn(p, NULL, 0, false, true, false);
    }
    int status;
    pid_t r;
    do r = waitpid(pid, &status, WNOHANG | __WALL);
    while (r < 0 && errno == EINTR);
    if (r != pid) {
        diag("waitpid(%d) after waitid reported it: %s", (int)pid, r < 0 ? strerror(errno) : "not ready");
        return false;
    }
    clock_tick();
    reap_record(p, status);
    return true;
}

void reap_record(struct proc *p, int status) {
    if (p->ppid != g.pid) {
        /* Adopted since we last looked; the kernel did it when the parent died, just now. */
        pid_t from = p->ppid;
        p->ppid = g.pid;
        ev_reparent(p, from, g.pid, true, false); /* waitid reported it: a zombie now */
    }
    track_set_exit(p, status, p->pidfd >= 0 || g.tracing, p->ppid);
    ev_reap(p, "sentinel", status, true);
    if (p->root) {
        ev_root_exit(p, status);
        g.root_reaped = true;
    }
    table_remove(p);
}

void reap_children(void) {
    for (;;) {
        siginfo_t si;
        memset(&si, 0, sizeof si);
        /* WNOWAIT: look first, so the zombie's /proc entry (start time = identity, comm) can be read
         * before it disappears; __WALL: also children whose exit signal is not SIGCHLD. */
        if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT | __WALL) < 0) {
            if (errno == EINTR) continue;
            return; /* ECHILD: no children at all */
        }
        if (si.si_pid == 0 || !reap_one(si.si_pid)) return;
    }
}
