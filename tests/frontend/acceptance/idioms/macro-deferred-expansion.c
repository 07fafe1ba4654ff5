/* Deferred expansion through an EMPTY macro. */
#define EMPTY()
#define DEFER(id) id EMPTY()
#define EXPAND(...) __VA_ARGS__
#define A() 123
int a = EXPAND(DEFER(A)());
