/* An object-like macro inside a type. */
#define Long int
typedef unsigned Long ULong;
static unsigned Long counter;
ULong next(void) { return ++counter; }
