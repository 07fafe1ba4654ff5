/* Enumerator values computed from macros. */
#define KB 1024
#define PAGE (4 * KB)
enum sizes { SMALL = PAGE / 4, LARGE = PAGE * 16, HUGE = LARGE << 1 };
