/* A macro spelling restrict for old compilers. */
#define RESTRICT __restrict
void copy(char *RESTRICT dst, const char *RESTRICT src, int n) { while (n--) *dst++ = *src++; }
