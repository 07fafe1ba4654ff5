/* The goto-cleanup error idiom through macros. */
#include <stdlib.h>
#define CHECK(c) do { if (!(c)) goto fail; } while (0)
int make(void **out)
{
    void *a = NULL, *b = NULL;
    CHECK(a = malloc(8));
    CHECK(b = malloc(8));
    *out = a;
    free(b);
    return 0;
fail:
    free(a);
    free(b);
    return -1;
}
