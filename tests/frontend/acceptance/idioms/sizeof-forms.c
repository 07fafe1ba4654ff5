/* sizeof without parentheses, of types, of compound literals. */
int a[10];
int f(void) { return (int)(sizeof a + sizeof(int[3]) + sizeof a[0] + sizeof (struct { int x; }){ 1 }); }
