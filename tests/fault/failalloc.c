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
 *   BL_FAULT_ALLOC_LOG=F  at exit, "CALLS INJECTED" is written to F: how
 *                         many allocations were asked for, and whether
 *                         the Nth was among them (1) or not (0)
 *
 * The walk (tests/fault/walk.sh) runs a program once to count, then once
 * per N.  Threads (bl_work's) count too: the counter is atomic.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <execinfo.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

bool bl__fault_alloc(void);
void *bl__fault_malloc(size_t n);
void *bl__fault_calloc(size_t n, size_t size);
void *bl__fault_realloc(void *p, size_t n);
void *bl__fault_reallocarray(void *p, size_t n, size_t size);
char *bl__fault_strdup(const char *s);
char *bl__fault_strndup(const char *s, size_t n);
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
static atomic_bool injected;

__attribute__((constructor)) static void failalloc_init(void)
{
    const char *n = getenv("BL_FAULT_ALLOC");
    fail_at = n ? strtoul(n, NULL, 10) : 0;
    const char *ms = getenv("BL_FAULT_ALLOC_AFTER_MS");
    if (ms)
        fail_after = monotonic() + strtod(ms, NULL) / 1e3;
}

__attribute__((destructor)) static void failalloc_report(void)
{
    const char *log = getenv("BL_FAULT_ALLOC_LOG");
    FILE *f = log ? fopen(log, "w") : NULL;
    if (!f)
        return;
    fprintf(f, "%lu %d\n", (unsigned long)atomic_load(&calls), (int)atomic_load(&injected));
    fclose(f);
}

bool bl__fault_alloc(void)
{
    unsigned long n = atomic_fetch_add(&calls, 1) + 1;
    if (n != fail_at && !(fail_after > 0 && monotonic() >= fail_after))
        return false;
    atomic_store(&injected, true);
    if (getenv("BL_FAULT_BACKTRACE")) {
        void *frames[32];
        backtrace_symbols_fd(frames, backtrace(frames, 32), 2);
    }
    errno = ENOMEM;
    return true;
}

void *bl__fault_malloc(size_t n)
{
    return bl__fault_alloc() ? NULL : malloc(n);
}

void *bl__fault_calloc(size_t n, size_t size)
{
    return bl__fault_alloc() ? NULL : calloc(n, size);
}

void *bl__fault_realloc(void *p, size_t n)
{
    return bl__fault_alloc() ? NULL : realloc(p, n);
}

void *bl__fault_reallocarray(void *p, size_t n, size_t size)
{
    return bl__fault_alloc() ? NULL : reallocarray(p, n, size);
}

char *bl__fault_strdup(const char *s)
{
    return bl__fault_alloc() ? NULL : strdup(s);
}

char *bl__fault_strndup(const char *s, size_t n)
{
    return bl__fault_alloc() ? NULL : strndup(s, n);
}

int bl__fault_posix_memalign(void **p, size_t align, size_t n)
{
    return bl__fault_alloc() ? ENOMEM : posix_memalign(p, align, n);
}

void *bl__fault_aligned_alloc(size_t align, size_t n)
{
    return bl__fault_alloc() ? NULL : aligned_alloc(align, n);
}

void *bl__fault_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    return bl__fault_alloc() ? MAP_FAILED : mmap(addr, len, prot, flags, fd, off);
}

/* (MREMAP_FIXED's fifth argument is never used by the code under test:
 * syms.sh's callers move or grow only.) */
void *bl__fault_mremap(void *old, size_t oldlen, size_t len, int flags, ...)
{
    return bl__fault_alloc() ? MAP_FAILED : mremap(old, oldlen, len, flags);
}
