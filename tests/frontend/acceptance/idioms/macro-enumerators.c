/* Enumerators from a macro that brings its own commas. */
#define FLAG(n) FLAG_##n = 1 << n,
enum flags { FLAG(0) FLAG(1) FLAG(2) FLAG_ALL = 7 };
int all(void) { return FLAG_ALL | FLAG_1; }
