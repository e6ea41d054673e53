#include "checkpoint.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "events.h"
#include "sentinel.h"
#include "table.h"
#include "util.h"
#include "walk.h"

#define NAME_MAX_LEN 1024

struct client {
    int fd;
    pid_t pid;                  /* SO_PEERCRED: the process that connected */
    char buf[NAME_MAX_LEN + 2];
    size_t len;
    char *waiting;              /* the held checkpoint it waits on */
};

static int listen_fd = -1;
static char *sock_path;
static struct client *clients;
static size_t n_clients, cap_clients;
static char **holds;
static size_t n_holds, cap_holds;

int checkpoint_listen(const char *path) {
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof addr.sun_path) return -ENAMETOOLONG;
    strcpy(addr.sun_path, path);
    /* Only a stale socket is removed; any other file at that path is an error, not ours to delete. */
    struct stat sb;
    if (lstat(path, &sb) == 0 && S_ISSOCK(sb.st_mode)) unlink(path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    mode_t old = umask(077);
    int r = bind(fd, (struct sockaddr *)&addr, sizeof addr);
    umask(old);
    if (r < 0 || listen(fd, 128) < 0) {
        int e = errno;
        close(fd);
        return -e;
    }
    int r2 = loop_add(fd, EPOLLIN, SRC_LISTEN, NULL);
    if (r2 < 0) {
        close(fd);
        return r2;
    }
    listen_fd = fd;
    sock_path = xstrndup(path, strlen(path));
    return 0;
}

/* A caller waiting on a hold is not read from until released (its next line waits); only its
 * hang-up matters meanwhile. */
static void watch(struct client *c) { loop_mod(c->fd, c->waiting ? EPOLLRDHUP : EPOLLIN, SRC_CLIENT, NULL); }

static bool held(const char *name) {
    for (size_t i = 0; i < n_holds; i++)
        if (strcmp(holds[i], name) == 0) return true;
    return false;
}

static void drop(struct client *c) {
    if (c->fd >= 0) {
        loop_del(c->fd);
        close(c->fd);
    }
    c->fd = -1;
    free(c->waiting);
    c->waiting = NULL;
}

static void reply(struct client *c, const char *text) {
    if (send(c->fd, text, strlen(text), MSG_NOSIGNAL | MSG_DONTWAIT) < 0) drop(c);
}

static void on_line(struct client *c, char *name) {
    size_t n = strlen(name);
    if (n && name[n - 1] == '\r') name[--n] = '\0';
    if (n == 0) {
        ev_error("empty checkpoint name", "");
        reply(c, "error empty name\n");
        return;
    }
    walk(); /* the fresh state of every process, at the moment of the call */
    ev_checkpoint(name, c->pid, table_find(c->pid));
    if (held(name)) {
        c->waiting = xstrndup(name, n);
        watch(c);
    } else {
        reply(c, "ok\n");
    }
}

/* Handles complete lines in c->buf, stopping at a hold. */
static void process_lines(struct client *c) {
    while (c->fd >= 0 && !c->waiting) {
        char *nl = memchr(c->buf, '\n', c->len);
        if (!nl) break;
        *nl = '\0';
        on_line(c, c->buf);
        size_t used = (size_t)(nl - c->buf) + 1;
        memmove(c->buf, c->buf + used, c->len - used);
        c->len -= used;
    }
}

static void on_readable(struct client *c) {
    for (;;) {
        size_t room = sizeof c->buf - 1 - c->len;
        if (room == 0) {
            ev_error("checkpoint name too long", "");
            reply(c, "error name too long\n");
            drop(c);
            return;
        }
        ssize_t r = recv(c->fd, c->buf + c->len, room, MSG_DONTWAIT);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        if (r <= 0) { /* EOF or error: the caller is done (or dead) */
            drop(c);
            return;
        }
        c->len += (size_t)r;
        process_lines(c);
        if (c->fd < 0 || c->waiting) return;
    }
}

static void accept_all(void) {
    for (;;) {
        int fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != ECONNABORTED) diag("accept: %s", strerror(errno));
            return;
        }
        struct ucred cred;
        socklen_t len = sizeof cred;
        if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) cred.pid = 0;
        if (loop_add(fd, EPOLLIN, SRC_CLIENT, NULL) < 0) {
            close(fd);
            continue;
        }
        grow(&clients, &cap_clients, n_clients + 1, sizeof *clients);
        clients[n_clients++] = (struct client){.fd = fd, .pid = cred.pid};
    }
}

static void compact(void) {
    size_t j = 0;
    for (size_t i = 0; i < n_clients; i++)
        if (clients[i].fd >= 0) clients[j++] = clients[i];
    n_clients = j;
}

void checkpoint_event(const struct loop_event *e) {
    if (e->src == SRC_LISTEN) {
        accept_all();
        return;
    }
    for (size_t i = 0; i < n_clients; i++) {
        struct client *c = &clients[i];
        if (c->fd != e->fd) continue;
        if (c->waiting) {
            if (e->events & (EPOLLHUP | EPOLLRDHUP | EPOLLERR)) drop(c);
        } else {
            on_readable(c);
        }
        break;
    }
    compact();
}

void checkpoint_hold(const char *name) {
    if (held(name)) return;
    grow(&holds, &cap_holds, n_holds + 1, sizeof *holds);
    holds[n_holds++] = xstrndup(name, strlen(name));
}

int checkpoint_release(const char *name) {
    for (size_t i = 0; i < n_holds; i++) {
        if (strcmp(holds[i], name) != 0) continue;
        free(holds[i]);
        holds[i] = holds[--n_holds];
        break;
    }
    int released = 0;
    for (size_t i = 0; i < n_clients; i++) {
        struct client *c = &clients[i];
        if (c->fd < 0 || !c->waiting || strcmp(c->waiting, name) != 0) continue;
        free(c->waiting);
        c->waiting = NULL;
        reply(c, "ok\n");
        released++;
        if (c->fd < 0) continue;
        watch(c);
        process_lines(c); /* it may have sent its next checkpoint already */
    }
    compact();
    return released;
}

void checkpoint_shutdown(void) {
    for (size_t i = 0; i < n_clients; i++) drop(&clients[i]);
    n_clients = 0;
    if (listen_fd >= 0) {
        loop_del(listen_fd);
        close(listen_fd);
    }
    listen_fd = -1;
    if (sock_path) unlink(sock_path);
}
