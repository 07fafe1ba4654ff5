/* A macro that declares a struct and its typedef. */
#define DECLARE_TYPE(name) typedef struct name name; struct name
DECLARE_TYPE(point) { int x, y; };
point origin;
int x(point *p) { return p->x; }
