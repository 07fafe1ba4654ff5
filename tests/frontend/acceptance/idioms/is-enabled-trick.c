/* The IS_ENABLED placeholder trick (token pasting into argument counts). */
#define __ARG_PLACEHOLDER_1 0,
#define __take_second_arg(ignored, val, ...) val
#define ____is_defined(arg1_or_junk) __take_second_arg(arg1_or_junk 1, 0)
#define ___is_defined(val) ____is_defined(__ARG_PLACEHOLDER_##val)
#define IS_ENABLED(option) ___is_defined(option)
#define CONFIG_FOO 1
int foo(void) { return IS_ENABLED(CONFIG_FOO) + IS_ENABLED(CONFIG_BAR); }
