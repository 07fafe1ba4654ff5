/* A printf-format attribute through a macro with arguments. */
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
void logf_(const char *fmt, ...) PRINTF_LIKE(1, 2);
void use(void) { logf_("%d", 1); }
