#include "loop.h"

#include <errno.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <unistd.h>

static int ep = -1;

/* epoll_event.data: the source in the low 3 bits; above them the tag (a malloc'd pointer, which is
 * 8-aligned) or the fd. */
static uint64_t pack(enum source src, void *tag, int fd) {
    uint64_t v = src == SRC_PIDFD ? (uint64_t)(uintptr_t)tag : (uint64_t)(uint32_t)fd << 3;
    return v | (uint64_t)src;
}

int loop_init(void) {
    ep = epoll_create1(EPOLL_CLOEXEC);
    return ep < 0 ? -errno : 0;
}

static int ctl(int op, int fd, uint32_t events, enum source src, void *tag) {
    struct epoll_event e = {.events = events, .data.u64 = pack(src, tag, fd)};
    return epoll_ctl(ep, op, fd, &e) < 0 ? -errno : 0;
}

int loop_add(int fd, uint32_t events, enum source src, void *tag) { return ctl(EPOLL_CTL_ADD, fd, events, src, tag); }

int loop_mod(int fd, uint32_t events, enum source src, void *tag) { return ctl(EPOLL_CTL_MOD, fd, events, src, tag); }

void loop_del(int fd) {
    struct epoll_event e = {0};
    epoll_ctl(ep, EPOLL_CTL_DEL, fd, &e);
}

int loop_wait(struct loop_event *out, int max, int timeout_ms) {
    struct epoll_event evs[64];
    if (max > 64) max = 64;
    int n = epoll_wait(ep, evs, max, timeout_ms);
    if (n < 0) return errno == EINTR ? 0 : -errno;
    for (int i = 0; i < n; i++) {
        uint64_t v = evs[i].data.u64;
        enum source src = (enum source)(v & 7);
        out[i] = (struct loop_event){
            .src = src,
            .tag = src == SRC_PIDFD ? (void *)(uintptr_t)(v & ~(uint64_t)7) : NULL,
            .fd = src == SRC_PIDFD ? -1 : (int)(v >> 3),
            .events = evs[i].events,
        };
    }
    return n;
}
