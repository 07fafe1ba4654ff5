/* #include of a .def file inside a switch. */
enum token {
#define TOKEN(name, text) TOK_##name,
#include "tokens.def"
#undef TOKEN
};
int precedence(enum token t)
{
    switch (t) {
#define TOKEN(name, text) case TOK_##name: return sizeof text;
#include "tokens.def"
#undef TOKEN
    }
    return -1;
}
