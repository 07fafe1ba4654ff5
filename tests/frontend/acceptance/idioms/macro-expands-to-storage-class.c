/* Macros standing for storage classes. */
#define LOCAL static
#define GLOBAL extern
GLOBAL int shared;
LOCAL int private_counter;
LOCAL int next(void) { return ++private_counter + shared; }
