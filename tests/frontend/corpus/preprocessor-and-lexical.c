// preprocessor-and-lexical.c - the corners of the lexer: every kind of
// constant, string prefixes, digraphs, line splices in odd places,
// conditional compilation, comments where nobody expects them.
#include <stddef.h>
#include <wchar.h>
#include <uchar.h>
#include <limits.h>

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#  define HAVE_C11 1
#else
#  define HAVE_C11 0
#endif

#ifdef NEVER_DEFINED
this text is not C at all, and blc must not look at it as C { ( [
#elif 0
neither is this: ) ] } unbalanced
#endif

#define EMPTY
#define CALL(f, ...) f(__VA_ARGS__)
#define FIRST(a, ...) a
#define COUNT(...) COUNT_(__VA_ARGS__, 5, 4, 3, 2, 1, 0)
#define COUNT_(a, b, c, d, e, n, ...) n
#define PASTE3(a, b, c) a ## b ## c
#define LONG_MACRO(x) \
    ((x) \
     + \
     1)

static const int ints[] = {
    0, 42, 052, 0x2a, 0X2A, 42u, 42U, 42l, 42L, 42ul, 42LU, 42ll, 42ULL,
    'a', '\n', '\'', '\\', '\0', '\x41', '\101', '"', L'w' > 0,
};
static const double reals[] = {
    1.0, 1., .5, 1e10, 1E-3, 0x1p4, 0x1.8P-1, 1.5f, 2.5F, 3.5l, 4.5L,
};
static const char *strs[] = {
    "plain", "with \"quotes\"", "tab\there", "a" "b" "c", "",
    "line \
continued",
    u8"utf-8", "/* not a comment */", "// nor this",
};
static const wchar_t *wide = L"wide";
static const char16_t *u16 = u"sixteen";
static const char32_t *u32 = U"thirty-two";

/* Digraphs: <: :> <% %> %: */
static int digraph_array<:3:> = <% 1, 2, 3 %>;

int/**/spaced/*between*/=/*tokens*/1;
int split_ident\
ifier = 2;
long split_number = 0x7f\
ff + 1.5e\
3 + 12\
34;

static int EMPTY lexical_main(void) EMPTY;
static int lexical_main(void)
{
    int n = COUNT(a, b, c);
    int PASTE3(x, y, z) = CALL(FIRST, 7, 8, 9);
    int total = n + xyz + LONG_MACRO(digraph_array[2]) + spaced + split_identifier;
    total += (int)(sizeof ints + sizeof reals + sizeof strs)
        + (wide[0] == L'w') + (u16[0] == u's') + (u32[0] == U't');
    total += HAVE_C11 + (CHAR_BIT == 8) + (int)offsetof(struct { char c; int i; }, i);
    return total;   // a trailing comment \
                       that continues onto this line
}

int (*const lexical_entry)(void) = lexical_main;
