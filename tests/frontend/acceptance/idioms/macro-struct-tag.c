/* A macro stands for `struct tag`, then gets a body. */
#define COMPLEX struct CS
COMPLEX { long x; };
COMPLEX value = { 1 };
long get(COMPLEX *c) { return c->x; }
