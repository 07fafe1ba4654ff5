/* A string literal beside a macro that expands to one. */
#define SEP ";"
#define NL "\n"
const char *s = "a" SEP;
const char *t = SEP "b" SEP "c" NL;
