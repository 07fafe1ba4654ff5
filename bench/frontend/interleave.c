/*
 * bench/frontend/interleave.c - wall times of commands, run in turn.
 *
 *   interleave RUNS CMD1 [CMD2 ...]
 *
 * Each CMD is one argument, its words split at blanks (no quoting).  The
 * commands run one after another, RUNS rounds of all of them, so that a
 * change in the machine's speed (these are shared VMs) falls on each
 * alike; each prints its median wall time, in milliseconds, and its ratio
 * to CMD1's.  The time is the spawn's (posix_spawnp, with stdout and
 * stdin /dev/null, stderr kept) to waitpid's return: what a build pays
 * for the command, without a shell's forks around it.  Exits 1 if a
 * command fails.
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../clock.h"

extern char **environ;

enum { MAX_WORDS = 64 };

/* Splits cmd at blanks into words[] (cmd is changed); returns the count. */
static int split(char *cmd, char **words)
{
    int n = 0;
    for (char *w = strtok(cmd, " \t"); w && n < MAX_WORDS - 1; w = strtok(NULL, " \t"))
        words[n++] = w;
    words[n] = NULL;
    return n;
}

/* Runs words once; its wall time in seconds, or -1 if it failed. */
static double run(char **words)
{
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa) ||
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0) ||
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0))
        return -1;
    double t0 = now();
    pid_t pid;
    int status = 0;
    int rc = posix_spawnp(&pid, words[0], &fa, NULL, words, environ);
    while (rc == 0 && waitpid(pid, &status, 0) < 0)
        ;
    double t = now() - t0;
    posix_spawn_file_actions_destroy(&fa);
    return rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? t : -1;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int runs = argc > 2 ? atoi(argv[1]) : 0, ncmd = argc - 2;
    if (runs < 1) {
        fprintf(stderr, "usage: interleave RUNS CMD1 [CMD2 ...]\n");
        return 2;
    }
    char *(*words)[MAX_WORDS] = calloc((size_t)ncmd, sizeof *words);
    double *t = calloc((size_t)ncmd * (size_t)runs, sizeof *t);
    if (!words || !t)
        return 1;
    for (int c = 0; c < ncmd; c++)
        if (split(argv[2 + c], words[c]) == 0) {
            fprintf(stderr, "interleave: an empty command\n");
            return 2;
        }
    for (int r = 0; r < runs; r++)
        for (int c = 0; c < ncmd; c++)
            if ((t[c * runs + r] = run(words[c])) < 0) {
                fprintf(stderr, "interleave: failed: %s\n", words[c][0]);
                return 1;
            }
    double first = 0;
    for (int c = 0; c < ncmd; c++) {
        qsort(t + c * runs, (size_t)runs, sizeof *t, by_value);
        double m = runs % 2 ? t[c * runs + runs / 2]
                            : (t[c * runs + runs / 2 - 1] + t[c * runs + runs / 2]) / 2;
        if (c == 0)
            first = m;
        printf("%.3f ms %.3f", m * 1e3, m / first);
        for (char **w = words[c]; *w; w++)
            printf(" %s", *w);
        putchar('\n');
    }
    free(words);
    free(t);
    return 0;
}
