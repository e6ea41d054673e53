/*
 * Signalling a process group, as a terminal does on ctrl-c: kill(-pgid) reaches every member at
 * once (a fork racing with it cannot leave a child that missed the signal).
 *
 * The sentinel signals only what it can prove is the fixture's: the group is named through a
 * tracked process (pid and start time, as for a single signal), and it is refused if any member
 * is not a live process the sentinel tracks, or if it is the sentinel's own group.
 */
#ifndef PROCLIFE_GROUP_H
#define PROCLIFE_GROUP_H

#include <sys/types.h>

#include "table.h"

/*
 * Sends sig to the process group of p. On success returns 0 and sets *pgid. On refusal returns
 * -errno and sets *why to a sentence for the error event.
 */
int group_signal(struct proc *p, int sig, pid_t *pgid, const char **why);

#endif
