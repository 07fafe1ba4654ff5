/* __COUNTER__ makes unique names. */
#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define UNIQUE(name) CAT(name, __COUNTER__)
static int UNIQUE(tmp) = 1;
static int UNIQUE(tmp) = 2;
int f(void) { return tmp0 + tmp1; }
