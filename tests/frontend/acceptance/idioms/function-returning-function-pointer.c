/* Functions returning function pointers, with and without typedef. */
static int inc(int x) { return x + 1; }
int (*get_op(char c))(int) { (void)c; return inc; }
typedef int (*op_t)(int);
op_t get_op2(void) { return inc; }
