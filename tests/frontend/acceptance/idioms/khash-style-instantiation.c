/* A macro that instantiates a type and its functions (khash style). */
#include <stdlib.h>
#define STACK_INIT(name, type) \
    typedef struct { int n; type items[16]; } stack_##name##_t; \
    static inline void stack_##name##_push(stack_##name##_t *s, type v) { s->items[s->n++] = v; } \
    static inline type stack_##name##_pop(stack_##name##_t *s) { return s->items[--s->n]; }
STACK_INIT(int, int)
STACK_INIT(str, const char *)
int f(void)
{
    stack_int_t s = { 0 };
    stack_int_push(&s, 3);
    stack_str_t t = { 0 };
    stack_str_push(&t, "x");
    return stack_int_pop(&s) + (stack_str_pop(&t) != NULL);
}
