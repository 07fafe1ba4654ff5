/* A multi-line macro body with comments inside it. */
#define SUM3(a, b, c) /* adds */ \
    ((a) + /* the middle */ \
     (b) + (c))
int f(void) { return SUM3(1, 2, 3); }
