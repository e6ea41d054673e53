#include "pidfd.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

/* The first published layout of struct pidfd_info (PIDFD_INFO_SIZE_VER0 = 64 bytes, Linux 6.13);
 * exit_code is filled in from 6.15 when PIDFD_INFO_EXIT is asked for. Older headers lack it. */
struct pidfd_info_v0 {
    uint64_t mask;
    uint64_t cgroupid;
    uint32_t pid, tgid, ppid, ruid, rgid, euid, egid, suid, sgid, fsuid, fsgid;
    int32_t exit_code;
};
#define PROCLIFE_PIDFD_INFO_EXIT (1ULL << 3)
#define PROCLIFE_PIDFD_GET_INFO _IOWR(0xFF, 11, struct pidfd_info_v0)

int pidfd_open_pid(pid_t pid) {
    long fd = syscall(SYS_pidfd_open, pid, 0);
    return fd < 0 ? -errno : (int)fd;
}

int pidfd_signal(int pidfd, int sig) {
    return syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0 ? -errno : 0;
}

short pidfd_revents(int pidfd) {
    struct pollfd p = {.fd = pidfd, .events = POLLIN};
    return poll(&p, 1, 0) > 0 ? p.revents : 0;
}

int pidfd_exit_status(int pidfd) {
    struct pidfd_info_v0 info;
    memset(&info, 0, sizeof info);
    info.mask = PROCLIFE_PIDFD_INFO_EXIT;
    if (ioctl(pidfd, PROCLIFE_PIDFD_GET_INFO, &info) < 0) return -1;
    return (info.mask & PROCLIFE_PIDFD_INFO_EXIT) ? info.exit_code : -1;
}
