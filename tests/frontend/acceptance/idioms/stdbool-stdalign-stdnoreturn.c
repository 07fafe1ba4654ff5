/* The C11 convenience headers' macros. */
#include <stdalign.h>
#include <stdbool.h>
#include <stdnoreturn.h>
#include <stdlib.h>
alignas(8) static bool flags[4] = { true, false };
noreturn void die(void) { exit(1); }
int align(void) { return (int)alignof(double) + flags[0]; }
