/* setjmp, a macro in glibc, as an if's condition. */
#include <setjmp.h>
static jmp_buf env;
int f(void (*body)(void)) { if (setjmp(env) == 0) { body(); return 0; } return 1; }
