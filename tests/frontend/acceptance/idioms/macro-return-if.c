/* A macro that returns from a void function. */
#define RETURN_IF(c) if (c) return
#define RETURN_VAL_IF(c, v) if (c) return (v)
void f(int *p) { RETURN_IF(!p); *p = 0; }
int g(int *p) { RETURN_VAL_IF(!p, -1); return *p; }
