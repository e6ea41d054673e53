/* Starting the fixture: fork, then exec it with fds 3/4/5 as its stdin/stdout/stderr. */
#ifndef PROCLIFE_SPAWN_H
#define PROCLIFE_SPAWN_H

#include <signal.h>

#include <sys/types.h>

/*
 * Forks the fixture's process, which waits (before anything else) until spawn_root() lets it
 * exec g.argv: in between the sentinel seizes it for tracing and says hello.
 */
pid_t spawn_root_fork(const sigset_t *child_mask);

/*
 * Lets the child exec. Waits for the exec to happen (a CLOEXEC pipe closes) or fail (the child
 * writes errno into it, then exits 127), so the root's first stat is the new program's. Emits
 * "spawn" for the root, and "spawn-error" if exec failed. Closes fds 3-5 in the sentinel.
 */
void spawn_root(pid_t pid);

#endif
