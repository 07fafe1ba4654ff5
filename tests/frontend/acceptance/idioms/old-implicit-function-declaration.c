/* Calling a function that was never declared (gcc 12: a warning). */
int f(void) { return undeclared_helper(1); }
