#include "json.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pty.h"
#include "sentinel.h"
#include "util.h"

#define MAX_DEPTH 8

static char *buf;
static size_t len, cap;
static bool first[MAX_DEPTH];
static int depth;

static void put(const char *s, size_t n) {
    grow(&buf, &cap, len + n + 1, 1);
    memcpy(buf + len, s, n);
    len += n;
}

static void putc1(char c) { put(&c, 1); }

static void escaped(const unsigned char *s, size_t n);

/* Writes the separator and, inside an object, the member's key. */
static void slot(const char *k) {
    if (!first[depth]) putc1(',');
    first[depth] = false;
    if (k) {
        escaped((const unsigned char *)k, strlen(k));
        putc1(':');
    }
}

/* Length of a valid UTF-8 sequence at s (at most n bytes), or 0 if the bytes there are not one. */
static size_t utf8_len(const unsigned char *s, size_t n) {
    unsigned char c = s[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) need = 2;
    else if (c == 0xE0) need = 3, lo = 0xA0;
    else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) need = 3;
    else if (c == 0xED) need = 3, hi = 0x9F; /* no UTF-16 surrogates */
    else if (c == 0xF0) need = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) need = 4;
    else if (c == 0xF4) need = 4, hi = 0x8F; /* nothing above U+10FFFF */
    else return 0;
    if (n < need) return 0;
    if (s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < need; i++)
        if (s[i] < 0x80 || s[i] > 0xBF) return 0;
    return need;
}

static void escaped(const unsigned char *s, size_t n) {
    char u[8];
    putc1('"');
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c == '"' || c == '\\') {
            putc1('\\');
            putc1((char)c);
            i++;
        } else if (c == '\n') {
            put("\\n", 2), i++;
        } else if (c == '\t') {
            put("\\t", 2), i++;
        } else if (c == '\r') {
            put("\\r", 2), i++;
        } else if (c < 0x20 || c == 0x7f) {
            snprintf(u, sizeof u, "\\u%04x", c);
            put(u, 6), i++;
        } else if (c < 0x80) {
            putc1((char)c), i++;
        } else {
            size_t k = utf8_len(s + i, n - i);
            if (k) {
                put((const char *)s + i, k);
                i += k;
            } else {
                /* Not UTF-8: keep the byte visible and reversible as U+00XX (Latin-1 reading). */
                snprintf(u, sizeof u, "\\u%04x", c);
                put(u, 6), i++;
            }
        }
    }
    putc1('"');
}

void jb_begin(const char *ev) {
    /* With a terminal, a change of its foreground group is reported before the event that
     * follows it (pty.c), so the stream's order says which group held the terminal then. */
    pty_foreground();
    len = 0;
    depth = 0;
    first[0] = true;
    putc1('{');
    jb_str("ev", ev);
    jb_ms("t", g.now_ns);
}

void jb_strn(const char *k, const char *s, size_t n) {
    slot(k);
    escaped((const unsigned char *)s, n);
}

void jb_str(const char *k, const char *s) {
    if (!s) {
        jb_null(k);
        return;
    }
    jb_strn(k, s, strlen(s));
}

static void raw_value(const char *k, const char *text) {
    slot(k);
    put(text, strlen(text));
}

void jb_int(const char *k, long long v) {
    char t[32];
    snprintf(t, sizeof t, "%lld", v);
    raw_value(k, t);
}

void jb_uint(const char *k, unsigned long long v) {
    char t[32];
    snprintf(t, sizeof t, "%llu", v);
    raw_value(k, t);
}

void jb_bool(const char *k, bool v) { raw_value(k, v ? "true" : "false"); }

void jb_null(const char *k) { raw_value(k, "null"); }

void jb_ms(const char *k, int64_t ns) {
    char t[40];
    int64_t us = ns / 1000;
    snprintf(t, sizeof t, "%s%lld.%03lld", us < 0 ? "-" : "", (long long)(us < 0 ? -us : us) / 1000,
             (long long)(us < 0 ? -us : us) % 1000);
    raw_value(k, t);
}

static void open_container(const char *k, char c) {
    raw_value(k, c == '{' ? "{" : "[");
    if (depth + 1 < MAX_DEPTH) depth++;
    first[depth] = true;
}

void jb_obj(const char *k) { open_container(k, '{'); }

void jb_arr(const char *k) { open_container(k, '['); }

void jb_obj_end(void) {
    putc1('}');
    if (depth > 0) depth--;
}

void jb_arr_end(void) {
    putc1(']');
    if (depth > 0) depth--;
}

void jb_end(void) {
    put("}\n", 2);
    if (g.out_dead) return;
    int r = write_all(1, buf, len);
    if (r < 0) {
        /* EPIPE (SIGPIPE is ignored) or worse: nobody reads our events, so the runner is gone. */
        g.out_dead = true;
        g.runner_gone = true;
        diag("event output failed (%s); treating the runner as gone", strerror(-r));
    }
}
