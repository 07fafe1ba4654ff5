/* An enumerator whose name a macro makes, with a value. */
#define E(x) E_##x
enum e { E(A) = 1, E(B) = 2, E(C) };
int c(void) { return E(C); }
