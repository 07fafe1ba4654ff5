/* A parenthesised declarator of a typedef name's type: T(x) declares x. */
typedef int T;
int f(void) { T(x); x = 1; T(*p) = &x; return *p; }
