/* A macro gives if's parentheses. */
#define EQ(s) (s == 0)
int q(int s) { if EQ(s) return 0; return 1; }
