/* A transparent union parameter. */
typedef union { int *ip; const char *cp; } __attribute__((transparent_union)) arg_t;
int f(arg_t a) { return a.ip != 0; }
int g(int *p) { return f(p); }
