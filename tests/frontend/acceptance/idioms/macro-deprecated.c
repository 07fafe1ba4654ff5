/* A deprecation macro with a message before the declaration. */
#define DEPRECATED(msg) __attribute__((deprecated(msg)))
DEPRECATED("use g") int old_f(void);
int g(void);
