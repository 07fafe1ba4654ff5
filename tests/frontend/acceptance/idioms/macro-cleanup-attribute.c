/* The cleanup attribute through a macro. */
#include <stdlib.h>
static void free_ptr(void *p) { free(*(void **)p); }
#define AUTOFREE __attribute__((cleanup(free_ptr)))
int f(void) { AUTOFREE char *buf = malloc(16); return buf != NULL; }
