#include "cleanup.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include "events.h"
#include "sentinel.h"
#include "table.h"
#include "track.h"
#include "util.h"
#include "walk.h"

/* SIGKILL cannot be refused, but a process in uninterruptible sleep dies only when it wakes; and
 * without a subreaper, init reaps orphans when it pleases. Neither may hang the run forever. */
#define KILL_BOUND_NS (5LL * 1000 * 1000 * 1000)
#define DRAIN_BOUND_NS (2LL * 1000 * 1000 * 1000)

enum phase { IDLE, FREEZE, TERM, KILL, DRAIN };

static enum phase phase = IDLE;
static int64_t term_ns;
static int64_t deadline;

static void deliver(struct proc *p, int sig) {
    int r = track_signal(p, sig);
    if (r == 0) ev_signal(p, sig, "cleanup");
    else if (r != -ESRCH) diag("cleanup: signal %d to %d: %s", sig, (int)p->pid, strerror(-r));
}

static bool any_alive(void) {
    for (size_t i = 0; i < table_size(); i++)
        if (track_alive(table_at(i))) return true;
    return false;
}

static void enter(enum phase next, int64_t bound) {
    phase = next;
    deadline = g.now_ns + bound;
}

bool cleanup_active(void) { return phase != IDLE; }

void cleanup_start(long term_ms) {
    clock_tick();
    if (phase == IDLE) {
        term_ns = (int64_t)term_ms * 1000000;
        if (term_ms > 0) enter(FREEZE, 0);
        else enter(KILL, KILL_BOUND_NS);
    } else if (term_ms == 0 && (phase == FREEZE || phase == TERM)) {
        enter(KILL, KILL_BOUND_NS); /* escalate: quit, or the runner is gone */
    }
}

void cleanup_quit(void) {
    if (phase != IDLE || any_alive()) {
        cleanup_start(0);
        return;
    }
    ev_bye();
    g.done = true;
}

static void finish(void) {
    ev_clean();
    phase = IDLE;
    if (g.quitting) ev_bye();
    if (g.quitting || g.runner_gone) g.done = true;
}

void cleanup_step(void) {
    switch (phase) {
    case IDLE:
        return;
    case FREEZE: {
        walk();
        int stopped = 0;
        for (size_t i = 0; i < table_size(); i++) {
            struct proc *p = table_at(i);
            if (!track_alive(p) || p->sent_stop) continue;
            deliver(p, SIGSTOP);
            p->sent_stop = true;
            stopped++;
        }
        if (stopped) return; /* walk again: a fork may have finished before our SIGSTOP */
        bool termed = false;
        for (size_t i = 0; i < table_size(); i++) {
            struct proc *p = table_at(i);
            if (!track_alive(p)) continue;
            deliver(p, SIGTERM);
            deliver(p, SIGCONT);
            p->sent_term = true;
            termed = true;
        }
        enter(TERM, term_ns);
        /* Nothing was alive (the usual end of a run): go on now rather than at the next tick. */
        if (!termed) cleanup_step();
        return;
    }
    case TERM:
        if (!any_alive()) walk(); /* everything we knew is dead: make sure nothing new is alive */
        if (!any_alive()) enter(DRAIN, DRAIN_BOUND_NS);
        else if (g.now_ns >= deadline) enter(KILL, KILL_BOUND_NS);
        else return;
        cleanup_step();
        return;
    case KILL: {
        walk();
        for (size_t i = 0; i < table_size(); i++) {
            struct proc *p = table_at(i);
            if (!track_alive(p) || p->sent_kill) continue;
            deliver(p, SIGKILL);
            p->sent_kill = true;
        }
        if (!any_alive()) {
            enter(DRAIN, DRAIN_BOUND_NS);
            cleanup_step();
        } else if (g.now_ns >= deadline) {
            diag("cleanup: processes still alive %lld ms after SIGKILL (uninterruptible sleep?)",
                 (long long)(KILL_BOUND_NS / 1000000));
            finish();
        }
        return;
    }
    case DRAIN:
        /* Zombies whose parent we saw die are ours and already reaped by the loop; what remains
         * belongs to someone else (no subreaper): watch them go, within a bound. */
        for (size_t i = 0; i < table_size(); i++) {
            struct proc *p = table_at(i);
            struct pstat st;
            if (!p->dead && track_refresh(p, &st) < 0) track_gone(p);
        }
        if (table_live() == 0 || g.now_ns >= deadline) finish();
        return;
    }
}

int64_t cleanup_wake_ns(void) {
    switch (phase) {
    case FREEZE: return g.now_ns;
    case TERM:
    case DRAIN: return deadline;
    case KILL: return g.now_ns + g.interval_ns < deadline ? g.now_ns + g.interval_ns : deadline;
    default: return INT64_MAX;
    }
}
