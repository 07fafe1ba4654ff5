/* Commas inside strings and parentheses in macro arguments. */
#define FIRST(a, ...) a
const char *s = FIRST("a, b", "c");
int n(void) { return FIRST((1, 2), 3); }
