/*
 * pidfds (Linux >= 5.3): a file descriptor that refers to one process, not to a pid number, so a
 * signal sent through it can never hit a recycled pid. poll(2) reports POLLIN once the process has
 * exited and, since Linux 6.9, POLLHUP once it has been reaped; since 6.15 the exit status can be
 * read from the pidfd after the reap (PIDFD_GET_INFO). Raw syscalls: no libc wrapper is needed.
 */
#ifndef PROCLIFE_PIDFD_H
#define PROCLIFE_PIDFD_H

#include <stdbool.h>
#include <sys/types.h>

/* Returns a pidfd (always O_CLOEXEC) or -errno. */
int pidfd_open_pid(pid_t pid);

/* Returns 0 or -errno. */
int pidfd_signal(int pidfd, int sig);

/* poll(2) with no wait: the revents right now. */
short pidfd_revents(int pidfd);

/* The wait status recorded in the pidfd after the reap (Linux >= 6.15), or -1. */
int pidfd_exit_status(int pidfd);

#endif
