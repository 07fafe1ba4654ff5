/* The comma operator in for clauses and expressions. */
int f(int n) { int i, j, s = 0; for (i = 0, j = n; i < j; i++, j--) s += (i, j); return s; }
