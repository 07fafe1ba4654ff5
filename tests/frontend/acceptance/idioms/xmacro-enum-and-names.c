/* X-macros: one list, an enum and a name table. */
#define COLORS(X) X(RED) X(GREEN) X(BLUE)
#define AS_ENUM(c) c,
#define AS_NAME(c) #c,
enum color { COLORS(AS_ENUM) NCOLORS };
static const char *const color_names[] = { COLORS(AS_NAME) };
const char *color_name(enum color c) { return c < NCOLORS ? color_names[c] : "?"; }
