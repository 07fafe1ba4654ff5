/*
 * spawn.c - what a sleeping coroutine costs: N tasks spawned, each asleep
 * in `yield bl_sleep(s)`; spawns per second, and resident memory per
 * sleeping task, measured while all N sleep.  Written by hand in the form
 * blc emits, from this program:
 *
 *     static long asleep, woke;
 *
 *     coroutine void sleeper(double s)
 *     {
 *         asleep++;
 *         yield bl_sleep(s);
 *         woke++;
 *     }
 *
 *     coroutine void bench(long n, double s, bl_task *ids)
 *     {
 *         measure(BEFORE);
 *         for (long i = 0; i < n; i++)
 *             ids[i] = yield bl_spawn(sleeper(s));
 *         measure(SPAWNED);
 *         while (asleep < n)
 *             yield bl_null();
 *         measure(ASLEEP);     // every task has reached its bl_sleep
 *         for (long i = 0; i < n; i++)
 *             yield bl_join(ids[i]);
 *         measure(WOKEN);
 *     }
 *
 *   spawn N SECONDS    prints key=value figures; exits 1 unless every
 *                      sleeper fell asleep and woke once, and none woke
 *                      before all were asleep (else SECONDS was too short)
 *
 * Resident memory is Rss from /proc/self/smaps_rollup (VmRSS from
 * /proc/self/status where that is missing), read before the first spawn
 * (the id array already touched) and when all are asleep.  With
 * SPAWN_SMAPS=FILE, /proc/self/smaps is copied to FILE at that moment.
 */
#include <bluelet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../clock.h"

enum { BEFORE, SPAWNED, ASLEEP, WOKEN, NMARKS };

static long asleep, woke, woke_early;
static double when[NMARKS];
static long rss_kb[NMARKS];
static struct bl_stats stats_asleep;

static long read_kb(const char *path, const char *key)
{
    FILE *f = fopen(path, "r");
    char line[256];
    long kb = -1;
    size_t klen = strlen(key);
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, klen) == 0) {
            kb = atol(line + klen);
            break;
        }
    fclose(f);
    return kb;
}

static void measure(int mark)
{
    long kb = read_kb("/proc/self/smaps_rollup", "Rss:");
    rss_kb[mark] = kb >= 0 ? kb : read_kb("/proc/self/status", "VmRSS:");
    when[mark] = now();
}

/* With SPAWN_SMAPS=FILE, a copy of /proc/self/smaps while all sleep:
 * which mappings the memory is in. */
