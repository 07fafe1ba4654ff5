/* A do-while(0) macro with if-else, inside an if-else. */
#define SET_SIGN(v, x) do { if ((x) < 0) (v) = -1; else (v) = 1; } while (0)
int f(int x) { int s = 0; if (x) SET_SIGN(s, x); else s = 0; return s; }
