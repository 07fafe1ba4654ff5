/* Self-referential and mutually referential structs. */
struct a;
struct b { struct a *pa; };
struct a { struct b b; struct a *next; };
int len(struct a *p) { int n = 0; while (p) { n++; p = p->next; } return n; }
