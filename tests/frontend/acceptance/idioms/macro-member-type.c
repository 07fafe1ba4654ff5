/* A member whose type is a macro call. */
#define ARRAY_OF(T, n) T
struct s { ARRAY_OF(int, 4) a[4]; ARRAY_OF(char *, 2) names[2]; };
int first(struct s *p) { return p->a[0]; }
