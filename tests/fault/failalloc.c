/*
 * failalloc.c - the failing allocator of the fault tests: the Nth
 * allocation fails.
 *
 * It is linked into test builds of the runtime and of blc (Makefile,
 * "tests/fault"), whose objects have every reference to the C allocator
 * renamed to the bl__fault_ functions below (objcopy --redefine-sym), so
 * every allocation site of that code, today's and tomorrow's, liburing's
 * included, comes here by construction: tests/fault/syms.sh fails the
 * build of a test object that still calls an allocator directly.  The
 * runtime's own slab allocator asks bl__fault_alloc() too (internal.h,
 * under BL_FAULT), so frames and events taken from its free lists count.
 *
 *   BL_FAULT_ALLOC=N      the Nth allocation fails (ENOMEM), once; unset
 *                         or 0: none does
 *   BL_FAULT_ALLOC_AFTER_MS=T  every allocation fails from T ms after
 *                         the start on (memory that never comes back)
 *   BL_FAULT_BACKTRACE=1  the failing call's stack goes to stderr
 *   BL_FAULT_ALLOC_LOG=F  F gets, as they happen (so a process killed
 *                         by a signal leaves them too): "injected N" when
 *                         the Nth allocation failed; with BL_FAULT_SITES=D,
 *                         "site N" at each allocation site's first call (a
 *                         site is the allocator's caller and the D-1
 *                         callers above it, their return addresses: D=1
 *                         the line of code that allocates, D=3 that line
 *                         reached from each of its callers' callers); and
 *                         at exit "calls M", the allocations asked for
 *
 * The walk (tests/fault/walk.sh) runs a program once to count, then once
 * per N.  Threads (bl_work's) count too: the counter is atomic.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

bool bl__fault_alloc(void);
void *bl__fault_malloc(size_t n);
void *bl__fault_calloc(size_t n, size_t size);
void *bl__fault_realloc(void *p, size_t n);
void *bl__fault_reallocarray(void *p, size_t n, size_t size);
char *bl__fault_strdup(const char *s);
char *bl__fault_strndup(const char *s, size_t n);
FILE *bl__fault_open_memstream(char **p, size_t *n);
char *bl__fault_realpath(const char *path, char *resolved);
int bl__fault_posix_memalign(void **p, size_t align, size_t n);
void *bl__fault_aligned_alloc(size_t align, size_t n);
void *bl__fault_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
void *bl__fault_mremap(void *old, size_t oldlen, size_t len, int flags, ...);

static atomic_ulong calls;
static unsigned long fail_at;
static double fail_after;       /* CLOCK_MONOTONIC seconds; 0: never */

