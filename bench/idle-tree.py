"""Forks a tree of idle processes for bench/proctable.ts, and takes it down again, reaping every one.

    python3 idle-tree.py FANOUT [FANOUT ...]

`idle-tree.py 4950` forks 4,950 idle children; `idle-tree.py 7 6` forks 7 children with 6 children
each (1 + 7 + 42 = 50 processes). Forking from one Python process costs a fraction of a millisecond
per child, against 70 ms for each `node` and 1 ms for each fork + exec of `sleep`.

Prints `ready` on stdout once every process of the tree has been forked.

Stopping, every path ending with each parent reaping its own children (no zombie is left to init):
- SIGTERM to a leaf kills it; its parent reaps it (SIGCHLD), and exits once it has no children left.
- SIGTERM to an inner process, or EOF on stdin (the benchmark ended or died): it sends SIGTERM to
  its children, reaps them all, and exits.
- Its parent dies by SIGKILL: the kernel sends it the parent-death signal (SIGTERM to inner
  processes, SIGKILL to leaves), see prctl(PR_SET_PDEATHSIG).
SIGINT is ignored throughout, so that Ctrl-C on the benchmark stops the tree through the benchmark's
own clean-up (it closes stdin) rather than racing it.
"""

import ctypes
import gc
import os
import signal
import sys

PR_SET_PDEATHSIG = 1
HANDLED = {signal.SIGTERM, signal.SIGCHLD}
libc = ctypes.CDLL(None, use_errno=True)


class Shutdown(Exception):
    """Raised from a signal handler to leave whatever the process is blocked in."""


def die_with_parent(parent, signum):
    libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)
    # The parent may have died before prctl: then we were already reparented.
    if os.getppid() != parent:
        os._exit(0)


def idle_leaf(parent):
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, HANDLED)
    die_with_parent(parent, signal.SIGKILL)
    while True:
        signal.pause()


def parent_of(fanouts, parent):
    """Forks fanouts[0] children (each a parent of fanouts[1:], or a leaf), then waits for the end."""
    children = set()

    def reap(_signum=None, _frame=None):
        while children:
            try:
                pid, _status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                children.clear()
                break
            if pid == 0:
                break
            children.discard(pid)
        if not children and _signum is not None:
            raise Shutdown()

    def terminate(_signum, _frame):
        raise Shutdown()

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGCHLD, reap)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, HANDLED)
    if parent is not None:
        die_with_parent(parent, signal.SIGTERM)
    try:
        me = os.getpid()
        for _ in range(fanouts[0]):
            # Blocked across fork: a child must not run its parent's handlers (they would signal its
            # siblings) before it has installed its own.
            signal.pthread_sigmask(signal.SIG_BLOCK, HANDLED)
            pid = os.fork()
            if pid == 0:
                code = 1
                try:
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
        while os.read(0, 64):
            pass
    except Shutdown:
        pass
    finally:
        # From here on, reap synchronously: no handler may run between kill and waitpid.
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for pid in children:
            os.kill(pid, signal.SIGTERM)  # unreaped, so the pid cannot have been reused
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
