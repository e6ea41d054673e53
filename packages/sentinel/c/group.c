#include "group.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "proc.h"
#include "track.h"

/* Whether every process of the group is one the sentinel tracks (same pid, same start). A
 * process that vanishes while we look is no member any more. */
static bool group_is_ours(pid_t pgid) {
    DIR *d = opendir("/proc");
    if (!d) return false;
    bool ours = true;
    struct dirent *e;
    while (ours && (e = readdir(d)) != NULL) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        if (*end != '\0' || pid <= 0) continue;
        struct pstat st;
        if (pstat_read((pid_t)pid, &st) < 0 || st.pgid != pgid) continue;
        struct proc *q = table_find((pid_t)pid);
        if (!q || q->start != st.start) ours = false;
    }
    closedir(d);
    return ours;
}

int group_signal(struct proc *p, int sig, pid_t *pgid, const char **why) {
    struct pstat st;
    if (!track_alive(p) || track_refresh(p, &st) < 0) {
        *why = "the process has exited: its group is not known";
        return -ESRCH;
    }
    if (st.pgid == getpgrp()) {
        *why = "the process is in the harness's own process group (the run has no session of its own)";
        return -EPERM;
    }
    if (!group_is_ours(st.pgid)) {
        *why = "the process group holds a process that is not the run's";
        return -EPERM;
    }
    *pgid = st.pgid;
    if (kill(-st.pgid, sig) < 0) {
        *why = "kill(-pgid) failed";
        return -errno;
    }
    return 0;
}
