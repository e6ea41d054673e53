"""Forks a tree of idle processes for bench/proctable.ts, and takes it down again, reaping every one.

    python3 idle-tree.py FANOUT [FANOUT ...]

`idle-tree.py 4950` forks 4,950 idle children; `idle-tree.py 7 6` forks 7 children with 6 children
each (1 + 7 + 42 = 50 processes). Forking from one Python process costs about 1 ms per child here,
against 70 ms for each `node`.

Prints `ready` on stdout once the root has forked all its children (deeper levels may still be
forking: the benchmark counts the tree before it measures).

Stopping, every path ending with each parent reaping its own children (no zombie is left to init):
- SIGTERM to a leaf kills it; its parent reaps it, and exits once it has no children left.
- SIGTERM to an inner process, or EOF on stdin (the benchmark ended or died): it sends SIGTERM to
  its children, reaps them all, and exits.
- Its parent dies by SIGKILL: the kernel sends it the parent-death signal (SIGTERM to inner
  processes, SIGKILL to leaves), see prctl(PR_SET_PDEATHSIG).
SIGINT is ignored throughout, so that Ctrl-C on the benchmark stops the tree through the benchmark's
own clean-up (it closes stdin) rather than racing it.

Reaping happens in the main loop, never in a signal handler: a Python handler that reaps can be
re-entered by the next SIGCHLD while it runs, and thousands of children exiting at once then nest
it deep enough to overflow the stack. The handlers only wake the loop (signal.set_wakeup_fd).
"""

import ctypes
import gc
import os
import select
import signal
import sys

PR_SET_PDEATHSIG = 1
HANDLED = {signal.SIGTERM, signal.SIGCHLD}
libc = ctypes.CDLL(None, use_errno=True)


def die_with_parent(parent, signum):
    libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)
    # The parent may have died before prctl: then we were already reparented.
    if os.getppid() != parent:
        os._exit(0)


def idle_leaf(parent):
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, HANDLED)
    die_with_parent(parent, signal.SIGKILL)
    while True:
        signal.pause()


def parent_of(fanouts, parent):
    """Forks fanouts[0] children (each a parent of fanouts[1:], or a leaf), then waits for the end."""
    children = set()
    terminating = False

    def on_term(_signum, _frame):
        nonlocal terminating
        terminating = True

    def reap_exited():
        while children:
            pid, _status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                return
            children.discard(pid)

    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGCHLD, lambda _signum, _frame: None)  # only to wake the loop
    signal.pthread_sigmask(signal.SIG_UNBLOCK, HANDLED)
    if parent is not None:
        die_with_parent(parent, signal.SIGTERM)
    try:
        me = os.getpid()
        for _ in range(fanouts[0]):
            if terminating:
                break
            # Blocked across fork, so that a child sees no signal before it has set up its own.
            signal.pthread_sigmask(signal.SIG_BLOCK, HANDLED)
            pid = os.fork()
            if pid == 0:
                code = 1
                try:
                    os.close(wake_r)
                    os.close(wake_w)
                    if len(fanouts) == 1:
                        idle_leaf(me)
                    else:
                        code = parent_of(fanouts[1:], me)
                finally:
                    os._exit(code)  # never return into the parent's frames
            children.add(pid)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, HANDLED)
        if parent is None:
            sys.stdout.write('ready\n')
            sys.stdout.flush()
        while children and not terminating:
            ready, _, _ = select.select([0, wake_r], [], [])
            if wake_r in ready:
                os.read(wake_r, 4096)
            reap_exited()
            if 0 in ready and not os.read(0, 64):
                break  # EOF: the benchmark is done with us, or gone
    finally:
        # Whatever is left is ours and unreaped, so its pid cannot have been reused.
        for pid in children:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for pid in children:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
    return 0


if __name__ == '__main__':
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Fewer pages written after fork, so fewer copied: the children share the parent's memory.
    gc.disable()
    gc.freeze()
    sys.exit(parent_of([int(n) for n in sys.argv[1:]], None))
