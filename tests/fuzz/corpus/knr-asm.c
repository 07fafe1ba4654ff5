int knr(a, b) int a; char *b; { __asm__ __volatile__("" : "=r"(a) : "r"(b) : "memory"); return a; }
