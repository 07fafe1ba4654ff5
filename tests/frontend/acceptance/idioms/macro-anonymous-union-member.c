/* A macro that declares an anonymous union member. */
#define VARIANT(a, b) union { a; b; }
struct token { int kind; VARIANT(long num, const char *text); };
long num(struct token *t) { return t->num; }
