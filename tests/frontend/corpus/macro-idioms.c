/* macro-idioms.c - the macro idioms of real C code bases, in unexpanded
 * source: loop macros with a body after them (Linux's list_for_each),
 * X-macro lists inside an enum and an initialiser, statement macros with
 * unbalanced braces, a macro standing for a declaration.  blc parses the
 * unexpanded text, so each idiom must still read as C. */
#include <stddef.h>

struct node {
    struct node *next;
    int value;
};

#define list_for_each(it, head) \
    for ((it) = (head); (it) != NULL; (it) = (it)->next)

static int sum(struct node *head)
{
    struct node *it;
    int total = 0;

    list_for_each(it, head) {
        if (it->value < 0)
            continue;
        total += it->value;
    }
    list_for_each(it, head)
        total++;
    return total;
}

#define COLORS(X) \
    X(RED, 1)     \
    X(GREEN, 2)   \
    X(BLUE, 4)

#define AS_ENUM(name, value) COLOR_##name = value,
#define AS_NAME(name, value) [COLOR_##name] = #name,

enum color { COLORS(AS_ENUM) COLOR_MAX };

static const char *const color_names[] = { COLORS(AS_NAME) };

#define LOCKED_BEGIN do {
#define LOCKED_END } while (0);

static int bump(int *counter)
{
    LOCKED_BEGIN
        ++*counter;
    LOCKED_END
    return *counter;
}

#define DECLARE(type, name) type name

DECLARE(static int, counter) = 3;

int macro_idioms_main(void);
int macro_idioms_main(void)
{
    struct node b = { NULL, 2 }, a = { &b, 1 };
    return sum(&a) + bump(&counter) + (int)sizeof color_names
        + COLOR_BLUE;
}
