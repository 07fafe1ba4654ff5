#include <stdio.h>
typedef int T;
void f(void) { T * x; { int T; T * 2; } T(y); }
