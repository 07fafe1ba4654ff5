/* Compound literals made by macros. */
struct pt { int x, y; };
#define POINT(x, y) ((struct pt){ (x), (y) })
#define ORIGIN POINT(0, 0)
int dist(struct pt p) { return p.x + p.y; }
int f(void) { return dist(POINT(1, 2)) + dist(ORIGIN); }
