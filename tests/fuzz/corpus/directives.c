#if A
int f(void) {
#else
int f(int x) {
#endif
  return 0;
}
#if 0
not C
#endif
#define X(a) \
  (a)
