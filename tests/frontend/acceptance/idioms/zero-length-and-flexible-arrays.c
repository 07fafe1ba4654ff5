/* A GNU zero-length array and a C99 flexible array member. */
struct old_style { int n; char data[0]; };
struct new_style { int n; char data[]; };
int f(struct old_style *a, struct new_style *b) { return a->data[0] + b->data[0]; }
