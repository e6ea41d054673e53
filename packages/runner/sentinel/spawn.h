/* Starting the fixture: fork, then exec it with fds 3/4/5 as its stdin/stdout/stderr. */
#ifndef PROCLIFE_SPAWN_H
#define PROCLIFE_SPAWN_H

#include <signal.h>

/*
 * Forks and execs g.argv. Waits for the exec to happen (a CLOEXEC pipe closes) or fail (the child
 * writes errno into it, then exits 127), so the root's first stat is the new program's. Emits
 * "spawn" for the root, and "spawn-error" if exec failed. Closes fds 3-5 in the sentinel.
 */
void spawn_root(const sigset_t *child_mask);

#endif