static void dump_smaps(const char *path)
{
    if (!path)
        return;
    FILE *in = fopen("/proc/self/smaps", "r"), *out = fopen(path, "w");
    char buf[4096];
    size_t n;
    while (in && out && (n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, out);
    if (in)
        fclose(in);
    if (out)
        fclose(out);
}

/* ---- coroutine void sleeper(double s) ----------------------------- */

struct sleeper__frame {
    bl_coro co;
    double s;           /* parameter */
};

static void sleeper__resume(bl_coro *co);
static const unsigned sleeper__lines[] = { 9, 12 };
static const bl_coro_info sleeper__info = {
    .name = "sleeper",
    .file = "bench/spawn/spawn.c",
    .resume = sleeper__resume,
    .frame_size = sizeof(struct sleeper__frame),
    .nstates = 2,
    .lines = sleeper__lines,
};

static bl_coro *sleeper(double s)
{
    static bl_coro failed = BL_FAILED_HANDLE;
    struct sleeper__frame *self = bl__frame_new(&sleeper__info);
    if (!self)
        return &failed;
    self->s = s;
    return &self->co;
}

static void sleeper__resume(bl_coro *co)
{
    struct sleeper__frame *self = (struct sleeper__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    asleep++;
    BL_AWAIT(co, 1, bl_sleep(self->s)); /* line 12 */
resume_1:
    (void)BL_RESULT(co, bl_sleep(self->s));
    woke++;
    BL_END(co);
}

/* ---- coroutine void bench(long n, double s, bl_task *ids) --------- */

struct bench__frame {
    bl_coro co;
    long n;             /* parameters */
    double s;
    bl_task *ids;
    long i;             /* local */
};

static void bench__resume(bl_coro *co);
static const unsigned bench__lines[] = { 16, 20, 23, 26 };
static const bl_coro_info bench__info = {
    .name = "bench",
    .file = "bench/spawn/spawn.c",
    .resume = bench__resume,
    .frame_size = sizeof(struct bench__frame),
    .nstates = 4,
    .lines = bench__lines,
};

static bl_coro *bench(long n, double s, bl_task *ids)
{
    static bl_coro failed = BL_FAILED_HANDLE;
    struct bench__frame *self = bl__frame_new(&bench__info);
    if (!self)
        return &failed;
    self->n = n;
    self->s = s;
    self->ids = ids;
    return &self->co;
}

static void bench__resume(bl_coro *co)
{
    struct bench__frame *self = (struct bench__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    }
    measure(BEFORE);
    for (self->i = 0; self->i < self->n; self->i++) {
        BL_AWAIT(co, 1, bl_spawn(sleeper(self->s))); /* line 20 */
    resume_1:
        self->ids[self->i] = BL_RESULT(co, bl_spawn(sleeper(self->s)));
    }
    measure(SPAWNED);
    while (asleep < self->n) {
        BL_AWAIT(co, 2, bl_null()); /* line 23 */
    resume_2:
        (void)BL_RESULT(co, bl_null());
    }
    measure(ASLEEP);
    dump_smaps(getenv("SPAWN_SMAPS"));
    woke_early = woke;
    bl_stats(&stats_asleep);
    for (self->i = 0; self->i < self->n; self->i++) {
        BL_AWAIT(co, 3, bl_join(self->ids[self->i])); /* line 26 */
    resume_3:
        (void)BL_RESULT(co, bl_join(self->ids[self->i]));
    }
    measure(WOKEN);
    BL_END(co);
}

/* ---- main --------------------------------------------------------- */

int main(int argc, char **argv)
{
    long n = argc == 3 ? atol(argv[1]) : 0;
    double s = argc == 3 ? atof(argv[2]) : 0;
    if (n < 1 || s <= 0) {
        fputs("usage: spawn N SECONDS\n", stderr);
        return 2;
    }
    bl_task *ids = malloc((size_t)n * sizeof *ids);
    if (!ids) {
        fputs("spawn: out of memory\n", stderr);
        return 1;
    }
    /* Resident before BEFORE: not zeroes, which the compiler may turn
     * into calloc() of untouched pages. */
    memset(ids, 0xff, (size_t)n * sizeof *ids);
    int rc = bl_run(bench(n, s, ids));
    free(ids);
    if (rc != 0 || asleep != n || woke != n) {
        fprintf(stderr, "spawn: bl_run %d, %ld of %ld asleep, %ld woke\n", rc,
                asleep, n, woke);
        return 1;
    }
    if (woke_early) {
        fprintf(stderr, "spawn: %ld woke before all were asleep (%.2f s after the "
                "first spawn): give a longer sleep than %.2f s\n", woke_early,
                when[ASLEEP] - when[BEFORE], s);
        return 1;
    }
    double per = (double)(rss_kb[ASLEEP] - rss_kb[BEFORE]) * 1024.0 / (double)n;
    printf("coroutines=%ld frame_bytes=%zu rss_before_kb=%ld rss_asleep_kb=%ld "
           "rss_bytes_per_coroutine=%.1f spawn_s=%.3f asleep_s=%.3f "
           "spawns_per_s=%.0f wake_and_join_s=%.3f live_frames=%zu live_events=%zu "
           "live_tasks=%zu\n",
           n, sizeof(struct sleeper__frame), rss_kb[BEFORE], rss_kb[ASLEEP], per,
           when[SPAWNED] - when[BEFORE], when[ASLEEP] - when[BEFORE],
           (double)n / (when[ASLEEP] - when[BEFORE]), when[WOKEN] - when[ASLEEP],
           stats_asleep.frames, stats_asleep.events, stats_asleep.tasks);
    return 0;
}
