/* Conditional directives between a macro's arguments: cpp prints the
 * expansion on the line of the macro's name, so no line of the groups is
 * live, and the expander judges their conditions as cpp did (ppeval.c). */
#define PICK(a, b) ((a) + (b))
#define TWO 2
#define ZERO 0
#define IS(x) ((x) == TWO)
#define EMPTY
int v[] = {
    PICK(1,
#ifdef SOMETHING_UNDEFINED
         100
#elif defined(TWO) && !defined ZERO
         101
#elif IS(TWO) && ZERO + 1 > 0 && (TWO << 3) == 16 && -1 < 0 && -1 < 0u
         102
#elif (ZERO ? 1 / ZERO : 7) == 7 && '\n' == 10 && 'a' == 97 && 0x10 == 16 && 010 == 8
         103
#else
         104
#endif
         ),
    PICK(
#ifndef TWO
         200,
#else
  #if TWO * 3 % 4 == 2 || 1 / ZERO
         201,
  #else
         202,
  #endif
#endif
#if ~0 == -1 && (1, 0) == 0 && !UNDEFINED_NAME && 18446744073709551615u == -1
         203
#else
         204
#endif
         ),
    PICK(EMPTY 5,
#if 0
         300
#endif
#if 1
         301
#endif
         ),
};
