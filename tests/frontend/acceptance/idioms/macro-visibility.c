/* A visibility macro on functions and variables. */
#define HIDDEN __attribute__((visibility("hidden")))
HIDDEN int internal_state;
HIDDEN int internal(void) { return internal_state; }
