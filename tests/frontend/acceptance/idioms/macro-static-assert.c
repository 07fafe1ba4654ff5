/* A static assertion macro (old style and C11). */
#define STATIC_ASSERT(c, msg) typedef char static_assert_##msg[(c) ? 1 : -1]
STATIC_ASSERT(sizeof(int) >= 2, int_is_big_enough);
_Static_assert(sizeof(long) >= 4, "long");
#define CHECK_SIZE(T, n) _Static_assert(sizeof(T) == (n), #T)
CHECK_SIZE(char, 1);
