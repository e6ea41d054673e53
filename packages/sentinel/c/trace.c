#include "trace.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <stddef.h>
#include <sys/resource.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "events.h"
#include "exits.h"
#include "proc.h"
#include "pty.h"
#include "reap.h"
#include "seccomp.h"
#include "sentinel.h"
#include "table.h"
#include "track.h"
#include "util.h"

#define TRACE_OPTIONS                                                                                          \
    (PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT |  \
     PTRACE_O_EXITKILL | PTRACE_O_TRACESECCOMP | PTRACE_O_TRACESYSGOOD)

/* Why tracing was refused, in words a user can act on. */
static void refused(pid_t pid, int err) {
    char tracer[32] = "";
    char path[48], *buf = NULL;
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "re");
    size_t cap = 0;
    while (f && getline(&buf, &cap, f) > 0)
        if (strncmp(buf, "TracerPid:", 10) == 0 && strtol(buf + 10, NULL, 10) > 0)
            snprintf(tracer, sizeof tracer, "%ld", strtol(buf + 10, NULL, 10));
    free(buf);
    if (f) fclose(f);
    int scope = -1;
    FILE *y = fopen("/proc/sys/kernel/yama/ptrace_scope", "re");
    if (y && fscanf(y, "%d", &scope) != 1) scope = -1;
    if (y) fclose(y);
    if (tracer[0])
        snprintf(g.capture_reason, sizeof g.capture_reason, "ptrace refused: the fixture is already traced by pid %s", tracer);
    else if (scope == 3)
        snprintf(g.capture_reason, sizeof g.capture_reason, "ptrace refused: kernel.yama.ptrace_scope is 3");
    else if (err == EPERM || err == ENOSYS)
        snprintf(g.capture_reason, sizeof g.capture_reason, "ptrace refused (%s): a seccomp policy or a security module forbids it", strerror(err));
    else
        snprintf(g.capture_reason, sizeof g.capture_reason, "ptrace(PTRACE_SEIZE): %s", strerror(err));
}

void trace_seize(pid_t pid) {
    if (g.capture_reason[0]) return; /* --no-trace */
    if (ptrace(PTRACE_SEIZE, pid, 0, (void *)(long)TRACE_OPTIONS) == 0) {
        g.tracing = true;
        /*
         * A tracee waits for its tracer at every fork, exec, exit and signal, so on a busy machine
         * the sentinel's scheduling latency becomes the fixture's (a parent's wait, its SIGCHLD).
         * Where allowed (root, CAP_SYS_NICE), the sentinel runs at a higher priority; it uses a few
         * percent of a core at most. The fixture, forked before this, keeps its own priority.
         */
        if (setpriority(PRIO_PROCESS, 0, -10) == 0) g.raised_priority = true;
        return;
    }
    refused(pid, errno);
    diag("exact capture is off (%s): births and execs will be sampled", g.capture_reason);
}

/*
 * Resumes a stopped tracee. ESRCH is normal: a tracee can be SIGKILLed while stopped, and its
 * exit is then the next thing wait reports.
 */
static void resume(pid_t tid, int request, int sig) {
    if (ptrace(request, tid, 0, (void *)(long)sig) < 0 && errno != ESRCH)
        diag("ptrace(%d, %d): %s", request, (int)tid, strerror(errno));
}

/*
 * New tasks whose first stop came before the event of the parent that made them (the kernel
 * queues the two independently). They stay stopped, so they cannot exec or fork before their
 * birth is on the record; the parent's event releases them.
 */
static struct pidvec parked;
/* Tasks between the entry and the return of a trapped tcsetpgrp (ioctl TIOCSPGRP): at the return
 * the terminal's foreground group is read, not the caller's groups. */
static struct pidvec foreground_calls;

/* Removes tid from pv (it is there at most once); whether it was there. */
static bool take(struct pidvec *pv, pid_t tid) {
    for (size_t i = 0; i < pv->n; i++) {
        if (pv->v[i] != tid) continue;
        pv->v[i] = pv->v[--pv->n];
        return true;
    }
    return false;
}

bool trace_foreground_call_pending(void) { return foreground_calls.n > 0; }

