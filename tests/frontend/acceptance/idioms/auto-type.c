/* __auto_type in a macro and directly. */
#define LET(v, e) __auto_type v = (e)
int f(int a) { LET(b, a * 2); __auto_type c = b + 1L; return (int)c; }
