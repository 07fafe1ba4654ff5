/* A backslash-newline inside a string literal and a comment. */
const char *msg = "hello, \
world"; // a line comment that goes on \
and on
