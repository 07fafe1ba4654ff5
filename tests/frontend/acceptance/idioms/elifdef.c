/* #elifdef (accepted by gcc 12 as an extension). */
#define B 1
#ifdef A
int which = 1;
#elifdef B
int which = 2;
#else
int which = 3;
#endif
