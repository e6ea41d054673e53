#include "table.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loop.h"
#include "util.h"

/* Dense array for iteration, plus an open-addressing hash from pid to entry for the walk. */
static struct proc **all;
static size_t n_all, cap_all;

static struct proc **slots; /* NULL: empty; TOMB: deleted */
static size_t n_slots, n_used, n_tomb;
static size_t n_live;
static struct proc tomb_marker;
#define TOMB (&tomb_marker)

static size_t hash(pid_t pid) { return ((uint32_t)pid * 2654435761u) & (n_slots - 1); }

static void rehash(size_t size) {
    struct proc **old = slots;
    size_t old_n = n_slots;
    slots = calloc(size, sizeof *slots);
    if (!slots) {
        diag("out of memory");
        _exit(70);
    }
    n_slots = size;
    n_used = n_tomb = 0;
    for (size_t i = 0; i < old_n; i++) {
        struct proc *p = old[i];
        if (!p || p == TOMB) continue;
        size_t h = hash(p->pid);
        while (slots[h]) h = (h + 1) & (n_slots - 1);
        slots[h] = p;
        n_used++;
    }
    free(old);
}

struct proc *table_find(pid_t pid) {
    if (!n_slots) return NULL;
    for (size_t h = hash(pid);; h = (h + 1) & (n_slots - 1)) {
        struct proc *p = slots[h];
        if (!p) return NULL;
        if (p != TOMB && p->pid == pid) return p;
    }
}

struct proc *table_add(pid_t pid, unsigned long long start) {
    if ((n_used + n_tomb + 1) * 2 > n_slots) rehash(n_slots ? (n_used * 4 > n_slots ? n_slots * 2 : n_slots) : 64);
    struct proc *p = xmalloc(sizeof *p);
    memset(p, 0, sizeof *p);
    p->pid = pid;
    p->start = start;
    p->pidfd = -1;
    p->statfd = -1;
    p->childfd = -1;
    p->status = -1;
    size_t h = hash(pid);
    while (slots[h] && slots[h] != TOMB) h = (h + 1) & (n_slots - 1);
    if (slots[h] == TOMB) n_tomb--;
    slots[h] = p;
    n_used++;
    grow(&all, &cap_all, n_all + 1, sizeof *all);
    all[n_all++] = p;
    n_live++;
    return p;
}

void table_remove(struct proc *p) {
    if (p->dead) return;
    p->dead = true;
    n_live--;
    if (p->pidfd >= 0) {
        loop_del(p->pidfd);
        close(p->pidfd);
    }
    if (p->statfd >= 0) close(p->statfd);
    if (p->childfd >= 0) close(p->childfd);
    p->pidfd = p->statfd = p->childfd = -1;
    for (size_t h = hash(p->pid);; h = (h + 1) & (n_slots - 1)) {
        if (!slots[h]) break;
        if (slots[h] == p) {
            slots[h] = TOMB;
            n_used--;
            n_tomb++;
            break;
        }
    }
}

void table_gc(void) {
    size_t j = 0;
    for (size_t i = 0; i < n_all; i++) {
        if (all[i]->dead) free(all[i]);
        else all[j++] = all[i];
    }
    n_all = j;
}

size_t table_size(void) { return n_all; }

struct proc *table_at(size_t i) { return all[i]; }

size_t table_live(void) { return n_live; }
