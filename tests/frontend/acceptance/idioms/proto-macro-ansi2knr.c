/* The PROTO/PARAMS idiom of pre-ANSI code. */
#if defined(__STDC__)
#define PARAMS(args) args
#else
#define PARAMS(args) ()
#endif
static int scale PARAMS((int value, int factor));
static int scale(int value, int factor) { return value * factor; }
int use(void) { return scale(2, 3); }
