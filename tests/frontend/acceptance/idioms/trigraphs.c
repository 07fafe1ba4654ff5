/* Trigraphs, with -trigraphs (FLAGS). */
??=define SIZE 2
int a??(SIZE??) = ??< 1, 2 ??>;
int neg(int x) { return ??-x; }
