/* X-macro with the element macro defined, used, undefined, redefined. */
#define OPS \
    OP(ADD, "+") \
    OP(SUB, "-") \
    OP(MUL, "*")
enum op {
#define OP(name, text) OP_##name,
    OPS
#undef OP
};
static const char *op_text[] = {
#define OP(name, text) [OP_##name] = text,
    OPS
#undef OP
};
const char *text_of(enum op o) { return op_text[o]; }
