/* Names for numbers: signals as Node.js spells them ("SIGTERM"), errno values ("ENOENT"). */
#ifndef PROCLIFE_NAMES_H
#define PROCLIFE_NAMES_H

#include <stddef.h>

/* "SIGTERM" for SIGTERM; "SIGRTMIN+2" style for real-time signals; "SIG<n>" otherwise. */
const char *signal_name(int sig, char *buf, size_t size);

/* Accepts "SIGTERM", "TERM" or a number. Returns the signal number, or -1. */
int signal_parse(const char *s);

/* "ENOENT" for ENOENT (the errors exec and friends return); "E<n>" for others. */
const char *errno_name(int err, char *buf, size_t size);

#endif
