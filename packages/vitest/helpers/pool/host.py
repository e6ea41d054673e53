"""The pool's process in a run of the pool contract, for a Python pool (host.mjs's twin).

Imports the adapter module named by PROCLIFE_POOL_ADAPTER (a path), creates the pool and plays the
scenario named by PROCLIFE_POOL_SCENARIO, calling checkpoint() where the clause judges, and writes
what happened as `proclife-pool:` lines on stdout, as host.mjs does.

The adapter module defines create(), quick(pool), terminate(pool), and optionally hang(pool),
crash(pool), force_terminate(pool). A task function submits the task and returns what waits for
it: an AsyncResult (multiprocessing.Pool: .get()) or a Future (concurrent.futures: .result()).
"""
import importlib.util
import json
import os
import signal
import socket
import sys
import threading

from proclife import checkpoint
from proclife_pool import HANG_SOCKET


def has(name):
    """Whether the adapter declares this optional function or behaviour (PROCLIFE_POOL_HAS, set by the contract)."""
    return name in os.environ.get("PROCLIFE_POOL_HAS", "").split(",")


def say(kind, value):
    os.write(1, f"proclife-pool:{kind} {json.dumps(value)}\n".encode())


class StepFailed(Exception):
    pass


def step(name, run):
    say("step", name)
    try:
        return run()
    except Exception as error:  # noqa: BLE001 - any failure of the pool's code is the step's
        say("failed", {"step": name, "error": f"{type(error).__name__}: {error}"})
        raise StepFailed() from error


def wait(submitted):
    return submitted.get() if hasattr(submitted, "get") else submitted.result()


def load_adapter():
    path = os.environ["PROCLIFE_POOL_ADAPTER"]
    spec = importlib.util.spec_from_file_location("proclife_pool_adapter", path)
    module = importlib.util.module_from_spec(spec)
    # Registered by name, so that a task function defined in it pickles by reference.
    sys.modules["proclife_pool_adapter"] = module
    spec.loader.exec_module(module)
    return module


class Hangs:
    """Where hang() says which worker hangs: a socket whose path the workers inherit."""

    def __init__(self):
        # The run's private folder, made and removed by the test: a killed host leaves nothing.
        path = os.path.join(os.environ["PROCLIFE_POOL_DIR"], "hang.sock")
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(path)
        self.server.listen()
        self.first = threading.Event()
        os.environ[HANG_SOCKET] = path
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            connection, _ = self.server.accept()
            with connection:
                data = b""
                while not data.endswith(b"\n"):
                    chunk = connection.recv(64)
                    if not chunk:
                        break
                    data += chunk
                say("hung", int(data.strip()))
            self.first.set()

    def wait_first(self):
        if not self.first.wait(timeout=3600):
            raise RuntimeError("no worker called hang()")


def warm(adapter, pool):
    n = adapter.MAX_WORKERS
    step(f"{n} quick tasks at once", lambda: [wait(t) for t in [adapter.quick(pool) for _ in range(n)]])


def crash(adapter, pool):
    def run():
        try:
            wait(adapter.crash(pool))
        except Exception:  # noqa: BLE001 - the crash task must fail
            return
        raise RuntimeError("the crash task succeeded: it must fail when its worker dies")
    step("the crash task", run)


def terminate(adapter, pool, which="terminate()"):
    step(which, lambda: adapter.terminate(pool))


def scenario_terminate_waits(adapter, pool, hangs):
    warm(adapter, pool)
    terminate(adapter, pool)
    checkpoint("pool:terminated")


def scenario_reaps_workers(adapter, pool, hangs):
    warm(adapter, pool)
    if has("crash"):
        crash(adapter, pool)
    terminate(adapter, pool)
    checkpoint("pool:terminated")


def scenario_terminate_twice(adapter, pool, hangs):
    warm(adapter, pool)
    terminate(adapter, pool)
    checkpoint("pool:terminated")
    terminate(adapter, pool, "the second terminate()")
    checkpoint("pool:terminated-twice")


def scenario_force_terminate(adapter, pool, hangs):
    warm(adapter, pool)
    adapter.hang(pool)
    step("the hang task starting (its worker calls hang())", hangs.wait_first)
    step("force_terminate()", lambda: adapter.force_terminate(pool))
    checkpoint("pool:forced")


def scenario_replaces_crashed(adapter, pool, hangs):
    warm(adapter, pool)
    checkpoint("pool:warm")
    crash(adapter, pool)
    step("a quick task after the crash", lambda: wait(adapter.quick(pool)))
    checkpoint("pool:recovered")
    terminate(adapter, pool)


def scenario_max_workers(adapter, pool, hangs):
    n = 2 * adapter.MAX_WORKERS
    burst = lambda: step(f"{n} quick tasks at once", lambda: [wait(t) for t in [adapter.quick(pool) for _ in range(n)]])  # noqa: E731
    burst()
    if has("crash") and has("replaces"):
        crash(adapter, pool)
        burst()
    terminate(adapter, pool)


def scenario_hang_timeout(adapter, pool, hangs):
    warm(adapter, pool)
    submitted = adapter.hang(pool)
    step("the hang task starting (its worker calls hang())", hangs.wait_first)

    def timing_out():
        try:
            wait(submitted)
        except Exception:  # noqa: BLE001 - the timeout's error
            return
        raise RuntimeError("the hang task succeeded: it must fail when it times out")
    step("the hang task timing out", timing_out)
    checkpoint("pool:hang-settled")
    step("force_terminate()", lambda: (adapter.force_terminate if has("forceTerminate") else adapter.terminate)(pool))


def scenario_sigkill_parent(adapter, pool, hangs):
    warm(adapter, pool)
    checkpoint("pool:ready")
    os.kill(os.getpid(), signal.SIGKILL)


def signal_scenario(name):
    def run(adapter, pool, hangs):
        warm(adapter, pool)
        checkpoint("pool:ready")
        # Sent to this process alone, as `kill <pid>` does; then it waits, as a pool's process would.
        os.kill(os.getpid(), getattr(signal, name))
        threading.Event().wait()
    return run


SCENARIOS = {
    "terminate-waits": scenario_terminate_waits,
    "reaps-workers": scenario_reaps_workers,
    "terminate-twice": scenario_terminate_twice,
    "force-terminate": scenario_force_terminate,
    "replaces-crashed": scenario_replaces_crashed,
    "max-workers": scenario_max_workers,
    "hang-timeout": scenario_hang_timeout,
    "sigkill-parent": scenario_sigkill_parent,
    **{f"signal-{s}": signal_scenario(s) for s in ("SIGTERM", "SIGINT", "SIGHUP")},
}


def main():
    scenario = SCENARIOS[os.environ["PROCLIFE_POOL_SCENARIO"]]
    adapter = step("loading the adapter", load_adapter)
    hangs = Hangs()
    pool = step("create()", adapter.create)
    scenario(adapter, pool, hangs)
    say("done", True)


if __name__ == "__main__":
    try:
        main()
    except StepFailed:
        os._exit(1)
    except KeyboardInterrupt:
        # SIGINT, sent by a signal scenario: Python's own way out (its exit handlers run), as a pool's process would go.
        raise
    except BaseException as error:  # noqa: BLE001 - the host's own failure
        say("failed", {"step": "the host", "error": f"{type(error).__name__}: {error}"})
        os._exit(1)
    # What the pool still holds does not keep its process: the scenario is over.
    os._exit(0)
