/* A table of structs with nested braces and strings. */
struct cmd { const char *name; int argc; const char *help[2]; };
static const struct cmd cmds[] = {
    { "add", 2, { "add two numbers", 0 } },
    { "neg", 1, { "negate", "a number" } },
    { 0 }
};
int count(void) { int n = 0; while (cmds[n].name) n++; return n; }
