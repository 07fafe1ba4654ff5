/* Two-level stringification of a macro's value. */
#define STR_(x) #x
#define STR(x) STR_(x)
#define VERSION_MAJOR 3
#define VERSION_MINOR 14
const char *version = STR(VERSION_MAJOR) "." STR(VERSION_MINOR);
