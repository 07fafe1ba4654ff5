/* A type macro used in a cast and in sizeof. */
#define byte unsigned char
#define PTR(T) T *
int f(void *p) { return *(byte *)p + (int)sizeof(byte) + (int)sizeof(PTR(int)); }
