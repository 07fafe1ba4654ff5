/* A macro that expands to a cast. */
#define U8 (unsigned char)
#define TO_INT(x) ((int)(x))
int f(double d) { return U8 d + TO_INT(d); }
