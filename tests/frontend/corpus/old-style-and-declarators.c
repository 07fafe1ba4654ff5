/* old-style-and-declarators.c - K&R definitions, implicit-int-free but
   otherwise ancient style, and declarators nested as deep as real headers
   nest them.  Comments sit between tokens, lines continue with
   backslashes, whitespace is what tired people type. */

#include <stdlib.h>
#include <stdio.h>
#include <signal.h>

typedef	unsigned	long	ulong_t;		/* tabs between tokens */
typedef int (*cmp_fn)(const void *, const void *);
typedef void (*sig_fn)(int);

/* A function returning a pointer to a function returning a pointer to an
   array of three ints. */
int (*(*lookup(int which))(int))[3];

static int row[3] = {1, 2, 3};
static int (*get_row(int i))[3] { (void)i; return &row; }
int (*(*lookup(int which))(int))[3] { (void)which; return get_row; }

/* signal(), spelled out without the typedef. */
void (*install(int sig, void (*handler)(int)))(int);
void (*install(int sig, void (*handler)(int)))(int)
{
	return signal(sig, handler);
}

static int (*const dispatch[2])(const void *, const void *);

static int
by_value(a, b)
	const void *a;
	const void *b;
{
	return *(const int *)a - *(const int *)b;
}

static int
by_value_desc(a, b)
	const void *a, *b;
{
	return -by_value(a, b);
}

static int (*const dispatch[2])(const void *, const void *) = {
	by_value, by_value_desc,
};

static long
weighted(n, v, w)
	int n;
	register int *v;
	double w;
{
	long s = 0;
	while (n--)
		s += (long)(*v++ * w);
	return s;
}

static char *(*(*strange)[4])(char *, const char *);
static int (*matrix_of_fp[2][3])(void);
static void *(*const volatile cv_ptr)(void *) = 0;
static unsigned (*bitwise[])(unsigned, unsigned) = { 0 };
int *(*(*(*deep)(int))[5])(long);

#define SWAP(type, a, b)		\
	do {				\
		type _t = (a);		\
		(a) = (b);		\
		(b) = _t;		\
	} while (/* CONSTCOND */ 0)

#define DECLARE_GETTER(name, field)	\
	static int get_##name(const struct rec *r) { return r->field; }

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

struct rec { int a, b; const char *label; };

DECLARE_GETTER(first, a)
DECLARE_GETTER(second, b)

static const struct rec recs[] = {
	{ 3, 1, "three" },
	{ .b = 2, .a = 1, .label = STRINGIFY(__LINE__) },
	{ 2 /* two */, 5, 0 },
};

int
	main	(	int argc ,
		char * * argv )
{
	int v[ ] = { 5 , 3 , 9 , 1 } ;
	int i , j ;
	int ( * p ) [ 3 ] = lookup ( 0 ) ( 1 ) ;
	(void)argv;
	qsort(v, sizeof v / sizeof *v, sizeof v[0], dispatch[argc > 5]);
	for (i = 0, j = 3; i < j; i++, j--)
		SWAP(int, v[i], v[j]);
	if (strange == 0 && matrix_of_fp[1][2] == 0 && cv_ptr == 0 &&
	    bitwise[0] == 0 && deep == 0)
		printf("%d %d %ld %d %d %s\n", v[0], (*p)[2],
		       weighted(4, v, 0.5), get_first(&recs[0]),
		       get_second(&recs[2]), recs[1].label);
	install(SIGINT, SIG_DFL);
	return 0 ;
}
