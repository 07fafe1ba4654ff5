/* Arrays of function pointers and calls through them. */
static int zero(void) { return 0; }
static int one(void) { return 1; }
static int (*const table[])(void) = { zero, one };
int call(int i) { return table[i]() + (*table[i])(); }
