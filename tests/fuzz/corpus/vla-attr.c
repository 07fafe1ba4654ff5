static __inline __attribute__((always_inline)) int f(int n) { char buf[n]; _Static_assert(sizeof(int) == 4, "x"); __auto_type z = (int)sizeof buf; return z; }
