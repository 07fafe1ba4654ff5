/* A macro that makes the declared name. */
#define VAR(x) x##_var
int VAR(count) = 1;
static const char *VAR(label) = "l";
int f(void) { return count_var + (label_var != 0); }
