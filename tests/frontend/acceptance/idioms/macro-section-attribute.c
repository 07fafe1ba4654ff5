/* A section attribute via a macro, on a table. */
#define SECTION(s) __attribute__((section(s), used))
static const int SECTION(".rodata.mytable") table[] = { 1, 2, 3 };
int first(void) { return table[0]; }
