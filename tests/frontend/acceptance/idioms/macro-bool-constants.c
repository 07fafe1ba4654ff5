/* TRUE/FALSE macros of old code. */
#ifndef TRUE
#define TRUE 1
#define FALSE 0
#endif
typedef int BOOL;
BOOL is_set(int f) { return f ? TRUE : FALSE; }
