#include "exits.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/ptrace.h>

#include "proc.h"
#include "sentinel.h"
#include "table.h"
#include "util.h"

#define SLOW_EXIT_NS 500000000LL

/* Let through, exit not yet reported; with the time each went. */
static struct pidvec going;
static int64_t *going_since;
static size_t going_cap;
/* At their exit stop, waiting, in the order they stopped. */
static struct pidvec held;

static pid_t parent_of(pid_t pid) {
    struct proc *p = table_find(pid);
    return p ? p->ppid : 0;
}

/* Whether the exits of a and b race in exit_notify: one is the other's parent. */
static bool related(pid_t a, pid_t b) { return parent_of(a) == b || parent_of(b) == a; }

/* Whether pid must wait: related to an exit under way, or to one held before it (kept in order). */
static bool must_wait(pid_t pid, const pid_t *before, size_t n_before) {
    for (size_t i = 0; i < going.n; i++)
        if (related(pid, going.v[i])) return true;
    for (size_t i = 0; i < n_before; i++)
        if (related(pid, before[i])) return true;
    return false;
}

static void let_go(pid_t pid) {
    if (going.n == going_cap) {
        going_cap = going_cap ? going_cap * 2 : 64;
        going_since = xrealloc(going_since, going_cap * sizeof *going_since);
    }
    going_since[going.n] = g.now_ns;
    pidvec_push(&going, pid);
    /* ESRCH is normal: SIGKILLed while stopped, its exit is the next thing wait reports. */
    if (ptrace(PTRACE_CONT, pid, 0, 0) < 0 && errno != ESRCH) diag("ptrace(CONT, %d): %s", (int)pid, strerror(errno));
}

/* Lets through every held exit that need not wait any more, oldest first. */
static void release(void) {
    size_t kept = 0;
    for (size_t i = 0; i < held.n; i++) {
        pid_t pid = held.v[i];
        if (must_wait(pid, held.v, kept)) held.v[kept++] = pid;
        else let_go(pid);
    }
    held.n = kept;
}

static bool drop(struct pidvec *pv, pid_t pid, bool timed) {
    for (size_t i = 0; i < pv->n; i++) {
        if (pv->v[i] != pid) continue;
        memmove(pv->v + i, pv->v + i + 1, (pv->n - i - 1) * sizeof *pv->v);
        if (timed) memmove(going_since + i, going_since + i + 1, (pv->n - i - 1) * sizeof *going_since);
        pv->n--;
        return true;
    }
    return false;
}

void exits_stopped(pid_t pid) {
    if (must_wait(pid, held.v, held.n)) pidvec_push(&held, pid);
    else let_go(pid);
}

void exits_done(pid_t pid) {
    /* One still held can be reported too: a SIGKILL ends the exit stop without us. */
    bool was_held = drop(&held, pid, false);
    if (drop(&going, pid, true) || was_held) release();
}

int64_t exits_wake_ns(void) {
    if (!held.n) return INT64_MAX;
    int64_t wake = INT64_MAX;
    for (size_t i = 0; i < going.n; i++) {
        int64_t due = going_since[i] + SLOW_EXIT_NS + 1; /* exits_tick lets go only past the bound */
        if (due < wake) wake = due;
    }
    return wake;
}

void exits_tick(void) {
    if (!held.n) return;
    bool dropped = false;
    for (size_t i = 0; i < going.n;) {
        if (g.now_ns - going_since[i] <= SLOW_EXIT_NS) {
            i++;
            continue;
        }
        diag("pid %d is slow to exit; letting the exits that wait for it through", (int)going.v[i]);
        drop(&going, going.v[i], true);
        dropped = true;
    }
    if (dropped) release();
}
