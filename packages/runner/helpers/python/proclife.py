"""Checkpoints for fixtures run by proclife.

    from proclife import checkpoint
    checkpoint("after-fork")

``checkpoint(name)`` blocks until the proclife sentinel has recorded the state of every process of
the run at this instant (and, if the test holds this checkpoint, until the test releases it). It
talks to the Unix socket named by the ``PROCLIFE_CHECKPOINT`` environment variable, which every
process of the run inherits, so it works after fork, after exec and with every multiprocessing
start method. Outside proclife (variable unset) it does nothing and warns once on stderr.

Standard library only; Python 3.6+ syntax.
"""

import os
import socket
import sys

__all__ = ["checkpoint", "CheckpointError"]

_ENV = "PROCLIFE_CHECKPOINT"
_warned = False


class CheckpointError(RuntimeError):
    """The sentinel refused the checkpoint or went away before answering."""


def checkpoint(name):
    """Record the process tree under ``name`` and wait until the run lets this process go on."""
    global _warned
    if not isinstance(name, str) or not name or "\n" in name or "\0" in name:
        raise ValueError("checkpoint name must be a non-empty string without newlines: %r" % (name,))
    path = os.environ.get(_ENV)
    if not path:
        if not _warned:
            _warned = True
            sys.stderr.write("proclife: %s is not set; checkpoint(%r) does nothing\n" % (_ENV, name))
            sys.stderr.flush()
        return
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(path)
        sock.sendall(name.encode("utf-8", "surrogateescape") + b"\n")
        reply = b""
        while not reply.endswith(b"\n"):
            chunk = sock.recv(256)
            if not chunk:
                raise CheckpointError("proclife sentinel closed the checkpoint socket during %r" % (name,))
            reply += chunk
    finally:
        sock.close()
    if reply != b"ok\n":
        raise CheckpointError("proclife sentinel refused checkpoint %r: %s" % (name, reply.decode("utf-8", "replace").strip()))
