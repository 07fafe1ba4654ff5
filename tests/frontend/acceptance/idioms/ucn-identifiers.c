/* A universal character name in an identifier. */
int \u00e9t\u00e9 = 1;
int use(void) { return été; }
