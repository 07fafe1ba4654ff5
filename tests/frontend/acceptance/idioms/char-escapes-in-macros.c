/* Quotes and parentheses in character and string arguments. */
#define CH(c) (c)
#define STR(s) s
int f(void) { return CH(')') + CH('(') + CH('\'') + CH(','); }
const char *g(void) { return STR("a, (b") STR("\")"); }
