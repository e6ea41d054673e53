"""The parent exits while its child still runs: the child is orphaned, adopted and reaped."""
import os

from proclife import checkpoint

r, w = os.pipe()
if os.fork() == 0:
    os.close(w)
    os.read(r, 1)  # returns at EOF, once the parent has exited and its end is closed
    os._exit(0)
os.close(r)
checkpoint("forked")
print("parent leaves its child")
