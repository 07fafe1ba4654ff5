/* (T)(x) is a cast, (f)(x) a call. */
typedef long T;
long f(long x) { return x; }
long g(int x) { return (T)(x) + (f)(x); }
