#include "seccomp.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#endif

#ifdef NATIVE_ARCH

/* x86_64's x32 ABI numbers its calls with this bit set; the same arch value says "x86_64". */
#if defined(__x86_64__)
#define X32_BIT 0x40000000U
#else
#define X32_BIT 0U
#endif

#define TRACE_IF(nr) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE | SECCOMP_GROUP_DATA)

/*
 * Another architecture's calls (a 32-bit program on a 64-bit kernel) carry other numbers: they are
 * let through, and their group changes are seen by sampling only.
 */
static struct sock_filter program[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
    TRACE_IF(__NR_setpgid),
    TRACE_IF(__NR_setsid),
#ifdef __NR_setpgrp
    TRACE_IF(__NR_setpgrp),
#endif
#if defined(__x86_64__)
    TRACE_IF(X32_BIT | __NR_setpgid),
    TRACE_IF(X32_BIT | __NR_setsid),
#endif
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* ioctl(fd, TIOCSPGRP, …), which tcsetpgrp(3) is: a new foreground group of a terminal. The
     * request is the low word of the second argument (little-endian); other ioctls go through. */
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 0, 3),
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TIOCSPGRP, 0, 1),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE | SECCOMP_FOREGROUND_DATA),
#endif
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};

int seccomp_trap_groups(void) {
    struct sock_fprog prog = {(unsigned short)(sizeof program / sizeof program[0]), program};
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0) return 0;
    if (errno != EACCES) return errno;
    /* Unprivileged: the kernel requires no_new_privs, so a filter cannot be used to confuse a
     * setuid program. A run that is not root's gains no privileges through exec from here on. */
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) return errno;
    return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0 ? 0 : errno;
}

#else

int seccomp_trap_groups(void) { return ENOSYS; }

#endif
