/* A macro spells a qualifier keyword. */
#define atomic _Atomic
static atomic int n = 0;
int bump(void) { return ++n; }
