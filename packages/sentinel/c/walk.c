#include "walk.h"

#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "events.h"
#include "proc.h"
#include "sentinel.h"
#include "table.h"
#include "trace.h"
#include "track.h"
#include "util.h"

/* Probing one pid costs about what walking one tracked process costs; below this many new pids a
 * probe is always worth it. */
#define PROBE_MIN 16

/* A fork takes its pid (and /proc/loadavg shows it) a moment before the new process appears in
 * /proc and on its parent's children list. Pids that were missing when we looked - dead already,
 * or not there yet - are looked at once more on the next interval. */
#define RECHECK_MAX 64
#define IN_FLIGHT 8 /* forks that may be between those two moments when a walk starts */

static unsigned gen;          /* walk generation, stamped on every process a walk reaches */
static pid_t recheck[RECHECK_MAX], next_recheck[RECHECK_MAX];
static size_t n_recheck, n_next_recheck;
static bool recheck_overflow;
static struct pidvec queue;   /* breadth-first: parents before children, siblings in fork order */
static long last_pid = -1;    /* /proc/loadavg's last pid when we last looked for new processes */
static int since_walk;

static bool is_zombie(char state) { return state == 'Z' || state == 'X'; }

/* Queues the children of a tracked, live process. The main thread's list comes from a kept-open
 * fd: opened once the process is proven alive, it keeps naming that process, so a reused pid can
 * never show us someone else's children. */
static void queue_children(struct proc *p) {
    if (p->childfd < 0) {
        int fd = proc_open_children(p->pid);
        struct pstat st;
        if (fd >= 0 && track_refresh(p, &st) == 0) p->childfd = fd;
        else if (fd >= 0) close(fd);
    }
    if (p->childfd < 0 || proc_children_fd(p->childfd, &queue) < 0) proc_children(p->pid, 1, &queue);
    if (p->threads > 1) proc_thread_children(p->pid, &queue);
}

static void visit(pid_t pid) {
    struct proc *p = table_find(pid);
    struct pstat st;
    if (p && p->gen == gen) return;
    if (p && track_refresh(p, &st) < 0) {
        /* The pid we knew is gone and the number was given to a new process already. */
        track_gone(p);
        p = NULL;
    }
    if (p) {
        track_update(p, &st);
    } else if (g.tracing) {
        return; /* a birth whose fork event is on its way: the kernel's report is the exact one */
    } else {
        p = track_discover(pid);
        if (!p) return;
    }
    p->gen = gen;
    if (!is_zombie(p->state)) queue_children(p);
}

static void recheck_later(pid_t pid) {
    if (n_next_recheck < RECHECK_MAX) next_recheck[n_next_recheck++] = pid;
    else recheck_overflow = true;
}

static void walk_from(long lp) {
    clock_tick();
    g.walks++;
    long prev = last_pid;
    last_pid = lp; /* read before walking: a fork during the walk is found next time */
    since_walk = 0;
    recheck_overflow = false;
    n_next_recheck = 0;
    gen++;
    queue.n = 0;
    proc_children(g.pid, 1, &queue);
    size_t head = 0;
    for (;;) {
        while (head < queue.n) visit(queue.v[head++]);
        /*
         * Tracked processes the walk did not reach: gone (reaped by their parent), or outside our
         * subtree (no subreaper: orphans went to init). The latter are still ours to report, so
         * they are sampled directly and their children walked too.
         */
        for (size_t i = 0; i < table_size(); i++) {
            struct proc *p = table_at(i);
            if (p->dead || p->gen == gen) continue;
            struct pstat st;
            if (track_refresh(p, &st) < 0) {
                track_gone(p);
                continue;
            }
            p->gen = gen;
            track_update(p, &st);
            if (!is_zombie(p->state)) queue_children(p);
        }
        if (head == queue.n) break;
    }
    /* The newest pids may belong to forks still in flight when we listed children (only pids new
     * since we last looked: older ones were probed, or are on the recheck list already). */
    long low = prev >= 0 && prev <= lp && prev > lp - IN_FLIGHT ? prev : lp - IN_FLIGHT;
    for (long pid = lp; pid > 0 && pid > low; pid--)
        if (!table_find((pid_t)pid)) recheck_later((pid_t)pid);
    n_recheck = n_next_recheck;
    memcpy(recheck, next_recheck, n_recheck * sizeof *recheck);
}

