/* report.c - plain C beside the .blc: built as is, never translated. */
#include <stdio.h>
#include <string.h>

#include "report.h"

void report(const char *who, const char *line)
{
    printf("%s: %.*s\n", who, (int)strcspn(line, "\n"), line);
    fflush(stdout);
}
