/* implicit-int-and-gnu-old-style.c - old C and old GNU C that gcc still
   accepts (with warnings): implicit int in declarations and definitions,
   designators without '=', an attribute before a later declarator, a
   struct's last member without its ';', and a typedef name redeclared as
   an object that its own initialiser reads. */

#include <stddef.h>

typedef long T;

static counter = 0;			/* implicit int, file scope */
const limit = 10;
extern *shared_ptr;
static volatile ticks, *tick_ptr = &ticks;
static T typed;				/* T is the type here, not the name */
bare, *bare_ptr, bare_array[2];		/* no specifiers at all */

main(argc, argv)			/* no specifiers at all, K&R names */
{
	register i;
	auto sum = 0;
	static calls;
	for (i = 0; i < 3; i++)
		sum += i;
	calls++;
	return sum + calls + argc + !argv;
}

add(int a, int b) { return a + b; }	/* no specifiers, a prototype */
none(void) { return counter; }
empty() { return limit; }
static helper(a, b) { return a - b; }
static *nowhere(void) { return NULL; }
variadic(int n, ...) { return n; }	/* and a variable argument list */
int params(register r, const *p)	/* implicit int parameters, a cast */
{
	return r + ((const *)p == NULL);
}

/* GNU designators without '=' */
int squares[6] = { [1] 1, [2] 4, [3 ... 5] 9 };
struct point { int x, y, z; };
struct sloppy { int a; struct { int b } in };	/* no ';' before '}' */
struct point origin = { x: 0, y: 0 };
struct point corners[2] = { [1] { 1, 1 }, [0] { y: 2 } };

/* an attribute before a later declarator, at file scope and in a block */
int first = 1, __attribute__((unused)) second = 2, third;

int scoped(void)
{
	int a = 1, __attribute__((unused)) b = 2;
	T *T = (void *)sizeof(*T);	/* the object, in its own initialiser */
	return a + (T != NULL);
}
