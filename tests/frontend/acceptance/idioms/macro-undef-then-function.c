/* #undef of a macro that then names a function. */
#define get(x) ((x) * 2)
int twice(int x) { return get(x); }
#undef get
int get(int x) { return x; }
