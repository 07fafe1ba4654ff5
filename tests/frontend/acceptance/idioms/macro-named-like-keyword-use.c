/* Macros named like common words used in several roles. */
#define min(a, b) ((a) < (b) ? (a) : (b))
struct range { int min, max; };
int f(struct range r) { return min(r.min, r.max); }
