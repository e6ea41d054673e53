/*
 * Reading /proc: one process's stat line, its children, its argv.
 *
 * /proc/PID/stat is parsed the careful way (comm may hold spaces and parentheses: it runs from the
 * first '(' to the LAST ')'). A stat file kept open keeps pointing at the process it was opened for:
 * once that process is reaped, pread(2) on it fails with ESRCH even if the pid has been reused. That
 * is what makes the kept-open fd both cheaper (one syscall per sample) and an identity proof.
 */
#ifndef PROCLIFE_PROC_H
#define PROCLIFE_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define COMM_MAX 64

struct pstat {
    pid_t pid;
    char comm[COMM_MAX];
    size_t comm_len;
    char state;                       /* R S D T t Z X I ... */
    pid_t ppid;
    pid_t pgid;                       /* field 5: process group */
    pid_t sid;                        /* field 6: session */
    long threads;                     /* field 20 */
    unsigned long long start;         /* field 22, clock ticks since boot */
    unsigned long long utime, stime;  /* fields 14, 15 */
    unsigned long long startcode;     /* field 26: moves on exec (0 when hidden or a zombie) */
    unsigned long long startstack;    /* field 28: moves on exec with ASLR */
    int exit_code;                    /* field 52: the wait status of a zombie; -1 if absent */
};

/* Parses one stat line. Returns 0 or -EINVAL. */
int pstat_parse(const char *buf, size_t len, struct pstat *st);

/* Opens /proc/PID/stat (O_CLOEXEC). Returns the fd, or -errno. */
int pstat_open(pid_t pid);

/* pread(2) at offset 0 of a kept-open stat fd. Returns 0, -ESRCH when that process is gone. */
int pstat_read_fd(int fd, struct pstat *st);

/* Opens, reads and closes /proc/PID/stat. Returns 0, or -ESRCH when no such process exists. */
int pstat_read(pid_t pid, struct pstat *st);

struct pidvec {
    pid_t *v;
    size_t n, cap;
};

void pidvec_push(struct pidvec *pv, pid_t pid);

/*
 * Appends the children of every thread of PID (threads as read from stat): the kernel lists a
 * child under the thread that forked it, so a multi-threaded parent needs all of /proc/PID/task/x.
 */
void proc_children(pid_t pid, long threads, struct pidvec *out);

/* Opens /proc/PID/task/PID/children (O_CLOEXEC): the main thread's children. fd or -errno. */
int proc_open_children(pid_t pid);

/* Appends the pids listed by a kept-open children file (pread from offset 0). Returns 0 or -errno. */
int proc_children_fd(int fd, struct pidvec *out);

/* Appends the children of the threads of PID other than the main one. */
void proc_thread_children(pid_t pid, struct pidvec *out);

/* The thread group of a task id (a pid that is a thread's shows another tgid), or -1. */
pid_t proc_tgid(pid_t tid);

/* argv as the raw NUL-separated bytes of /proc/PID/cmdline (malloc'd; *len 0 if none). */
char *proc_cmdline(pid_t pid, size_t *len, bool *truncated);

/* The most recently allocated pid, from /proc/loadavg. -1 if unreadable. */
long proc_last_pid(void);

#endif
