/* A variadic function wrapped by a variadic macro with __FILE__. */
#include <stdarg.h>
#include <stdio.h>
static void log_at(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s:%d: ", file, line);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}
#define LOG(...) log_at(__FILE__, __LINE__, __VA_ARGS__)
void f(int x) { LOG("x=%d\n", x); LOG("plain\n"); }