void walk(void) {
    trace_wait(); /* births, execs and exits the kernel has reported already come first */
    walk_from(proc_last_pid());
}

/* Starts tracking pid if it is a new process of ours. Returns false if there is no such pid (yet). */
static bool probe_one(pid_t pid) {
    if (table_find(pid)) return true;
    int fd = pstat_open(pid);
    if (fd < 0) return false;
    struct pstat st, pst;
    struct proc *parent = NULL;
    bool ours = pstat_read_fd(fd, &st) == 0 &&
                (st.ppid == g.pid || ((parent = table_find(st.ppid)) && track_refresh(parent, &pst) == 0));
    /* A new thread takes a pid too, and its stat names its process's parent: skip threads. */
    if (ours && proc_tgid(pid) == pid) (void)track_new(pid, fd, &st, TRACK_SAMPLED);
    else close(fd);
    return true;
}

/*
 * Probes the pids allocated since we last looked, (from, to]. Allocation is sequential (modulo
 * wrap-around), so a parent's pid is below its child's and one ascending pass finds chains of new
 * processes. Returns false when a full walk is the better deal (wrapped, or too many new pids).
 */
static bool probe(long from, long to) {
    size_t budget = table_live() > PROBE_MIN ? table_live() : PROBE_MIN;
    if (to < from || (size_t)(to - from) > budget || recheck_overflow) return false;
    clock_tick();
    n_next_recheck = 0;
    for (size_t i = 0; i < n_recheck; i++)
        if (recheck[i] <= from) (void)probe_one(recheck[i]); /* a second look is the last */
    for (long pid = from + 1; pid <= to; pid++)
        if (!probe_one((pid_t)pid)) recheck_later((pid_t)pid);
    n_recheck = n_next_recheck;
    memcpy(recheck, next_recheck, n_recheck * sizeof *recheck);
    last_pid = to;
    return true;
}

void sample(void) {
    g.samples++;
    long lp = proc_last_pid();
    /* Traced, births are reported by the kernel: nothing to probe for. */
    bool news = !g.tracing && (lp != last_pid || n_recheck > 0);
    if (++since_walk >= g.full_every || lp < 0 || (news && !probe(last_pid, lp))) {
        walk_from(lp);
        return;
    }
    /* Zombies whose parent reaps them: the pidfd's EPOLLHUP reports that on Linux >= 6.9; this
     * catches it on older kernels (one pread per zombie). */
    clock_tick();
    for (size_t i = 0; i < table_size(); i++) {
        struct proc *p = table_at(i);
        struct pstat st;
        if (!p->dead && p->exited && track_refresh(p, &st) < 0) track_gone(p);
    }
}

void adopt_after_exits(const pid_t *dead, size_t n) {
    clock_tick();
    for (size_t i = 0; i < table_size(); i++) {
        struct proc *p = table_at(i);
        if (p->dead) continue;
        bool orphaned = false;
        for (size_t k = 0; k < n; k++) orphaned |= p->ppid == dead[k];
        struct pstat st;
        if (!orphaned || track_refresh(p, &st) < 0 || st.ppid == p->ppid) continue;
        pid_t from = p->ppid;
        p->ppid = st.ppid;
        ev_reparent(p, from, st.ppid, true, st.state != 'Z' && st.state != 'X');
    }
    static struct pidvec kids;
    kids.n = 0;
    proc_children(g.pid, 1, &kids);
    for (size_t i = 0; i < kids.n; i++)
        if (!g.tracing && !table_find(kids.v[i])) (void)track_discover(kids.v[i]);
}
