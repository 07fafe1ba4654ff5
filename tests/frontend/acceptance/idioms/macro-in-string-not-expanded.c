/* A macro name inside a string stays text. */
#define NAME world
const char *s = "hello NAME";
const char *t = "NAME" "NAME";
