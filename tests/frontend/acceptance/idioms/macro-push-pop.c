/* #pragma push_macro / pop_macro. */
#define VALUE 1
#pragma push_macro("VALUE")
#undef VALUE
#define VALUE 2
int two = VALUE;
#pragma pop_macro("VALUE")
int one = VALUE;
