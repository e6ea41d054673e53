#include "events.h"

#include <errno.h>
#include <string.h>
#include <sys/wait.h>

#include "json.h"
#include "sentinel.h"
#include "names.h"

static void ident(const struct proc *p) {
    jb_int("pid", p->pid);
    jb_uint("start", p->start);
}

static void status_value(const char *key, int status) {
    char buf[24];
    if (status < 0) {
        jb_null(key);
        return;
    }
    jb_obj(key);
    if (WIFEXITED(status)) {
        jb_int("code", WEXITSTATUS(status));
        jb_null("signal");
        jb_bool("core", false);
    } else if (WIFSIGNALED(status)) {
        jb_null("code");
        jb_str("signal", signal_name(WTERMSIG(status), buf, sizeof buf));
        jb_bool("core", WCOREDUMP(status) != 0);
    } else {
        /* Not an exit status (cannot happen for a zombie); keep the raw number visible. */
        jb_null("code");
        jb_null("signal");
        jb_bool("core", false);
        jb_int("raw", status);
    }
    jb_obj_end();
}

/* argv from /proc/PID/cmdline: NUL-separated, normally NUL-terminated. */
static void argv_value(const char *argv, size_t len) {
    if (!argv) {
        jb_null("argv");
        return;
    }
    jb_arr("argv");
    size_t i = 0;
    while (i < len) {
        const char *nul = memchr(argv + i, '\0', len - i);
        size_t n = nul ? (size_t)(nul - (argv + i)) : len - i;
        jb_strn(NULL, argv + i, n);
        i += n + 1;
    }
    jb_arr_end();
}

static void state_value(const char *key, char state) {
    char s[2] = {state ? state : '?', '\0'};
    jb_str(key, s);
}

void ev_hello(void) {
    jb_begin("hello");
    jb_int("protocol", SENTINEL_PROTOCOL);
    jb_int("pid", g.pid);
    jb_uint("start", g.start);
    jb_bool("subreaper", g.subreaper);
    jb_str("subreaperError", g.subreaper ? NULL : g.subreaper_error);
    jb_bool("pidfd", g.pidfd);
    jb_str("capture", g.tracing ? "exact" : "sampled");
    jb_str("captureReason", g.tracing ? NULL : g.capture_reason);
    jb_int("clkTck", g.clk_tck);
    jb_ms("bootMs", g.boot_ns_at_t0);
    jb_ms("interval", g.interval_ns);
    jb_int("fullEvery", g.full_every);
    jb_str("socket", g.socket_path);
    jb_bool("terminal", g.terminal);
    jb_end();
}

void ev_spawn(const struct proc *p, const char *argv, size_t argv_len, bool argv_truncated, bool late, bool exact) {
    jb_begin("spawn");
    ident(p);
    jb_int("ppid", p->ppid);
    jb_int("pgid", p->pgid);
    jb_int("sid", p->sid);
    jb_strn("comm", p->comm, p->comm_len);
    argv_value(argv, argv_len);
    if (argv_truncated) jb_bool("argvTruncated", true);
    state_value("state", p->state);
    jb_bool("root", p->root);
    jb_bool("late", late);
    jb_bool("exact", exact);
    jb_end();
}

void ev_exec(const struct proc *p, const char *from_comm, size_t from_len, const char *argv, size_t argv_len,
             bool argv_truncated, bool renamed, bool exact) {
    jb_begin("exec");
    ident(p);
    jb_strn("comm", p->comm, p->comm_len);
    jb_strn("fromComm", from_comm, from_len);
    argv_value(argv, argv_len);
    if (argv_truncated) jb_bool("argvTruncated", true);
    jb_bool("renamed", renamed);
    jb_bool("exact", exact);
    jb_end();
}

/*
 * alive: the process was read running (not a zombie) with its new parent, so it was still running
 * when its parent died - an orphan, decided by order. When it was read as a zombie and its exit was
 * not reported before, which came first (its exit or its parent's death) was not seen.
 */
void ev_reparent(const struct proc *p, pid_t from, pid_t to, bool exact, bool alive) {
    jb_begin("reparent");
    ident(p);
    jb_int("from", from);
    jb_int("to", to);
    jb_bool("exact", exact);
    jb_bool("alive", alive);
    jb_end();
}

