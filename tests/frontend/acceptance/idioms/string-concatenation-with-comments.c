/* Adjacent string literals with comments and lines between. */
const char *help =
    "usage: tool [options]\n"   /* first line */
    // a line comment between pieces
    "  -v  verbose\n"

    "  -h  help\n";
