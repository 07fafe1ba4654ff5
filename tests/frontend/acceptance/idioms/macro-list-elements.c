/* List elements from runs of macros. */
#define A "x",
#define B A A
static const char *a[] = { B B 0 };
