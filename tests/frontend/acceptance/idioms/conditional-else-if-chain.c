/* #if / #elif / #else chains deciding a typedef. */
#if __SIZEOF_POINTER__ == 8
typedef unsigned long uptr;
#elif __SIZEOF_POINTER__ == 4
typedef unsigned int uptr;
#else
#error "unknown pointer size"
#endif
uptr as_int(void *p) { return (uptr)p; }
