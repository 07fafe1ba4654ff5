/* #error in a group that is not taken. */
#if !defined(__STDC__)
#error "needs a standard compiler"
#endif
#if __STDC_VERSION__ < 199901L
#error "needs C99"
#endif
int ok;
