/* Compound literals at file scope and as lvalues. */
int *p = (int []){ 1, 2, 3 };
struct pt { int x, y; };
struct pt *origin = &(struct pt){ 0, 0 };
int f(void) { (struct pt){ 1, 2 }.x = 3; return p[1]; }