static bool unpark(pid_t pid) {
    for (size_t i = 0; i < parked.n; i++) {
        if (parked.v[i] != pid) continue;
        parked.v[i] = parked.v[--parked.n];
        return true;
    }
    return false;
}

/* A task at its PTRACE_EVENT_EXIT stop: a tracked process goes through the exit gate (exits.h);
 * a thread, or a task the record never held, goes on at once. */
static void on_exit_stop(pid_t tid) {
    /* A tracked pid whose kept stat fd still reads is that process (no pid is reused while its
     * process exists), so tid is its leader: no /proc/PID/status read at every exit. A thread's
     * tid is never a tracked pid; a stale record (reaped unseen, the pid reused) fails the read. */
    struct proc *p = table_find(tid);
    struct pstat st;
    if (!p || track_refresh(p, &st) < 0) {
        resume(tid, PTRACE_CONT, 0);
        return;
    }
    /*
     * At this stop the process is not a zombie yet: exit_notify, which makes it one, comes after.
     * So a parent other than the one recorded means it was adopted while it still ran - an orphan,
     * whichever of the two exits is reported first. Said now: if its parent is slow to exit, the
     * gate lets this exit through before the parent's, and read then the order would be unknown.
     * (Once said, the exit no longer waits for that parent's: the two are no longer related.)
     */
    bool adopted = !p->exited && st.ppid > 0 && st.ppid != p->ppid;
    if (!p->exited) track_rename_before_exit(p, &st);
    exits_stopped(tid);
    if (adopted) {
        pid_t from = p->ppid;
        p->ppid = st.ppid;
        ev_reparent(p, from, st.ppid, false, true);
    }
}

/* The process (thread group) a task belongs to: a tracked process is its own leader. */
static pid_t tgid_of(pid_t tid) {
    if (table_find(tid)) return tid;
    pid_t tgid = proc_tgid(tid);
    return tgid > 0 ? tgid : tid;
}

/*
 * A new process, reported by its parent's fork/vfork/clone event (or found parked with no parent
 * left to report it). Stopped at its first instruction, so its argv and comm are its parent's.
 */
static void birth(pid_t pid, pid_t parent, bool exact) {
    int fd = pstat_open(pid);
    struct pstat st;
    if (fd < 0 || pstat_read_fd(fd, &st) < 0) {
        if (fd >= 0) close(fd);
        return; /* killed already; its exit, if it is ours to see, follows */
    }
    struct proc *known = table_find(pid);
    if (known && known->start == st.start) {
        close(fd);
        return;
    }
    if (known) track_gone(known); /* a stale record: its parent reaped it, and the pid is reused */
    st.ppid = parent;
    st.state = 'R'; /* its stat says 't' (our stop), which it never is to anyone else */
    (void)track_new(pid, fd, &st, exact ? TRACK_TRACED : TRACK_SAMPLED);
}

/* PTRACE_EVENT_FORK / VFORK / CLONE: tid made a new task. */
static void on_new_task(pid_t tid, int event) {
    unsigned long msg = 0;
    if (ptrace(PTRACE_GETEVENTMSG, tid, 0, &msg) == 0 && msg > 0) {
        pid_t child = (pid_t)msg;
        pid_t parent = tgid_of(tid);
        /* A thread is a clone that shares its creator's thread group: followed (its forks are the
         * process's forks), never reported as a process. */
        bool thread = event == PTRACE_EVENT_CLONE && proc_tgid(child) == parent;
        if (!thread) birth(child, parent, true);
        if (unpark(child)) resume(child, PTRACE_CONT, 0);
    }
    resume(tid, PTRACE_CONT, 0);
}

/* PTRACE_EVENT_EXEC: the exec has completed; pid is the thread group's (even if a thread exec'd). */
static void on_exec(pid_t pid) {
    struct proc *p = table_find(pid);
    struct pstat st;
    if (p && track_refresh(p, &st) == 0) {
        if (p->launch_exec) p->launch_exec = false; /* the root becoming the fixture: its spawn said so */
        else track_exec(p, &st, true);
    }
    resume(pid, PTRACE_CONT, 0);
}

