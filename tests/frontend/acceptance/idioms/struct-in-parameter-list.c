/* A struct declared in a prototype (warned, accepted). */
int f(struct never_defined *p);
int g(struct local { int a; } v) { return v.a; }
