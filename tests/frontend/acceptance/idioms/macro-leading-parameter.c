/* A macro that is the first parameter and its comma. */
struct ctx { int depth; };
#define CTX_ARG struct ctx *ctx,
#define CTX ctx,
static int depth_plus(CTX_ARG int x) { return ctx->depth + x; }
int use(struct ctx *ctx) { return depth_plus(CTX 1); }
