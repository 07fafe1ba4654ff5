/* #line directives in the main file. */
#line 100 "generated.y"
int from_grammar(void) { return __LINE__; }
#line 5
int back(void) { return __LINE__; }