/*
 * PTRACE_EVENT_STOP. With SIGTRAP it is not a job-control stop: a new task's first stop, or the
 * re-trap of a LISTENing tracee that got SIGCONT. With a stop signal it is a group-stop:
 * PTRACE_LISTEN keeps it stopped, as untraced (the real parent's waitpid(WUNTRACED) sees it), yet
 * lets a later SIGCONT through (the real parent's WCONTINUED sees that). PTRACE_CONT here would
 * silently undo every SIGSTOP and SIGTSTP, and with it a shell's job control.
 */
static void on_event_stop(pid_t tid, int sig) {
    struct proc *p = table_find(tid);
    if (sig != SIGTRAP) {
        if (p && p->state != 'T') {
            ev_state(p, p->state, 'T', sig); /* a group-stop names its signal: exact */
            p->state = 'T';
        }
        resume(tid, PTRACE_LISTEN, 0);
        return;
    }
    if (p && p->state == 'T') {
        ev_state(p, 'T', 'S', SIGCONT); /* the re-trap of a LISTENing tracee: SIGCONT came, exactly */
        p->state = 'S';
    }
    /* (An unknown tid that is its own thread group's leader is no thread of a tracked process.) */
    if (p || proc_tgid(tid) != tid) {
        resume(tid, PTRACE_CONT, 0); /* known, or a thread: threads are never reported */
        return;
    }
    /* An unknown process at its first stop: its parent's fork event has not been read yet. */
    unpark(tid); /* never twice */
    pidvec_push(&parked, tid);
}

/*
 * PTRACE_EVENT_SECCOMP: a tracee is entering setpgid, setsid or tcsetpgrp (our filter, seccomp.h). Resumed
 * with PTRACE_SYSCALL once, so it stops again when the call returns (since Linux 4.8 the seccomp
 * stop comes after syscall-entry, and the kernel re-checks the filter without stopping again).
 *
 * A stop from another filter (the fixture's own SECCOMP_RET_TRACE, other data) must end as it
 * would untraced, where the kernel fails the call with ENOSYS: on x86_64 the call is skipped
 * (orig_rax = -1; the entry code has already put -ENOSYS in rax, the return value). Elsewhere it
 * runs, as under a tracer that does not care (a documented difference).
 */
static void on_seccomp(pid_t tid) {
    unsigned long data = 0;
    bool got = ptrace(PTRACE_GETEVENTMSG, tid, 0, &data) == 0;
    bool ours = got && (data == SECCOMP_GROUP_DATA || data == SECCOMP_FOREGROUND_DATA);
    /* A tid left over from a task killed inside a tcsetpgrp, now another task's: not a tcsetpgrp. */
    take(&foreground_calls, tid);
    if (got && data == SECCOMP_FOREGROUND_DATA) pidvec_push(&foreground_calls, tid);
#if defined(__x86_64__)
    if (!ours && ptrace(PTRACE_POKEUSER, tid, (void *)offsetof(struct user_regs_struct, orig_rax), (void *)-1L) < 0 && errno != ESRCH)
        diag("ptrace(POKEUSER, %d): %s", (int)tid, strerror(errno));
#endif
    resume(tid, ours ? PTRACE_SYSCALL : PTRACE_CONT, 0);
}

/* The syscall-exit stop after on_seccomp (the only syscall stops we ask for, marked by
 * TRACESYSGOOD): the call has returned and the caller has not run since. setpgid moves the caller
 * or one of its children, setsid the caller: read them all, report what changed, exactly. */
static void on_group_call_done(pid_t tid) {
    if (take(&foreground_calls, tid)) {
        /* tcsetpgrp has returned: a new foreground group is read here, in the kernel's order. */
        pty_foreground_call();
        resume(tid, PTRACE_CONT, 0);
        return;
    }
    track_group_call(tgid_of(tid));
    resume(tid, PTRACE_CONT, 0);
}

/* Parked tasks whose parent can no longer report them (it died, or was never ours): recorded now,
 * with the parent /proc shows (exact: false), and released. */
