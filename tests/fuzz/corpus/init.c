struct s { int a[4]; struct { int b; } c; } v = { .a = { [1 ... 2] = 3 }, .c.b = 4 };
int n = __builtin_offsetof(struct s, c.b) + _Generic(1, int: 2, default: 3);
