/* Macros as array designators. */
enum { IDX_A, IDX_B, IDX_C };
#define IDX(n) IDX_##n
static const char *names[] = { [IDX(C)] = "c", [IDX(A)] = "a", [IDX_B] = "b" };
