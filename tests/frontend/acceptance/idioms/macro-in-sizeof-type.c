/* sizeof of a macro type and of an expression macro. */
#define ELEM struct item
struct item { int a, b; };
#define FIRST_ITEM (items[0])
static ELEM items[4];
int f(void) { return (int)(sizeof(ELEM) + sizeof FIRST_ITEM + sizeof(ELEM *)); }
