/*
 * switch.c - what one `yield bl_null()` costs: a coroutine suspends, goes
 * through libbluelet's ready queue, and is resumed.  Written by hand in
 * the form blc emits (frame struct, bl_coro_info, a resume function that
 * switches on the saved state), from this program:
 *
 *     static unsigned long ticks, resumes;
 *     static int bad;
 *
 *     coroutine void pinger(long n, int k)
 *     {
 *         for (long i = 0; i < n; i++) {
 *             unsigned long mark = ++ticks;
 *             yield bl_null();
 *             if (i + 1 < n && ticks - mark != (unsigned long)k - 1)
 *                 bad = 1;      // the other k - 1 did not each run once
 *             resumes++;
 *         }
 *     }
 *
 *     coroutine void bench(long n, int k)
 *     {
 *         bl_task t[MAX_K];
 *         for (int j = 0; j < k; j++)
 *             t[j] = yield bl_spawn(pinger(n, k));
 *         for (int j = 0; j < k; j++)
 *             yield bl_join(t[j]);
 *     }
 *
 *   switch ITERATIONS [K]    K pingers (default 2) each yield ITERATIONS
 *                            times; prints switches=K*ITERATIONS and the
 *                            wall time per switch; exits 1 unless every
 *                            pinger ran ITERATIONS times, in turn
 *
 * bench/switch/switch.cc is the same program in C++20 coroutines.
 */
#include <bluelet.h>
#include <stdio.h>
#include <stdlib.h>

#include "../clock.h"

#define MAX_K 64

static unsigned long ticks, resumes;
static int bad;

/* ---- coroutine void pinger(long n, int k) ------------------------- */

struct pinger__frame {
    bl_coro co;
    long n;             /* parameters */
    int k;
    long i;             /* locals */
    unsigned long mark;
};

static void pinger__resume(bl_coro *co);
static const unsigned pinger__lines[] = { 10, 13 };
static const bl_coro_info pinger__info = {
    .name = "pinger",
    .file = "bench/switch/switch.c",
    .resume = pinger__resume,
    .frame_size = sizeof(struct pinger__frame),
    .nstates = 2,
    .lines = pinger__lines, NULL,
};

static bl_coro *pinger(long n, int k)
{
    static bl_coro failed = BL_FAILED_HANDLE;
    struct pinger__frame *self = bl__frame_new(&pinger__info);
    if (!self)
        return &failed;
    self->n = n;
    self->k = k;
    return &self->co;
}

static void pinger__resume(bl_coro *co)
{
    struct pinger__frame *self = (struct pinger__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    for (self->i = 0; self->i < self->n; self->i++) {
        self->mark = ++ticks;
        BL_AWAIT(co, 1, bl_null()); /* line 13 */
    resume_1:
        (void)BL_RESULT(co, bl_null());
        if (self->i + 1 < self->n && ticks - self->mark != (unsigned long)self->k - 1)
            bad = 1;
        resumes++;
    }
    BL_END(co);
}

/* ---- coroutine void bench(long n, int k) -------------------------- */

struct bench__frame {
    bl_coro co;
    long n;             /* parameters */
    int k;
    bl_task t[MAX_K];   /* locals */
    int j;
};

static void bench__resume(bl_coro *co);
static const unsigned bench__lines[] = { 21, 25, 27 };
static const bl_coro_info bench__info = {
    .name = "bench",
    .file = "bench/switch/switch.c",
    .resume = bench__resume,
    .frame_size = sizeof(struct bench__frame),
    .nstates = 3,
    .lines = bench__lines, NULL,
};

static bl_coro *bench(long n, int k)
{
    static bl_coro failed = BL_FAILED_HANDLE;
    struct bench__frame *self = bl__frame_new(&bench__info);
    if (!self)
        return &failed;
    self->n = n;
    self->k = k;
    return &self->co;
}

static void bench__resume(bl_coro *co)
{
    struct bench__frame *self = (struct bench__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    for (self->j = 0; self->j < self->k; self->j++) {
        BL_AWAIT(co, 1, bl_spawn(pinger(self->n, self->k))); /* line 25 */
    resume_1:
        self->t[self->j] = BL_RESULT(co, bl_spawn(pinger(self->n, self->k)));
    }
    for (self->j = 0; self->j < self->k; self->j++) {
        BL_AWAIT(co, 2, bl_join(self->t[self->j])); /* line 27 */
    resume_2:
        (void)BL_RESULT(co, bl_join(self->t[self->j]));
    }
    BL_END(co);
}

/* ---- the measurement ---------------------------------------------- */

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 0;
    int k = argc > 2 ? atoi(argv[2]) : 2;
    if (argc < 2 || argc > 3 || n < 1 || k < 2 || k > MAX_K) {
        fprintf(stderr, "usage: switch ITERATIONS [K: 2..%d]\n", MAX_K);
        return 2;
    }
    double t0 = now();
    int rc = bl_run(bench(n, k));
    double t1 = now();
    unsigned long want = (unsigned long)n * (unsigned long)k;
    if (rc != 0 || bad || resumes != want) {
        fprintf(stderr, "switch: bl_run %d, %lu of %lu resumes, %s\n", rc, resumes,
                want, bad ? "out of turn" : "in turn");
        return 1;
    }
    printf("switches=%lu ns_per_switch=%.2f frame_bytes=%zu\n", want,
           (t1 - t0) * 1e9 / (double)want, sizeof(struct pinger__frame));
    return 0;
}
