/* `asm` (GNU C) as a statement and at file scope. */
asm(".globl file_scope_symbol");
void nop(void) { asm("nop"); asm volatile("" ::: "memory"); }
