/* <ctype.h> functions that may be macros. */
#include <ctype.h>
int count_digits(const char *s) { int n = 0; while (*s) n += isdigit((unsigned char)*s++) != 0; return n; }
int up(int c) { return toupper(c); }