void ev_state(const struct proc *p, char from, char to, int sig) {
    jb_begin("state");
    ident(p);
    state_value("from", from);
    state_value("state", to);
    if (sig > 0) {
        char buf[24];
        jb_str("signal", signal_name(sig, buf, sizeof buf));
    }
    jb_end();
}

/* ppid: the parent /proc showed when the exit was handled. If it is not the parent we last reported,
 * the old parent died before we looked, and whether before or after this exit was not seen. */
void ev_exit(const struct proc *p, int status, bool exact, pid_t ppid) {
    jb_begin("exit");
    ident(p);
    status_value("status", status);
    jb_bool("exact", exact);
    jb_int("ppid", ppid);
    jb_end();
}

void ev_reap(const struct proc *p, const char *by, int status, bool exact) {
    jb_begin("reap");
    ident(p);
    jb_str("by", by);
    jb_int("ppid", p->ppid);
    status_value("status", status);
    jb_bool("exact", exact);
    if (p->seen_ns > 0) jb_ms("lastSeen", p->seen_ns);
    else jb_null("lastSeen");
    jb_end();
}

void ev_root_exit(const struct proc *p, int status) {
    jb_begin("root-exit");
    ident(p);
    status_value("status", status);
    jb_end();
}

void ev_spawn_error(pid_t pid, int err) {
    jb_begin("spawn-error");
    jb_int("pid", pid);
    jb_int("errno", err);
    char buf[24];
    jb_str("code", errno_name(err, buf, sizeof buf));
    jb_str("message", strerror(err));
    jb_end();
}

/* Every tracked process, fresh after a walk: [{pid,start,ppid,state,comm}]. */
static void proc_list(const char *key) {
    jb_arr(key);
    for (size_t i = 0; i < table_size(); i++) {
        const struct proc *p = table_at(i);
        if (p->dead) continue;
        jb_obj(NULL);
        ident(p);
        jb_int("ppid", p->ppid);
        state_value("state", p->state);
        jb_strn("comm", p->comm, p->comm_len);
        jb_obj_end();
    }
    jb_arr_end();
}

void ev_checkpoint(const char *name, pid_t caller, const struct proc *caller_proc) {
    jb_begin("checkpoint");
    jb_str("name", name);
    jb_int("pid", caller);
    if (caller_proc) jb_uint("start", caller_proc->start);
    else jb_null("start");
    proc_list("tree");
    jb_end();
}

void ev_snapshot(const char *id) {
    jb_begin("snapshot");
    jb_str("id", id);
    proc_list("tree");
    jb_end();
}

void ev_hold(const char *name) {
    jb_begin("hold");
    jb_str("name", name);
    jb_end();
}

void ev_release(const char *name, int released) {
    jb_begin("release");
    jb_str("name", name);
    jb_int("released", released);
    jb_end();
}

void ev_signal(const struct proc *p, int sig, const char *reason) {
    char buf[24];
    jb_begin("signal");
    ident(p);
    jb_str("signal", signal_name(sig, buf, sizeof buf));
    jb_str("reason", reason);
    jb_end();
}

void ev_group(const struct proc *p, bool exact) {
    jb_begin("group");
    ident(p);
    jb_int("pgid", p->pgid);
    jb_int("sid", p->sid);
    jb_bool("exact", exact);
    jb_end();
}

void ev_signal_group(const struct proc *p, int sig, pid_t pgid) {
    char buf[24];
    jb_begin("signal");
    ident(p);
    jb_str("signal", signal_name(sig, buf, sizeof buf));
    jb_str("reason", "request");
    jb_int("group", pgid);
    jb_end();
}

void ev_typed(const char *bytes, size_t n) {
    jb_begin("typed");
    jb_strn("text", bytes, n);
    jb_end();
}

void ev_foreground(pid_t pgid, bool exact) {
    jb_begin("foreground");
    jb_int("pgid", pgid);
    jb_bool("exact", exact);
    jb_end();
}

void ev_error(const char *message, const char *command) {
    jb_begin("error");
    jb_str("message", message);
    jb_str("command", command);
    jb_end();
}

void ev_clean(void) {
    jb_begin("clean");
    proc_list("remaining");
    jb_end();
}

void ev_bye(void) {
    jb_begin("bye");
    jb_uint("samples", g.samples);
    jb_uint("walks", g.walks);
    jb_end();
}
