/* An asm label from a macro. */
#define ASM_NAME(n) __asm__(n)
int renamed(void) ASM_NAME("other_name");
