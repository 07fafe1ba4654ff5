/*
 * fuzz.c - a libFuzzer target for the front end (make fuzz): bytes go
 * through the lexer, the parser, the analysis and the emitter in process,
 * as with --no-cpp, and everything a run allocated is freed (one arena).
 *
 * Besides "no crash, no leak, no undefined behaviour", it checks the
 * pass-through property: input that parses and has no coroutine comes out
 * byte for byte.
 */
#include <stdlib.h>
#include <string.h>

#include "blc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool has_coroutine(const Node *tu)
{
    for (const Node *n = tu ? tu->list : NULL; n; n = n->next)
        if (n->flags & FL_COROUTINE)
            return true;
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Options opt = {.input = "fuzz.blc", .no_cpp = true};
    Ctx ctx;
    Buf out = {0};
    ctx_init(&ctx, &opt, "fuzz.blc", (const char *)data, size);
    ctx.quiet = true;
    cpp_declare_builtin_typedefs(&ctx);
    scan_directives(&ctx);
    if (parse_source(&ctx) == 0 && analyze(&ctx) == 0 &&
        emit_tu(&ctx, &out) == 0 && !has_coroutine(ctx.tu) &&
        (out.len != size || memcmp(out.data ? out.data : "", data, size) != 0))
        abort();                        // pass-through must be exact
    buf_free(&out);
    ctx_free(&ctx);
    return 0;
}
