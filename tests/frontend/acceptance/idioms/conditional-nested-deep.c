/* Nested #if groups, some never taken. */
#define LEVEL 2
#if LEVEL > 0
#  if LEVEL > 1
#    if LEVEL > 5
int deep = 5;
#    else
int deep = 2;
#    endif
#  else
int deep = 1;
#  endif
#else
int deep = 0;
#endif
