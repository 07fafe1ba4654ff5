/* A macro gives a pointer return type. */
#define RET(T) T *
RET(char) dup_str(const char *s);
RET(int) find(int *a, int n) { return n ? a : 0; }
