/* Empty macro arguments. */
#define CAT(a, b) a##b
#define PAIR(a, b) a b
int CAT(, value) = 1;
int PAIR(, other) = 2;
int f(void) { return value + other; }
