/* Declarations with empty parameter lists, called with arguments. */
int old_fn();
double other();
int f(void) { return old_fn(1, 2) + (int)other("x"); }
