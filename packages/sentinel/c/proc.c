#include "proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define CMDLINE_MAX (64 * 1024)

int pstat_parse(const char *buf, size_t len, struct pstat *st) {
    const char *open = memchr(buf, '(', len);
    const char *close = NULL;
    for (const char *p = buf + len; p > buf;)
        if (*--p == ')') {
            close = p;
            break;
        }
    if (!open || !close || close < open) return -EINVAL;

    memset(st, 0, sizeof *st);
    st->pid = (pid_t)strtol(buf, NULL, 10);
    size_t n = (size_t)(close - open - 1);
    if (n >= COMM_MAX) n = COMM_MAX - 1;
    memcpy(st->comm, open + 1, n);
    st->comm[n] = '\0';
    st->comm_len = n;
    st->exit_code = -1;

    /* Fields after comm, numbered as in proc(5): field 3 is the state. */
    const char *p = close + 1;
    const char *end = buf + len;
    int field = 3;
    while (p < end && field <= 52) {
        while (p < end && *p == ' ') p++;
        if (p >= end || *p == '\n') break;
        char *next;
        if (field == 3) {
            st->state = *p;
            next = (char *)p + 1;
        } else {
            unsigned long long v = strtoull(p, &next, 10);
            switch (field) {
            case 4: st->ppid = (pid_t)v; break;
            case 5: st->pgid = (pid_t)v; break;
            case 6: st->sid = (pid_t)v; break;
            case 14: st->utime = v; break;
            case 15: st->stime = v; break;
            case 20: st->threads = (long)v; break;
            case 22: st->start = v; break;
            case 26: st->startcode = v; break;
            case 28: st->startstack = v; break;
            case 52: st->exit_code = (int)v; break;
            default: break;
            }
            if (next == p) next = (char *)p + 1;
        }
        while (next < end && *next != ' ' && *next != '\n') next++;
        p = next;
        field++;
    }
    if (!st->state || field <= 22) return -EINVAL;
    return 0;
}

int pstat_open(pid_t pid) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno == ENOENT ? -ESRCH : -errno;
    return fd;
}

int pstat_read_fd(int fd, struct pstat *st) {
    char buf[2048];
    ssize_t n;
    do n = pread(fd, buf, sizeof buf - 1, 0);
    while (n < 0 && errno == EINTR);
    if (n < 0) return -errno;
    if (n == 0) return -ESRCH;
    buf[n] = '\0';
    return pstat_parse(buf, (size_t)n, st);
}

int pstat_read(pid_t pid, struct pstat *st) {
    int fd = pstat_open(pid);
    if (fd < 0) return fd;
    int r = pstat_read_fd(fd, st);
    close(fd);
    return r;
}

void pidvec_push(struct pidvec *pv, pid_t pid) {
    grow(&pv->v, &pv->cap, pv->n + 1, sizeof(pid_t));
    pv->v[pv->n++] = pid;
}

/* Reads a whole (small, seq_file) /proc file into a reused buffer. Returns bytes, or -errno. */
static ssize_t slurp(const char *path, char **buf, size_t *cap, size_t limit) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -errno;
    size_t len = 0;
    for (;;) {
        grow(buf, cap, len + 4096, 1);
        size_t room = *cap - len - 1;
        if (limit && len + room > limit) room = limit > len ? limit - len : 0;
        if (room == 0) break;
        ssize_t n = read(fd, *buf + len, room);
        if (n < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            close(fd);
            return -e;
        }
        if (n == 0) break;
        len += (size_t)n;
    }
    close(fd);
    (*buf)[len] = '\0';
    return (ssize_t)len;
}

static void parse_pids(const char *s, struct pidvec *out) {
    while (*s) {
        char *next;
        long v = strtol(s, &next, 10);
        if (next == s) {
            s++;
            continue;
        }
        if (v > 0) pidvec_push(out, (pid_t)v);
        s = next;
    }
}

static char *cbuf;
static size_t ccap;

static void task_children(pid_t pid, pid_t tid, struct pidvec *out) {
    char path[80];
    snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)pid, (int)tid);
    if (slurp(path, &cbuf, &ccap, 0) > 0) parse_pids(cbuf, out);
}

static void tasks_children(pid_t pid, bool main_thread, struct pidvec *out) {
    char path[48];
    snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
    DIR *d = opendir(path);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        long tid = strtol(e->d_name, NULL, 10);
        if (tid > 0 && (main_thread || tid != pid)) task_children(pid, (pid_t)tid, out);
    }
    closedir(d);
}

void proc_children(pid_t pid, long threads, struct pidvec *out) {
    if (threads <= 1) task_children(pid, pid, out);
    else tasks_children(pid, true, out);
}

void proc_thread_children(pid_t pid, struct pidvec *out) { tasks_children(pid, false, out); }

int proc_open_children(pid_t pid) {
    char path[80];
    snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)pid, (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

int proc_children_fd(int fd, struct pidvec *out) {
    size_t len = 0;
    for (;;) {
        grow(&cbuf, &ccap, len + 4096, 1);
        ssize_t n = pread(fd, cbuf + len, ccap - len - 1, (off_t)len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -errno;
        }
        if (n == 0) break;
        len += (size_t)n;
    }
    cbuf[len] = '\0';
    parse_pids(cbuf, out);
    return 0;
}

pid_t proc_tgid(pid_t tid) {
    char path[48];
    snprintf(path, sizeof path, "/proc/%d/status", (int)tid);
    static char *sbuf;
    static size_t scap;
    if (slurp(path, &sbuf, &scap, 0) <= 0) return -1;
    const char *line = strstr(sbuf, "\nTgid:");
    return line ? (pid_t)strtol(line + 6, NULL, 10) : -1;
}

char *proc_cmdline(pid_t pid, size_t *len, bool *truncated) {
    char path[48];
    char *buf = NULL;
    size_t cap = 0;
    snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
    ssize_t n = slurp(path, &buf, &cap, CMDLINE_MAX);
    *truncated = n >= CMDLINE_MAX;
    *len = n > 0 ? (size_t)n : 0;
    if (!buf) buf = xmalloc(1);
    return buf;
}

long proc_last_pid(void) {
    static int fd = -2;
    if (fd == -2) fd = open("/proc/loadavg", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    char buf[128];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0) return -1;
    buf[n] = '\0';
    char *sp = strrchr(buf, ' ');
    return sp ? strtol(sp + 1, NULL, 10) : -1;
}
