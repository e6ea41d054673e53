/*
 * Exact process-group and session changes under exact capture, and exact changes of the run
 * terminal's foreground group (tcsetpgrp is ioctl TIOCSPGRP, trapped the same way; not for x32
 * programs, whose ioctl has another number: sampled for them).
 *
 * No ptrace event exists for setpgid(2) or setsid(2), and stopping at every system call
 * (PTRACE_SYSCALL throughout) would make every fixture pay for the few that matter. So the root,
 * just before its exec, installs a tiny seccomp filter that asks the tracer (SECCOMP_RET_TRACE)
 * about exactly those calls and lets every other call through inside the kernel. The filter is
 * inherited by every descendant, across fork, clone and exec, and cannot be removed.
 *
 * At the PTRACE_EVENT_SECCOMP stop (syscall entry) the tracer resumes with PTRACE_SYSCALL once;
 * at the syscall-exit stop the change has happened and the tracee has not run a single
 * instruction since, so trace.c re-reads the caller and its children (setpgid can move only the
 * caller or one of its children) and reports each change there, in the kernel's order.
 *
 * A filter that returns SECCOMP_RET_TRACE with no tracer attached fails the call with ENOSYS, so
 * it is installed only when the root is already seized; the tracer is the sentinel, which lives
 * as long as the run (PTRACE_O_EXITKILL takes the tree with it otherwise).
 */
#ifndef PROCLIFE_SECCOMP_H
#define PROCLIFE_SECCOMP_H

/* SECCOMP_RET_DATA of our filter: a seccomp stop carrying another value is some other filter's
 * (the fixture's own), and is let through untouched. */
#define SECCOMP_GROUP_DATA 0x6701
/* The same for ioctl(fd, TIOCSPGRP, …): a terminal's foreground group may have changed. */
#define SECCOMP_FOREGROUND_DATA 0x6702

/*
 * Installs the filter in the calling process. Called in the root between fork and exec: only
 * async-signal-safe calls. Tries without no_new_privs first (allowed with CAP_SYS_ADMIN, so a
 * setuid program in a root's run keeps working), then sets no_new_privs, which an unprivileged
 * process needs. Returns 0, or an errno value (ENOSYS: no filter for this architecture).
 */
int seccomp_trap_groups(void);

#endif
