/* Macros as the clauses of a for. */
#define INIT i = 0
#define COND i < 10
#define STEP i += 2
int f(void) { int i, s = 0; for (INIT; COND; STEP) s += i; return s; }
