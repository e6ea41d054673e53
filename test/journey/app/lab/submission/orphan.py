# Wrong on purpose: the parent waits for its child, so the child is never orphaned.
import os

pid = os.fork()
if pid == 0:
    os._exit(0)
os.waitpid(pid, 0)
