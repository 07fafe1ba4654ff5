/* Expansions as the C standard specifies them (C11 6.10.3.5's examples,
 * reduced) and as GNU cpp extends them: stringification, pasting, painted
 * names, rescanning, variadic macros, macro names without '(', arguments
 * over several lines, _Pragma.  tests/frontend/expand.sh checks that blc's
 * expander spells exactly what `gcc -E` prints for this file. */
#include <stddef.h>
#include <stdio.h>
#include <sys/queue.h>
#include <assert.h>
#define PUBLIC(type) type
PUBLIC(int) f(void) { return 0; }
#define Long int
typedef unsigned Long ULong;
#define atomic _Atomic
static atomic int n = 0;
#define COMPLEX struct CS
COMPLEX { long x; };
#define vector(n, t) t __attribute__((vector_size((n) * sizeof(t))))
void g(void) { vector(4, int) v = {0}; (void)v; }
#define intop(op, a, b) ((a) op (b))
int h(int a, int b) { return intop(+, a, b); }
#define SEP ";"
const char *s = "a" SEP;
#define assert_code(c) c
void k(void) { assert_code(int n = 1); (void)n; }
#define BRET(b) return (int)(b);
int m(int x) { BRET(~x) }
#define BINOP(name) static int f_##name(int a) { return a; }
#define BINOPS BINOP(plus) BINOP(minus)
BINOPS
#define EQ(s) (s == 0)
int q(int s) { if EQ(s) return 0; return 1; }
#define A "x",
#define B A A
static const char *a[] = { B B 0 };
#define STR(x) #x
#define XSTR(x) STR(x)
#define CAT(a, b) a ## b
#define CAT3(a, b, c) a ## b ## c
const char *s1 = STR(a  +   "q\n" 'c');
const char *s2 = XSTR(__LINE__);
int CAT(v, 1) = CAT3(1, 2, 3), CAT(, v2) = 0;
#define foo foo
int foo = 1;

#define LOG(fmt, ...) printf(fmt, ## __VA_ARGS__)
#define LOG2(fmt, args...) printf(fmt , ##args)
#define OPT(a, ...) a __VA_OPT__(,) __VA_ARGS__
void lg(void) { LOG("x"); LOG("%d", 1); LOG2("y"); LOG2("%d %d", 1, 2); printf(OPT("z")); printf(OPT("%d", 3)); }
#define f2(x) x + f2
int (*f2)(int);
#define g2 f2
int r2a(int), r2b(int); void r2f(void) { (void)(g2(1)(2)); }
int obj;
#define obj (1 + obj2)
#define obj2 (2 * obj)
int of(void) { return obj; }
#define APPLY(m, x) m(x)
#define NEG(x) (-(x))
int ap = APPLY(NEG, APPLY(NEG, 3));
#define EMPTY
#define LPAREN (
int em = EMPTY 1 EMPTY;
#define FN(x) x
int fnn = FN
  (
   2
  +
   3);
int fnn2 = FN (4);
int FN;
#define DO_PRAGMA(x) _Pragma(#x)
DO_PRAGMA(GCC diagnostic push)
struct node { int v; LIST_ENTRY(node) link; };
LIST_HEAD(head, node);
int walk(struct head *hd) { struct node *p; int s = 0; LIST_FOREACH(p, hd, link) s += p->v; return s; }
#define X_COLORS(X) X(red) X(green) X(blue)
#define AS_ENUM(c) COLOR_##c,
#define AS_NAME(c) #c,
enum color { X_COLORS(AS_ENUM) COLOR_MAX };
const char *names[] = { X_COLORS(AS_NAME) };
#undef foo
#define foo 2
int foo2 = foo;
#undef foo
#define foo(x) (x+3)
int foo3(void) { return foo(1) + (foo); }
int line = __LINE__ + __COUNTER__ + __COUNTER__;
const char *file = __FILE__;
void as(int x) { assert(x > 0 && "msg"); }
int offs = offsetof(struct node, v);
#define max(a,b) ((a) > (b) ? (a) : (b))
int mm = max(max(1,2), max(3, 4));
#define hash_hash # ## #
#define mkstr(a) # a
#define in_between(a) mkstr(a)
#define join(c, d) in_between(c hash_hash d)
char p[] = join(x, y);
#define t(x,y,z) x ## y ## z
int j[] = { t(1,2,3), t(,4,5), t(6,,7), t(8,9,),
t(10,,), t(,11,), t(,,12), t(,,) };
#define OBJ_LIKE (1-1)
#define OBJ_LIKE /* white space */ (1-1) /* other */
#define FUNC_LIKE(a) ( a )
#define FUNC_LIKE( a )( /* note the white space */ \
a /* other stuff on this line
*/ )
int fl = FUNC_LIKE(7);
#define showlist(...) puts(#__VA_ARGS__)
#define report(test, ...) ((test)?puts(#test): printf(__VA_ARGS__))
void sl(int x, int y) { showlist(The first, second, and third items.); report(x>y, "x is %d but y is %d", x, y); }