static void settle_parked(void) {
    for (size_t i = 0; i < parked.n;) {
        pid_t pid = parked.v[i];
        struct pstat st;
        if (pstat_read(pid, &st) < 0) {
            parked.v[i] = parked.v[--parked.n];
            continue;
        }
        struct proc *parent = table_find(st.ppid);
        if (parent && track_alive(parent)) {
            i++;
            continue;
        }
        parked.v[i] = parked.v[--parked.n];
        birth(pid, st.ppid, false);
        resume(pid, PTRACE_CONT, 0);
    }
}

/*
 * A tracee exited. The tracer hears it first: its real parent can neither reap it nor get SIGCHLD
 * until this wait, so exits are collected before anything else. If the sentinel is its parent
 * (the root, an adopted orphan), this wait was also its reap.
 */
static void on_tracee_exit(pid_t pid, int status, bool ours, pid_t ppid) {
    unpark(pid);
    take(&foreground_calls, pid); /* killed inside a tcsetpgrp: no return stop will come */
    struct proc *p = table_find(pid);
    if (!p) return; /* a thread, or a task the record never held */
    /* The pidfd may have reported the exit first, from a stat that withheld the status (another
     * user's process): the tracer's wait always has it, and the reap will carry it. */
    if (p->exited && p->status < 0) p->status = status;
    if (ours) {
        reap_record(p, status);
        return;
    }
    track_set_exit(p, status, true, ppid > 0 ? ppid : p->ppid);
}

void trace_wait(void) {
    if (!g.tracing) return;
    exits_tick();
    for (;;) {
        siginfo_t si;
        memset(&si, 0, sizeof si);
        /* WNOWAIT: look first. An exited tracee is a zombie its parent cannot reap until we wait,
         * so its stat says who that parent is: the sentinel (this wait reaps it) or another. */
        if (waitid(P_ALL, 0, &si, WEXITED | WSTOPPED | WNOHANG | WNOWAIT | __WALL) < 0) {
            if (errno == EINTR) continue;
            break; /* ECHILD */
        }
        if (si.si_pid == 0) break;
        pid_t pid = si.si_pid;
        bool exited = si.si_code == CLD_EXITED || si.si_code == CLD_KILLED || si.si_code == CLD_DUMPED;
        bool ours = false, thread_only = false;
        pid_t exit_ppid = 0; /* the zombie's parent now: who holds it */
        if (exited) {
            reap_catch_up(); /* its children's exits and reaps first, in the kernel's order */
            struct proc *p = table_find(pid);
            struct pstat st;
            if (p && track_refresh(p, &st) == 0) {
                bool zombie = st.state == 'Z' || st.state == 'X';
                ours = zombie && st.ppid == g.pid;
                exit_ppid = st.ppid;
                /* Not a zombie: a thread died under the process's pid (a thread's exec replaces
                 * the leader), not the process. */
                thread_only = !zombie;
            }
        }
        int status;
        pid_t r;
        do r = waitpid(pid, &status, WNOHANG | __WALL);
        while (r < 0 && errno == EINTR);
        if (r != pid) break;
        clock_tick();
        if (WIFEXITED(status) || WIFSIGNALED(status)) {
            if (!thread_only) on_tracee_exit(pid, status, ours, exit_ppid);
            exits_done(pid);
            continue;
        }
        if (!WIFSTOPPED(status)) continue;
        int event = status >> 16, sig = WSTOPSIG(status);
        switch (event) {
        case PTRACE_EVENT_FORK:
        case PTRACE_EVENT_VFORK:
        case PTRACE_EVENT_CLONE:
            on_new_task(pid, event);
            break;
        case PTRACE_EVENT_EXEC:
            on_exec(pid);
            break;
        case PTRACE_EVENT_EXIT:
            on_exit_stop(pid);
            break;
        case PTRACE_EVENT_STOP:
            on_event_stop(pid, sig);
            break;
        case PTRACE_EVENT_SECCOMP:
            on_seccomp(pid);
            break;
        default:
            if (sig == (SIGTRAP | 0x80)) {
                on_group_call_done(pid);
                break;
            }
            /* A signal-delivery-stop: every signal, even an ignored one, stops a tracee first.
             * Re-injected unchanged, or it would be lost. */
            resume(pid, PTRACE_CONT, sig);
            break;
        }
    }
    if (parked.n) settle_parked();
}
