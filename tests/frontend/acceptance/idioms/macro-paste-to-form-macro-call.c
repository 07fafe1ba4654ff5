/* Pasting that forms the name of another macro, then called. */
#define HANDLE_int(x) ((x) + 1)
#define HANDLE_char(x) ((x) - 1)
#define HANDLE(T, x) HANDLE_##T(x)
int f(int i, char c) { return HANDLE(int, i) + HANDLE(char, c); }
