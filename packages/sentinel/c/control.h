/*
 * Commands from the runner, one per line on fd 0:
 *   snapshot ID | hold NAME | release NAME | signal PID START SIGNAME | cleanup TERM_MS | quit
 * EOF on fd 0 means the runner is gone (even killed with SIGKILL): the sentinel kills the tree.
 */
#ifndef PROCLIFE_CONTROL_H
#define PROCLIFE_CONTROL_H

/* fd 0 is readable (or hung up). */
void control_readable(void);

/* Whether fd 0 is still open for reading (not at EOF). */
int control_open(void);

#endif
