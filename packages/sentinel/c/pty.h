/*
 * --terminal: the root gets a pseudo-terminal as its controlling terminal, as a shell started at a
 * keyboard does. The sentinel keeps the master: what the programs write to the terminal is copied
 * to fd 4 (the run's stdout; stdout and stderr are one stream on a terminal), and "type HEX" writes
 * bytes into it as a keyboard would, so ctrl-c (03) and ctrl-z (1a) make the kernel's line
 * discipline signal the terminal's foreground process group. The foreground group (tcgetpgrp on
 * the master) is read before every event the sentinel emits and at every round of the poll loop,
 * and each change is a "foreground" event: sampled, never caught in the act.
 */
#ifndef PROCLIFE_PTY_H
#define PROCLIFE_PTY_H

/* Before the fork: opens the master, names the slave. Returns 0 or -errno (*what names the call). */
int pty_open(const char **what);
/* In the forked child, before exec (async-signal-safe calls only): a new session whose controlling
 * terminal is the slave, and stdin/stdout/stderr on it. Returns 0 or an errno. */
int pty_child(void);
/* After the root's exec: the master joins the poll loop (SRC_PTY). */
void pty_started(void);
/* The master is readable (or hung up): copy what is there to fd 4; at EIO close fd 4. */
void pty_readable(void);
/* "type HEX": writes the bytes into the master. Answers with a "typed" event or an "error". */
void pty_type(const char *hex, const char *line);
/* Emits "foreground" if the terminal's foreground group changed since last read. Cheap (one ioctl). */
void pty_foreground(void);
/* The same at the return of a traced tcsetpgrp (seccomp.h): a change read here is exact. */
void pty_foreground_call(void);
/* Before exit: what is still buffered in the master goes to fd 4. */
void pty_drain(void);

#endif
