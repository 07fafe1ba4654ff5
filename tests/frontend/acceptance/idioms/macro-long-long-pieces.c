/* Type words coming from several macros. */
#define U unsigned
#define LL long long
typedef U LL u64;
U LL counter;
U int f(U char c) { return c; }
