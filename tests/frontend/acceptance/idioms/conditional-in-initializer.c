/* #if groups inside an initializer list. */
static const char *features[] = {
    "base",
#ifdef __linux__
    "linux",
#endif
#ifdef _WIN32
    "windows",
#endif
    0
};
