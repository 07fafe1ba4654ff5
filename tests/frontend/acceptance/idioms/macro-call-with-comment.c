/* A comment inside a macro call, and between the name and '('. */
#define ADD(a, b) ((a) + (b))
int f(void) { return ADD /* name */ ( 1 /* one */, /* two */ 2 ); }
