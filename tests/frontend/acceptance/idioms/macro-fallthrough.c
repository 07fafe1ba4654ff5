/* A fallthrough macro between cases. */
#define FALLTHROUGH __attribute__((fallthrough))
int f(int x) { int n = 0; switch (x) { case 2: n++; FALLTHROUGH; case 1: n++; break; } return n; }
