/* A macro with the name of a function, and a call that avoids it. */
#include <stdlib.h>
#define free(p) do { free(p); (p) = NULL; } while (0)
void release(char *buf) { free(buf); (free)(NULL); }
