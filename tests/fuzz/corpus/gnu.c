int f(int x) { __label__ l; void *p = &&l; switch (x) { case 1 ... 3: x = x ?: 2; break; default: goto *p; } l: return ({ int y = x; y; }); }
