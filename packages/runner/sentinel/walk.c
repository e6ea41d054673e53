#include "walk.h"

#include <stdbool.h>

#include "events.h"
#include "proc.h"
#include "sentinel.h"
#include "table.h"
#include "track.h"
#include "util.h"

static unsigned gen;          /* walk generation, stamped on every process a walk reaches */
static struct pidvec queue;   /* breadth-first: parents before children, siblings in fork order */
static long last_pid = -1;    /* /proc/loadavg's last pid at the start of the previous walk */
static int since_walk;

static bool is_zombie(char state) { return state == 'Z' || state == 'X'; }

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
    } else {
        p = track_discover(pid);
        if (!p) return;
    }
    p->gen = gen;
    if (!is_zombie(p->state)) proc_children(pid, p->threads, &queue);
}

static void walk_from(long lp) {
    clock_tick();
    g.walks++;
    last_pid = lp; /* read before walking: a fork during the walk triggers the next one */
    since_walk = 0;
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
            if (!is_zombie(p->state)) proc_children(p->pid, p->threads, &queue);
        }
        if (head == queue.n) break;
    }
}

void walk(void) { walk_from(proc_last_pid()); }

void sample(void) {
    g.samples++;
    since_walk++;
    long lp = proc_last_pid();
    if (since_walk >= g.full_every || lp != last_pid || lp < 0) {
        walk_from(lp);
        return;
    }
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
        ev_reparent(p, from, st.ppid, true);
    }
    static struct pidvec kids;
    kids.n = 0;
    proc_children(g.pid, 1, &kids);
    for (size_t i = 0; i < kids.n; i++)
        if (!table_find(kids.v[i])) (void)track_discover(kids.v[i]);
}
