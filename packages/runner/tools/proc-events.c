/*
 * proc-events: the kernel's own record of births, execs and exits, as JSON lines - an independent
 * oracle for the sentinel's exact capture, and a debugging aid (what `forkstat` shows).
 *
 *   cc -O2 -o proc-events proc-events.c && sudo ./proc-events
 *
 * It listens on the proc connector (NETLINK_CONNECTOR, CN_IDX_PROC), which needs CAP_NET_ADMIN in
 * the initial user namespace, and reports pids of the initial pid namespace, for the whole machine.
 * One line per event, written whole:
 *
 *   {"ev":"ready"}                                   listening (events before this are not seen)
 *   {"ev":"fork","pid":P,"ppid":Q}                   a new process (threads are left out): its parent at birth
 *   {"ev":"exec","pid":P}
 *   {"ev":"exit","pid":P,"status":W}                 a process (its leader) exited; W is the wait status
 *   {"ev":"overrun"}                                 the socket dropped events (ENOBUFS): the record has a gap
 *
 * Exits with 1 and a message on stderr if the connector cannot be had (not root, in a container).
 * Ends at EOF on stdin (the parent went away) or SIGTERM.
 */
#include <stdarg.h>
#include <errno.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int listen_proc(void) {
    int s = socket(PF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_CONNECTOR);
    if (s < 0) return -errno;
    int size = 32 << 20; /* a fork storm elsewhere on the machine must not make us drop ours */
    if (setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0)
        setsockopt(s, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    struct sockaddr_nl sa = {.nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC, .nl_pid = 0};
    if (bind(s, (struct sockaddr *)&sa, sizeof sa) < 0) return -errno;
    char buf[NLMSG_SPACE(sizeof(struct cn_msg) + sizeof(enum proc_cn_mcast_op))] __attribute__((aligned(8)));
    memset(buf, 0, sizeof buf);
    struct nlmsghdr *nl = (struct nlmsghdr *)buf;
    struct cn_msg *cn = NLMSG_DATA(nl);
    nl->nlmsg_len = sizeof buf;
    nl->nlmsg_type = NLMSG_DONE;
    cn->id.idx = CN_IDX_PROC;
    cn->id.val = CN_VAL_PROC;
    cn->len = sizeof(enum proc_cn_mcast_op);
    *(enum proc_cn_mcast_op *)cn->data = PROC_CN_MCAST_LISTEN;
    if (send(s, nl, nl->nlmsg_len, 0) < 0) return -errno;
    return s;
}

static void line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void line(const char *fmt, ...) {
    char out[160];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out, sizeof out, fmt, ap);
    va_end(ap);
    if (n > 0 && write(1, out, (size_t)n) < 0) _exit(0); /* the reader is gone */
}

static void event(const struct proc_event *ev) {
    switch (ev->what) {
    case PROC_EVENT_FORK:
        if (ev->event_data.fork.child_pid != ev->event_data.fork.child_tgid) return; /* a thread */
        line("{\"ev\":\"fork\",\"pid\":%d,\"ppid\":%d}\n", ev->event_data.fork.child_tgid, ev->event_data.fork.parent_tgid);
        return;
    case PROC_EVENT_EXEC:
        line("{\"ev\":\"exec\",\"pid\":%d}\n", ev->event_data.exec.process_tgid);
        return;
    case PROC_EVENT_EXIT:
        if (ev->event_data.exit.process_pid != ev->event_data.exit.process_tgid) return; /* a thread */
        line("{\"ev\":\"exit\",\"pid\":%d,\"status\":%u}\n", ev->event_data.exit.process_tgid, ev->event_data.exit.exit_code);
        return;
    default:
        return;
    }
}

int main(void) {
    int s = listen_proc();
    if (s < 0) {
        fprintf(stderr, "proc-events: the proc connector is not available: %s (it needs CAP_NET_ADMIN in the initial user namespace)\n", strerror(-s));
        return 1;
    }
    line("{\"ev\":\"ready\"}\n");
    char rb[65536] __attribute__((aligned(8)));
    struct pollfd fds[2] = {{.fd = s, .events = POLLIN}, {.fd = 0, .events = POLLIN}};
    for (;;) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return 1;
        }
        if (fds[1].revents) {
            char c;
            if (read(0, &c, 1) <= 0) return 0; /* EOF: the parent is gone or done */
        }
        if (!fds[0].revents) continue;
        ssize_t n = recv(s, rb, sizeof rb, MSG_DONTWAIT);
        if (n < 0) {
            if (errno == ENOBUFS) line("{\"ev\":\"overrun\"}\n");
            continue;
        }
        for (struct nlmsghdr *h = (struct nlmsghdr *)rb; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type != NLMSG_DONE) continue;
            const struct cn_msg *m = NLMSG_DATA(h);
            if (m->id.idx == CN_IDX_PROC && m->id.val == CN_VAL_PROC) event((const struct proc_event *)m->data);
        }
    }
}