static double monotonic(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* The sites seen (BL_FAULT_SITES): a fixed open-addressing set of the
 * stacks' hashes, and the number of each site's first call, in static
 * storage (the allocator is the thing under test).  More sites than
 * SITES_MAX: the rest are not told apart, and the log says so. */
enum { SITES_MAX = 1 << 14, DEPTH_MAX = 8 };
static int site_depth;
static pthread_mutex_t sites_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t site_hash[SITES_MAX];
static unsigned long nsites;
static bool sites_full;
static int log_fd = -1;

/* One line of the log, written at once (a write(2): no allocation). */
static void log_line(const char *what, unsigned long n)
{
    char line[64];
    int len = snprintf(line, sizeof line, "%s %lu\n", what, n);
    if (log_fd >= 0 && write(log_fd, line, (size_t)len) < 0)
        return;
}

static void site_note(unsigned long n, void *caller)
{
    void *frames[DEPTH_MAX + 4];
    uint64_t h = 1469598103934665603u; /* FNV-1a over the addresses */
    int got = 0, i = 0;
    if (site_depth > 1) {
        /* this file's own frames (inlined or not) come first: the
         * callers start where the allocator's caller is */
        got = backtrace(frames, site_depth + 4);
        while (i < got && frames[i] != caller)
            i++;
    }
    h = (h ^ (uintptr_t)caller) * 1099511628211u;
    for (int j = i + 1; j < got && j < i + site_depth; j++)
        h = (h ^ (uintptr_t)frames[j]) * 1099511628211u;
    h |= 1; /* 0: an empty slot */
    pthread_mutex_lock(&sites_lock);
    for (size_t s = h % SITES_MAX, probes = 0;; s = (s + 1) % SITES_MAX, probes++) {
        if (probes == SITES_MAX) {
            if (!sites_full)
                log_line("full", n);
            sites_full = true;
            break;
        }
        if (site_hash[s] == h)
            break;
        if (site_hash[s] == 0) {
            site_hash[s] = h;
            nsites++;
            log_line("site", n);
            break;
        }
    }
    pthread_mutex_unlock(&sites_lock);
}

__attribute__((constructor)) static void failalloc_init(void)
{
    const char *n = getenv("BL_FAULT_ALLOC");
    fail_at = n ? strtoul(n, NULL, 10) : 0;
    const char *ms = getenv("BL_FAULT_ALLOC_AFTER_MS");
    if (ms)
        fail_after = monotonic() + strtod(ms, NULL) / 1e3;
    const char *log = getenv("BL_FAULT_ALLOC_LOG");
    if (log)
        log_fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
    const char *d = getenv("BL_FAULT_SITES");
    site_depth = d ? atoi(d) : 0;
    if (site_depth > DEPTH_MAX)
        site_depth = DEPTH_MAX;
    if (site_depth > 1) { /* backtrace's first call loads libgcc: not inside a lock */
        void *f[1];
        backtrace(f, 1);
    }
}

__attribute__((destructor)) static void failalloc_report(void)
{
    log_line("calls", (unsigned long)atomic_load(&calls));
}

static bool fault_at(void *caller)
{
    unsigned long n = atomic_fetch_add(&calls, 1) + 1;
    if (site_depth > 0)
        site_note(n, caller);
    if (n != fail_at && !(fail_after > 0 && monotonic() >= fail_after))
        return false;
    log_line("injected", n);
    if (getenv("BL_FAULT_BACKTRACE")) {
        void *frames[32];
        backtrace_symbols_fd(frames, backtrace(frames, 32), 2);
    }
    errno = ENOMEM;
    return true;
}

#define FAULT() fault_at(__builtin_return_address(0))

bool bl__fault_alloc(void)
{
    return FAULT();
}

void *bl__fault_malloc(size_t n)
{
    return FAULT() ? NULL : malloc(n);
}

void *bl__fault_calloc(size_t n, size_t size)
{
    return FAULT() ? NULL : calloc(n, size);
}

void *bl__fault_realloc(void *p, size_t n)
{
    return FAULT() ? NULL : realloc(p, n);
}

void *bl__fault_reallocarray(void *p, size_t n, size_t size)
{
    return FAULT() ? NULL : reallocarray(p, n, size);
}

char *bl__fault_strdup(const char *s)
{
    return FAULT() ? NULL : strdup(s);
}

char *bl__fault_strndup(const char *s, size_t n)
{
    return FAULT() ? NULL : strndup(s, n);
}

FILE *bl__fault_open_memstream(char **p, size_t *n)
{
    return FAULT() ? NULL : open_memstream(p, n);
}

/* realpath allocates its answer when resolved is NULL (blc's cpp.c). */
char *bl__fault_realpath(const char *path, char *resolved)
{
    if (!resolved && FAULT()) {
        errno = ENOMEM;
        return NULL;
    }
    return realpath(path, resolved);
}

int bl__fault_posix_memalign(void **p, size_t align, size_t n)
{
    return FAULT() ? ENOMEM : posix_memalign(p, align, n);
}

void *bl__fault_aligned_alloc(size_t align, size_t n)
{
    return FAULT() ? NULL : aligned_alloc(align, n);
}

void *bl__fault_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    return FAULT() ? MAP_FAILED : mmap(addr, len, prot, flags, fd, off);
}

/* (MREMAP_FIXED's fifth argument is never used by the code under test:
 * syms.sh's callers move or grow only.) */
void *bl__fault_mremap(void *old, size_t oldlen, size_t len, int flags, ...)
{
    return FAULT() ? MAP_FAILED : mremap(old, oldlen, len, flags);
}
