#include "names.h"

#include <errno.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Macros, not numbers: the numbering differs between architectures. */
static const struct {
    int sig;
    const char *name;
} names[] = {
    {SIGHUP, "SIGHUP"},   {SIGINT, "SIGINT"},       {SIGQUIT, "SIGQUIT"}, {SIGILL, "SIGILL"},
    {SIGTRAP, "SIGTRAP"}, {SIGABRT, "SIGABRT"},     {SIGBUS, "SIGBUS"},   {SIGFPE, "SIGFPE"},
    {SIGKILL, "SIGKILL"}, {SIGUSR1, "SIGUSR1"},     {SIGSEGV, "SIGSEGV"}, {SIGUSR2, "SIGUSR2"},
    {SIGPIPE, "SIGPIPE"}, {SIGALRM, "SIGALRM"},     {SIGTERM, "SIGTERM"}, {SIGCHLD, "SIGCHLD"},
    {SIGCONT, "SIGCONT"}, {SIGSTOP, "SIGSTOP"},     {SIGTSTP, "SIGTSTP"}, {SIGTTIN, "SIGTTIN"},
    {SIGTTOU, "SIGTTOU"}, {SIGURG, "SIGURG"},       {SIGXCPU, "SIGXCPU"}, {SIGXFSZ, "SIGXFSZ"},
    {SIGVTALRM, "SIGVTALRM"}, {SIGPROF, "SIGPROF"}, {SIGWINCH, "SIGWINCH"}, {SIGIO, "SIGIO"},
#ifdef SIGPWR
    {SIGPWR, "SIGPWR"},
#endif
#ifdef SIGSTKFLT
    {SIGSTKFLT, "SIGSTKFLT"},
#endif
    {SIGSYS, "SIGSYS"},
};

const char *signal_name(int sig, char *buf, size_t size) {
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].sig == sig) return names[i].name;
    if (sig >= SIGRTMIN && sig <= SIGRTMAX) {
        if (sig == SIGRTMIN) snprintf(buf, size, "SIGRTMIN");
        else snprintf(buf, size, "SIGRTMIN+%d", sig - SIGRTMIN);
    } else {
        snprintf(buf, size, "SIG%d", sig);
    }
    return buf;
}

int signal_parse(const char *s) {
    char *end;
    long n = strtol(s, &end, 10);
    if (*s && !*end) return (n > 0 && n <= SIGRTMAX) ? (int)n : -1;
    const char *bare = strncasecmp(s, "SIG", 3) == 0 ? s + 3 : s;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(names[i].name + 3, bare) == 0) return names[i].sig;
    return -1;
}

static const struct {
    int err;
    const char *name;
} errnos[] = {
    {EPERM, "EPERM"},     {ENOENT, "ENOENT"},   {ESRCH, "ESRCH"},         {EINTR, "EINTR"},
    {EIO, "EIO"},         {E2BIG, "E2BIG"},     {ENOEXEC, "ENOEXEC"},     {EBADF, "EBADF"},
    {ECHILD, "ECHILD"},   {EAGAIN, "EAGAIN"},   {ENOMEM, "ENOMEM"},       {EACCES, "EACCES"},
    {EFAULT, "EFAULT"},   {EBUSY, "EBUSY"},     {EEXIST, "EEXIST"},       {ENOTDIR, "ENOTDIR"},
    {EISDIR, "EISDIR"},   {EINVAL, "EINVAL"},   {ENFILE, "ENFILE"},       {EMFILE, "EMFILE"},
    {ETXTBSY, "ETXTBSY"}, {ENOSPC, "ENOSPC"},   {EPIPE, "EPIPE"},         {ENAMETOOLONG, "ENAMETOOLONG"},
    {ENOSYS, "ENOSYS"},   {ELOOP, "ELOOP"},     {EADDRINUSE, "EADDRINUSE"}, {ELIBBAD, "ELIBBAD"},
};

const char *errno_name(int err, char *buf, size_t size) {
    for (size_t i = 0; i < sizeof errnos / sizeof errnos[0]; i++)
        if (errnos[i].err == err) return errnos[i].name;
    snprintf(buf, size, "E%d", err);
    return buf;
}
