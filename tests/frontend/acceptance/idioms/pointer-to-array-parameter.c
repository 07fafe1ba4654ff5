/* Parameters of pointer-to-array and array-of-pointer types. */
int sum_rows(int (*m)[4], int rows) { int s = 0; for (int i = 0; i < rows; i++) s += m[i][0]; return s; }
int count(char *argv[]) { int n = 0; while (argv[n]) n++; return n; }
