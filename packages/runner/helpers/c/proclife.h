/*
 * proclife.h - checkpoints for C programs run by proclife. Header-only: include it, call
 *
 *     #include "proclife.h"
 *     proclife_checkpoint("after-fork");
 *
 * proclife_checkpoint(name) blocks until the proclife sentinel has recorded the state of every
 * process of the run at this instant (and, if the harness holds this checkpoint, until it releases
 * it). It talks to the Unix socket named by the PROCLIFE_CHECKPOINT environment variable, which
 * every process of the run inherits, so it works after fork and after exec. The protocol is one
 * line each way (docs/checkpoints.md): the name and a newline; the answer "ok\n".
 *
 * Returns 0 once the run lets the caller go on; 1 outside proclife (the variable is unset: it does
 * nothing and says so once on stderr); -1 with errno set when the sentinel could not be reached or
 * refused (a name that is empty or holds a newline is EINVAL).
 *
 * Only POSIX calls; the signals the caller blocks stay blocked, and a signal handler that runs
 * while the call waits does not end the wait (EINTR is retried). Safe to call in a child after
 * fork. Not for use inside a signal handler (getenv and stdio are not async-signal-safe).
 */
#ifndef PROCLIFE_H
#define PROCLIFE_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static inline int proclife_checkpoint(const char *name) {
    static int warned;
    size_t len = name ? strlen(name) : 0;
    if (len == 0 || strchr(name, '\n') != NULL) {
        errno = EINVAL;
        return -1;
    }
    const char *path = getenv("PROCLIFE_CHECKPOINT");
    if (path == NULL || *path == '\0') {
        if (!warned) {
            warned = 1;
            fprintf(stderr, "proclife: PROCLIFE_CHECKPOINT is not set; checkpoint(\"%s\") does nothing\n", name);
        }
        return 1;
    }
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof addr.sun_path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(addr.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    int r;
    do r = connect(fd, (struct sockaddr *)&addr, sizeof addr);
    while (r < 0 && errno == EINTR);
    /* The name and its newline in one write: the sentinel reads a line. */
    char line[512];
    if (r == 0 && len + 1 > sizeof line) {
        errno = ENAMETOOLONG;
        r = -1;
    }
    if (r == 0) {
        memcpy(line, name, len);
        line[len] = '\n';
        size_t sent = 0;
        while (r == 0 && sent < len + 1) {
            ssize_t w = write(fd, line + sent, len + 1 - sent);
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) r = -1;
            else sent += (size_t)w;
        }
    }
    /* The answer comes when the tree has been recorded and the checkpoint is not (or no longer) held. */
    char reply[64];
    size_t got = 0;
    while (r == 0 && (got == 0 || reply[got - 1] != '\n')) {
        ssize_t n = read(fd, reply + got, sizeof reply - 1 - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0 || got + (size_t)n >= sizeof reply - 1) {
            if (n == 0) errno = ECONNRESET; /* the sentinel went away before answering */
            r = -1;
        } else {
            got += (size_t)n;
        }
    }
    int saved = errno;
    close(fd);
    errno = saved;
    if (r == 0 && !(got == 3 && memcmp(reply, "ok\n", 3) == 0)) {
        errno = EPROTO; /* refused: the reply says why */
        r = -1;
    }
    return r;
}

#endif
