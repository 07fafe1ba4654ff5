/* #pragma push_macro and pop_macro: a stack per name; cpp's -dD output
 * shows the #undef of a pop, not the definition it puts back.  (Not
 * covered: _Pragma("pop_macro(...)"), which takes effect mid-line.) */
#define V 1
#define F(x) ((x) + V)
#pragma push_macro("V")
#pragma push_macro("F")
#undef V
#define V 2
#pragma push_macro("V")
#undef V
#define V 3
int three = V;
#pragma pop_macro("V")
int two = V;
#undef F
#define F(x) (x)
int f = F(5);
#if 0
#pragma pop_macro("V")
#endif
 %: pragma pop_macro( "V" )
int one = V, g = F(5);
#pragma push_macro("UNDEFINED")
#define UNDEFINED 4
int four = UNDEFINED;
#pragma pop_macro("UNDEFINED")
int undefined = UNDEFINED;
