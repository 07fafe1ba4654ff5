/* #include of a .def file inside an enum and a table. */
enum token {
#define TOKEN(name, text) TOK_##name,
#include "tokens.def"
#undef TOKEN
    TOK_COUNT
};
static const char *token_text[TOK_COUNT] = {
#define TOKEN(name, text) text,
#include "tokens.def"
#undef TOKEN
};
const char *spell(enum token t) { return token_text[t]; }
