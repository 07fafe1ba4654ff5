/* A typedef'd loop variable in a for's declaration. */
typedef unsigned idx;
int f(const int *a, idx n) { int s = 0; for (idx i = 0; i < n; i++) s += a[i]; return s; }
