"""The worker side of the pool contract, for Python pools: the body of a hang task.

On PYTHONPATH in the pool's process (the contract puts it there), so a Python adapter's hang task
is ``pool.apply_async(proclife_pool.hang)``.
"""
import os
import signal
import socket
import time

HANG_SOCKET = "PROCLIFE_POOL_HANG"


def start_hanging():
    """From now on this worker ignores SIGTERM; returns once the contract's host knows which process hangs."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    path = os.environ.get(HANG_SOCKET)
    if not path:
        return
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(path)
        s.sendall(f"{os.getpid()}\n".encode())
        s.shutdown(socket.SHUT_WR)
        s.recv(1)  # the host closes its end once it has read the pid


def hang():
    """The body of a hang task: start_hanging(), and the task never finishes."""
    start_hanging()
    while True:
        time.sleep(3600)
