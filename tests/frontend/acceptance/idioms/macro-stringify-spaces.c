/* Stringification collapses whitespace; the result is a string. */
#define S(x) #x
const char *s = S(  a   +   b  );
const char *t = S("quoted" 'c');
