/* report.h - how pingpong says what it received (report.c, plain C). */
#ifndef REPORT_H
#define REPORT_H

/* Prints "who: line" (line without its newline) and flushes. */
void report(const char *who, const char *line);

#endif
