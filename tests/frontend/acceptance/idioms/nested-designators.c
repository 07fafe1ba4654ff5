/* Nested designators and array designators mixed. */
struct in { int a[3]; };
struct out { struct in in; int z; };
struct out o = { .in.a[1] = 5, .z = 2, .in = { .a = { [2] = 9 } } };
