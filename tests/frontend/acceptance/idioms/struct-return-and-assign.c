/* Structs returned, assigned and compared member-wise. */
struct pair { int a, b; };
struct pair make(int a, int b) { struct pair p = { a, b }; return p; }
int f(void) { struct pair p, q; p = make(1, 2); q = p; return q.a + make(3, 4).b; }
