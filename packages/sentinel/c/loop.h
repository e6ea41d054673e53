/*
 * The event sources of the poll loop, registered once with epoll. With poll(2) the kernel would
 * re-poll every pidfd on every wakeup (200 a second at the default interval); with epoll a wakeup
 * costs what is ready, not what is watched.
 */
#ifndef PROCLIFE_LOOP_H
#define PROCLIFE_LOOP_H

#include <stdint.h>

enum source {
    SRC_CONTROL = 1, /* fd 0: commands */
    SRC_SIGNAL,      /* the signalfd */
    SRC_TIMER,       /* the sampling timerfd */
    SRC_LISTEN,      /* the checkpoint socket */
    SRC_CLIENT,      /* a checkpoint caller; tag = its fd */
    SRC_PIDFD,       /* a tracked process; tag = its struct proc */
    SRC_PTY,         /* --terminal: the pseudo-terminal's master (pty.c) */
};

/* Creates the epoll instance. Returns 0 or -errno. */
int loop_init(void);
/* (Re)registers fd for events (EPOLLHUP and EPOLLERR always come). Returns 0 or -errno. */
int loop_add(int fd, uint32_t events, enum source src, void *tag);
int loop_mod(int fd, uint32_t events, enum source src, void *tag);
/* Before closing fd: a forked child may still hold a copy, which would keep it registered. */
void loop_del(int fd);

struct loop_event {
    enum source src;
    void *tag;
    int fd;
    uint32_t events;
};

/* Waits up to timeout_ms (-1: forever) and returns up to max ready sources. */
int loop_wait(struct loop_event *out, int max, int timeout_ms);

#endif
