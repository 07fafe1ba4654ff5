/*
 * parse.c - the parser's driver, the lexer's hooks and the helpers that the
 * grammar's actions call.
 *
 * The lexer (grammar/c.l) and the parser (grammar/c.y) share one Parser,
 * reached through ctx->parse_state.  Three things happen here that the
 * grammar only names:
 *  - the lexer hack: an identifier is TYPEDEF_NAME when the scoped symbol
 *    table says so at the moment the lexer reads it; declarations update
 *    the table when they are reduced (always before the next token is read,
 *    since those states need no lookahead);
 *  - preprocessor lines: skipped, with the false #if groups found by
 *    scan_directives; in preprocessor output, line markers tell which
 *    lines of the main file were live;
 *  - bracket nesting is counted, and refused past MAX_NEST, and so is the
 *    height of the tree past MAX_TREE_HEIGHT (ast.c; a flat chain's length
 *    does not count), so no input can exhaust a later walk's stack.
 *
 * Macros.  The main file is parsed unexpanded, so a macro's call may stand
 * where the grammar wants something else.  What each macro expands to is
 * learnt from the preprocessor's -dU output (cpp.c classifies each body),
 * or, when the preprocessor did not run, from the file's own #define lines
 * as the lexer meets them; the lexer then hands the parser:
 *  - a type (`#define u8 unsigned char`): TYPEDEF_NAME; a function-like
 *    one, `LIST_ENTRY(n)`, `STACK_OF(x)`: one TYPE_FMACRO token spanning
 *    the name and its (arguments), a type specifier (macro_call below);
 *  - noise (attributes, qualifiers, nothing): skipped, with its (args);
 *  - statements (`YY_BREAK`): STMT_MACRO, a statement;
 *  - a statement's head (`for (...)`, `while (...)`, `if (...)`, chained):
 *    LOOP_MACRO, or LOOP_FMACRO followed by its '(' arguments ')', then
 *    the statement it heads, braced or not;
 *  - a function's header (flex's YY_DECL): DECL_MACRO;
 *  - a function-like declaration (`#define DECLARE(t, n) t n`): one
 *    DECL_FCALL token for the call, a declaration's specifiers and
 *    declarator (or, after specifiers, its declarator).
 * A function-like macro's name not followed by '(' is a plain name.  The
 * grammar adds heuristics that need no classes, the fallback when the
 * preprocessor did not tell: `NAME(args)` where no identifier can begin a
 * declaration (file scope, a struct's members) stands for declarations;
 * at file scope `NAME(args) = init;` is a declaration; among enumerators
 * `NAME(args)` not followed by `=` is a fragment of the list (X-macros:
 * `enum { COLORS(AS_ENUM) COLOR_MAX }`); and any call followed by a block
 * is a loop macro with its body.  Unknown to both: a function-like type
 * macro of a header when the preprocessor did not run (`LIST_ENTRY(n)
 * link;` is then an error).
 */
#include <stdlib.h>
#include <string.h>

#include "blc.h"
#include "c.tab.h"
#include "c.lex.h"

enum {
    TOK_SKIP = -2,              // lexed, but not for the parser (a macro)
    MAX_NEST = 256,             // open ( [ { at once (clang's default too)
    MAX_WALK = 1000,            // recursion bound of the VLA check
};

typedef struct Bracket {
    char ch;                    // '(' '[' or '{'
    Span at;                    // where it was opened
} Bracket;

typedef struct Parser {
    yyscan_t scanner;
    uint32_t off, line, col;    // where the lexer is
    uint32_t ntokens;           // tokens lexed: the next one's raw index
    YYLTYPE *loc;               // where the last match's location went
    Span last;                  // the last token's location
    int prev;                   // the last token returned
    Bracket open[MAX_NEST];     // brackets not yet closed
    int nopen;
    uint32_t skip_to;           // SKIP state: skip up to this offset
    uint32_t next_dir;          // first directive of ctx->dirs not passed
    uint32_t next_skip;         // first false group of ctx->skips not passed
    const char *cur_file;       // preprocessor output: the current file
    size_t cur_len;
    /* preprocessor output: line markers */
    const char *main_file;      // name in the first line marker
    size_t main_len;
    bool in_main;               // the text now comes from the main file
    uint32_t marker_line;       // presumed line of the line after a marker
    uint32_t marker_phys;       // physical line of that line
    bool proto[MAX_NEST * 2];   // scope at this depth is a prototype's
    /* skipping a function-like noise macro's arguments */
    bool raw;                   // lex_raw: tokens as they are, no lexer
                                // hack, no macro classes, no bookkeeping
    bool body;                  // lex_raw of a macro body: no diagnostics
    bool swallow_next;          // the name was just read: '(' may follow
    int swallow_depth;          // inside its (...)
    /* a function-like type or loop macro: is it called? */
    SymKind fmacro;             // the IDENTIFIER just read is one of these
    bool have_back;             // a token read ahead, for the next c_yylex
    int back_token;
    SymKind back_fmacro;
    YYSTYPE back_val;
    YYLTYPE back_loc;
    /* dropping external declarations (add_external) */
    ArenaMark mark;             // the arena after the last item kept
    uint32_t coro_end;          // end of the last `coroutine` or `yield`
    uint32_t fed;               // streaming: bytes of the text given to flex
    /* cpp output: the main file's text left out (leave_out_main_text) */
    uint32_t scanned_to;        // cut into units up to here
    Directive *drops;           // units lexed but not parsed, in order
    uint32_t ndrops, capdrops, next_drop;
} Parser;

static Parser *P(Ctx *ctx) { return ctx->parse_state; }

/* ------------------------------------------------------------- lexing */

void lex_advance(Ctx *ctx, YYLTYPE *loc, const char *text, size_t len)
{
    Parser *ps = P(ctx);
    *loc = (Span){ps->off, ps->off + (uint32_t)len, ps->line, ps->col, 0, 0, 0};
    ps->loc = loc;
    uint32_t line = ps->line, col = ps->col + (uint32_t)len;
    for (size_t i = 0; i < len; i++) {  // tokens are short: no memchr
        if (text[i] == '\n') {
            line++;
            col = (uint32_t)(len - i);
        }
    }
    ps->line = line;
    ps->col = col;
    ps->off += (uint32_t)len;
    ps->last = *loc;
}

static const char *closer_of(char open)
{
    return open == '(' ? "')'" : open == '[' ? "']'" : "'}'";
}

static int open_bracket(Ctx *ctx, int token)
{
    Parser *ps = P(ctx);
    if (ps->nopen == MAX_NEST) {
        error_at(ctx, ps->last, "nesting too deep (more than %d open brackets)",
                 MAX_NEST);
        ctx->fatal = true;
        return 0;
    }
    ps->open[ps->nopen++] = (Bracket){(char)token, ps->last};
    return token;
}

static void mark_line(Ctx *ctx, uint32_t line)
{
    if (line < ctx->nlive)
        ctx->live_lines[line / 8] |= (uint8_t)(1u << (line % 8));
}

static void mark_live(Ctx *ctx)
{
    Parser *ps = P(ctx);
    mark_line(ctx, ps->marker_line + (ps->last.line - ps->marker_phys));
}

/* The arguments of a skipped function-like macro: `NAME (...)`. */
static bool swallowed(Parser *ps, int token)
{
    if (ps->swallow_next) {
        ps->swallow_next = false;
        if (token != '(')
            return false;
        ps->swallow_depth = 1;
        return true;
    }
    if (ps->swallow_depth == 0)
        return false;
    ps->swallow_depth += token == '(' ? 1 : token == ')' ? -1 : 0;
    return true;
}

int lex_token(Ctx *ctx, int token)
{
    Parser *ps = P(ctx);
    if (ps->loc && token > 0) {         // a token: the next raw index
        ps->loc->r0 = ps->ntokens++;
        ps->loc->r1 = ps->ntokens;
    }
    if (ps->raw)
        return token;
    if (ctx->fatal)
        return 0;
    if (token == PP_HASH || token == PP_PASTE) {    // '#' outside a body
        for (uint32_t at = ps->last.begin; at < ps->last.end; at++)
            lex_stray(ctx, (Span){.begin = at, .end = at + 1, .line = ps->last.line,
                                  .col = ps->last.col + (at - ps->last.begin)},
                      (unsigned char)ctx->text[at]);
        return TOK_SKIP;
    }
    if (token > 0 && swallowed(ps, token))
        return TOK_SKIP;
    if (ctx->track_live && ps->in_main)
        mark_live(ctx);
    ps->prev = token;
    if (token == COROUTINE || token == YIELD) {
        ctx->has_coroutine_syntax = true;
        ps->coro_end = ps->last.end;
    }
    switch (token) {
    case '(': case '[': case '{':
        return open_bracket(ctx, token);
    case ')': case ']': case '}':
        if (ps->nopen > 0)
            ps->nopen--;
        break;
    }
    return token;
}

/* Identifiers: typedef names, and in the main file (not preprocessed)
 * the macros that the preprocessor's -dU output showed to be types,
 * statements, statement heads or noise (attributes, specifiers,
 * nothing).  A function-like type or loop macro is an IDENTIFIER here;
 * c_yylex looks for its '(' (see macro_call). */
int lex_ident(Ctx *ctx, YYSTYPE *lval, const char *text, size_t len)
{
    Parser *ps = P(ctx);
    SymKind kind = symtab_lookup_intern(ctx->syms, text, len, &lval->name);
    if (ps->raw)
        return IDENTIFIER;
    if (!ctx->track_live && kind >= SYM_TYPE_MACRO && ps->swallow_depth == 0) {
        if (kind == SYM_DECL_MACRO || kind == SYM_STMT_MACRO)
            return lex_token(ctx, kind == SYM_DECL_MACRO ? DECL_MACRO : STMT_MACRO);
        if (kind == SYM_LOOP_MACRO || kind == SYM_LOOPVAR_MACRO)
            return lex_token(ctx, LOOP_MACRO);
        if (kind == SYM_TYPE_FMACRO || kind == SYM_LOOP_FMACRO ||
            kind == SYM_LOOPVAR_FMACRO || kind == SYM_DECL_FMACRO) {
            int token = lex_token(ctx, IDENTIFIER);
            ps->fmacro = token == IDENTIFIER ? kind : SYM_NONE;
            return token;
        }
        if (kind != SYM_TYPE_MACRO) {
            ps->swallow_next = kind == SYM_NOISE_FMACRO;
            return TOK_SKIP;
        }
        kind = SYM_TYPEDEF;
    }
    return lex_token(ctx, kind == SYM_TYPEDEF ? TYPEDEF_NAME : IDENTIFIER);
}

/* An identifier cut by backslash-newlines (translation phase 2 joins the
 * lines before tokens are formed): the name without them. */
int lex_spliced_ident(Ctx *ctx, YYSTYPE *lval, const char *text, size_t len)
{
    char name[256];
    size_t n = 0;
    for (size_t i = 0; i < len && n < sizeof name; i++)
        if (text[i] != '\\' && text[i] != '\r' && text[i] != '\n')
            name[n++] = text[i];
    return lex_ident(ctx, lval, name, n);
}

/* The characters C11 allows in identifiers (Annex D.1), as ranges. */
static const uint32_t id_ranges[][2] = {
    {0xA8, 0xA8}, {0xAA, 0xAA}, {0xAD, 0xAD}, {0xAF, 0xAF}, {0xB2, 0xB5},
    {0xB7, 0xBA}, {0xBC, 0xBE}, {0xC0, 0xD6}, {0xD8, 0xF6}, {0xF8, 0xFF},
    {0x100, 0x167F}, {0x1681, 0x180D}, {0x180F, 0x1FFF}, {0x200B, 0x200D},
    {0x202A, 0x202E}, {0x203F, 0x2040}, {0x2054, 0x2054}, {0x2060, 0x206F},
    {0x2070, 0x218F}, {0x2460, 0x24FF}, {0x2776, 0x2793}, {0x2C00, 0x2DFF},
    {0x2E80, 0x2FFF}, {0x3004, 0x3007}, {0x3021, 0x302F}, {0x3031, 0x303F},
    {0x3040, 0xD7FF}, {0xF900, 0xFD3D}, {0xFD40, 0xFDCF}, {0xFDF0, 0xFE44},
    {0xFE47, 0xFFFD}, {0x10000, 0x1FFFD}, {0x20000, 0x2FFFD},
    {0x30000, 0x3FFFD}, {0x40000, 0x4FFFD}, {0x50000, 0x5FFFD},
    {0x60000, 0x6FFFD}, {0x70000, 0x7FFFD}, {0x80000, 0x8FFFD},
    {0x90000, 0x9FFFD}, {0xA0000, 0xAFFFD}, {0xB0000, 0xBFFFD},
    {0xC0000, 0xCFFFD}, {0xD0000, 0xDFFFD}, {0xE0000, 0xEFFFD},
};

/* Whether code point c may stand in an identifier; `first`: as its first
 * character, which excludes the combining marks of Annex D.2. */
static bool id_char_ok(uint32_t c, bool first)
{
    if (first && ((c >= 0x300 && c <= 0x36F) || (c >= 0x1DC0 && c <= 0x1DFF) ||
                  (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F)))
        return false;
    for (size_t i = 0; i < sizeof id_ranges / sizeof *id_ranges; i++)
        if (c >= id_ranges[i][0] && c <= id_ranges[i][1])
            return true;
    return false;
}

/* The code point at p (a UCN, or UTF-8 the lexer found well formed) and
 * the length of its spelling. */
static uint32_t decode_char(const unsigned char *p, size_t *len)
{
    if (*p == '\\') {
        *len = p[1] == 'u' ? 6 : 10;
        uint32_t c = 0;
        for (size_t i = 2; i < *len; i++)
            c = c << 4 | (uint32_t)(p[i] <= '9' ? p[i] - '0' : (p[i] | 0x20) - 'a' + 10);
        return c;
    }
    int n = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2;
    uint32_t c = *p & (0x7F >> n);
    for (int i = 1; i < n; i++)
        c = c << 6 | (p[i] & 0x3F);
    *len = (size_t)n;
    return c;
}

/* Appends code point c to out as UTF-8. */
static size_t encode_utf8(uint32_t c, char *out)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    int n = c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    for (int i = n - 1; i > 0; i--, c >>= 6)
        out[i] = (char)(0x80 | (c & 0x3F));
    out[0] = (char)((0xF00 >> n) | c);
    return (size_t)n;
}

/* An identifier with UTF-8 letters or universal character names.  Its
 * name is the UTF-8 spelling, so `\u00e9t` and `ét` are one identifier, as
 * they are to the compilers; a character C11 does not allow in a name is
 * reported where it is written. */
int lex_ext_ident(Ctx *ctx, YYSTYPE *lval, const char *text, size_t len)
{
    Span at = P(ctx)->last;
    char *name = malloc(len + 1);
    size_t n = 0, k;
    if (!name) {
        error_plain(ctx, "out of memory");
        exit(1);
    }
    for (size_t i = 0; i < len; i += k) {
        unsigned char b = (unsigned char)text[i];
        if (b != '\\' && b < 0x80) {
            name[n++] = (char)b;
            k = 1;
            continue;
        }
        uint32_t c = decode_char((const unsigned char *)text + i, &k);
        if (!id_char_ok(c, i == 0) && c != '$') {
            Span s = {.begin = at.begin + (uint32_t)i, .end = at.begin + (uint32_t)(i + k),
                      .line = at.line, .col = at.col + (uint32_t)i};
            error_at(ctx, s, id_char_ok(c, false) ? "character U+%04X cannot "
                     "start an identifier" : "character U+%04X is not allowed "
                     "in an identifier", c);
        }
        n += encode_utf8(c, name + n);
    }
    int token = lex_ident(ctx, lval, name, n);
    free(name);
    return token;
}

/* _Float32 and friends are keywords of gcc, but typedef names that glibc
 * declares for compilers without them (`typedef float _Float32;` under
 * clang): right after float/double, or once declared, they are names. */
int lex_floatn(Ctx *ctx, YYSTYPE *lval, const char *text, size_t len)
{
    int prev = P(ctx)->prev;
    if (P(ctx)->raw)
        return lex_ident(ctx, lval, text, len);
    if (prev == FLOAT || prev == DOUBLE || prev == FLOAT_EXT ||
        symtab_lookup(ctx->syms, text, len) == SYM_TYPEDEF)
        return lex_ident(ctx, lval, text, len);
    return lex_token(ctx, FLOAT_EXT);
}

void lex_error(Ctx *ctx, Span at, const char *msg)
{
    if (!P(ctx)->body)                  // a body's errors are cpp's to say
        error_at(ctx, at, "%s", msg);
}

/* A byte that starts no token: an error, or in raw lexing a token of its
 * own (cpp passes it through; `#define AT @` is legal). */
int lex_stray(Ctx *ctx, Span at, unsigned char byte)
{
    if (P(ctx)->raw)                    // cpp drops a NUL as white space
        return byte ? PP_OTHER : TOK_SKIP;
    if (byte >= 0x21 && byte < 0x7f)
        error_at(ctx, at, "stray '%c' in program", byte);
    else
        error_at(ctx, at, "stray byte 0x%02x in program", byte);
    return 0;
}

/* Streaming: reads on until the logical line at off is all in the text. */
static void need_line(Ctx *ctx, uint32_t off)
{
    for (;;) {
        const char *t = ctx->text;
        const char *nl = memchr(t + off, '\n', ctx->len - off);
        if (nl && !(nl > t && nl[-1] == '\\'))
            return;
        if (nl)
            off = (uint32_t)(nl - t) + 1;
        else if (!cpp_read_more(ctx))
            return;
    }
}

size_t lex_input(Ctx *ctx, char *buf, size_t max)
{
    Parser *ps = P(ctx);
    while (ps->fed == ctx->len && cpp_read_more(ctx))
        ;
    size_t n = ctx->len - ps->fed < max ? ctx->len - ps->fed : max;
    memcpy(buf, ctx->text + ps->fed, n);
    ps->fed += (uint32_t)n;
    return n;
}

/* The end of the physical line at off, and of its continuations. */
static uint32_t logical_line_end(Ctx *ctx, uint32_t off)
{
    const char *t = ctx->text;
    while (off < ctx->len) {
        const char *nl = memchr(t + off, '\n', ctx->len - off);
        if (!nl)
            return ctx->len;
        off = (uint32_t)(nl - t) + 1;
        if (!(nl > t && nl[-1] == '\\'))
            break;
    }
    return off;
}

/* A line marker (blc.h). */
bool read_marker(const char *p, const char *end, uint32_t *line,
                 const char **name, size_t *n, int *flag)
{
    if (flag)
        *flag = 0;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if (strncmp(p, "line", 4) == 0)
        p += 4;
    char *q;
    *line = (uint32_t)strtoul(p, &q, 10);
    if (q == p)
        return false;                   // #pragma, #ident: nothing to follow
    while (*q == ' ' || *q == '\t')
        q++;
    *name = NULL;
    if (*q == '"') {
        const char *close = memchr(q + 1, '"', (size_t)(end - q - 1));
        *name = q + 1;
        *n = close ? (size_t)(close - q - 1) : 0;
        const char *f = close ? close + 1 : end;
        while (f < end && (*f == ' ' || *f == '\t'))
            f++;
        if (flag && f < end && (*f == '1' || *f == '2'))    // entering, returning
            *flag = *f - '0';
    }
    return true;
}

static bool is_main_file(Parser *ps, const char *name, size_t n)
{
    return n == ps->main_len && memcmp(name, ps->main_file, n) == 0;
}

/* A line marker in off..end: follow the main file.  phys: the physical
 * line of the line after it. */
static void line_marker(Ctx *ctx, uint32_t off, uint32_t end, uint32_t phys)
{
    Parser *ps = P(ctx);
    uint32_t line;
    const char *name;
    size_t n;
    if (!read_marker(ctx->text + off, ctx->text + end, &line, &name, &n, NULL))
        return;
    if (name) {
        if (!ps->main_file) {
            ps->main_file = name;
            ps->main_len = n;
        }
        ps->in_main = is_main_file(ps, name, n);
        ps->cur_file = name;
        ps->cur_len = n;
    }
    ps->marker_line = line;
    ps->marker_phys = phys;
}

/* ------------------------------------ the main file in the cpp output
 *
 * The main file's own text is parsed by the main pass, from its source; the
 * header pass need not parse it again.  So when the header pass meets a
 * directive in the main file's text, it cuts the main file's text that
 * follows into units -- the lines up to one that ends at file scope after
 * ';' or after a function body's '}' -- and leaves out whole units: the
 * units at the front are skipped like a directive (their line markers, -dU
 * lines and live lines counted here), later ones are lexed but not parsed.
 * Parsed are: a unit where a macro made a typedef (a line of the output
 * says `typedef` more often than its source line), since the main pass
 * cannot see that name; the units that say `typedef`, when later text may
 * use the name (more text follows, or a made typedef); the rest of a
 * construct the parser is in the middle of (an #include inside an
 * initializer); and the text before an #include in the middle of a
 * construct (its unit never ends).  A file that includes nothing is only
 * skimmed: nothing of it is parsed. */

/* Where a walk over lines of the preprocessor's output is. */
typedef struct LineWalk {
    uint32_t off;               // the start of the current line
    uint32_t phys;              // its physical line
    uint32_t mline, mphys;      // the last marker: its line, the line after it
} LineWalk;

/* A unit of main-file text being scanned. */
typedef struct Unit {
    uint32_t begin, end;        // its lines
    int depth;                  // brackets open
    char last;                  // the last byte of code, not blank
    bool body;                  // the last '{' opened at depth 0 follows ')'
    bool typedefs;              // it says `typedef`
    bool made_typedef;          // a macro made a typedef in it
} Unit;

static uint32_t newlines(const char *b, const char *e)
{
    uint32_t n = 0;
    for (; (b = memchr(b, '\n', (size_t)(e - b))); b++)
        n++;
    return n;
}

/* The end of the literal or comment at p (p[0] is '"', '\'' or '/'). */
static const char *skip_quoted(const char *p, const char *e)
{
    if (*p == '/') {
        if (p + 1 < e && p[1] == '/')
            return e;
        const char *q = p + 2;
        while (q + 1 < e && !(q[0] == '*' && q[1] == '/'))
            q++;
        return q + 1 < e ? q + 2 : e;
    }
    char quote = *p++;
    for (; p < e && *p != quote; p++)
        if (*p == '\\' && p + 1 < e)
            p++;
    return p < e ? p + 1 : e;
}

/* One line of code: its brackets and its last byte. */
static void unit_code(Unit *u, const char *p, const char *e)
{
    while (p < e) {
        char c = *p;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            p++;
            continue;
        }
        if (c == '"' || c == '\'' || (c == '/' && p + 1 < e && (p[1] == '*' || p[1] == '/'))) {
            p = skip_quoted(p, e);
            u->last = c == '/' ? u->last : c;
            continue;
        }
        if (c == '{' && u->depth == 0)
            u->body = u->last == ')';
        u->depth += c == '(' || c == '[' || c == '{' ? 1 : c == ')' || c == ']' || c == '}' ? -1 : 0;
        u->last = c;
        p++;
    }
}

static uint32_t presumed(const LineWalk *w)
{
    return w->mline + (w->phys - w->mphys);
}

/* Scans a unit from w->off (u: the state it starts in); false if the main
 * file's text ends first (a line marker for another file, or the end of
 * the output): w is then at that line. */
static bool scan_unit(Ctx *ctx, LineWalk *w, Unit *u)
{
    Parser *ps = P(ctx);
    for (;;) {
        if (ctx->stream)
            need_line(ctx, w->off);
        if (w->off >= ctx->len)
            return false;
        const char *t = ctx->text, *p = t + w->off, *q = p;
        const char *e = t + logical_line_end(ctx, w->off);
        while (q < e && (*q == ' ' || *q == '\t'))
            q++;
        uint32_t line;
        const char *name;
        size_t n;
        if (q == e || *q != '#') {
            unit_code(u, p, e);
            unsigned k = memmem(p, (size_t)(e - p), "typedef", 7) ? cpp_count_typedefs(p, e) : 0;
            u->typedefs |= k > 0;
            u->made_typedef |= k > 0 && k > cpp_source_typedefs(ctx, presumed(w));
        } else if (read_marker(q + 1, e, &line, &name, &n, NULL)) {
            if (name && !is_main_file(ps, name, n))
                return false;
            w->mline = line;
            w->mphys = w->phys + 1;
        }
        w->phys += newlines(p, e);
        w->off = (uint32_t)(e - t);
        if (u->depth == 0 && (u->last == ';' || (u->last == '}' && u->body)))
            return true;
    }
}

/* The lines from w->off to `to`, skipped, count as if lexed. */
static void skipped_lines(Ctx *ctx, LineWalk *w, uint32_t to)
{
    while (w->off < to) {
        const char *t = ctx->text, *p = t + w->off, *q = p;
        uint32_t end = logical_line_end(ctx, w->off);
        while (q < t + end && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n'))
            q++;
        if (q < t + end && *q == '#') {
            line_marker(ctx, (uint32_t)(q + 1 - t), end, w->phys + 1);
            cpp_note_macro(ctx, q + 1, t + end);
        } else if (q < t + end) {
            mark_line(ctx, P(ctx)->marker_line + (w->phys - P(ctx)->marker_phys));
        }
        w->phys += newlines(p, t + end);
        w->off = end;
    }
}

static void add_drop(Parser *ps, uint32_t begin, uint32_t end)
{
    if (ps->ndrops && ps->drops[ps->ndrops - 1].end == begin) {
        ps->drops[ps->ndrops - 1].end = end;
        return;
    }
    if (ps->ndrops == ps->capdrops) {
        ps->capdrops = ps->capdrops ? ps->capdrops * 2 : 16;
        Directive *d = realloc(ps->drops, ps->capdrops * sizeof *d);
        if (!d)
            return;                     // parsed then: slower, still right
        ps->drops = d;
    }
    ps->drops[ps->ndrops++] = (Directive){begin, end};
}

/* The units from w, scanned, the first from the state u; returns how many
 * (*units: malloc'd). */
static uint32_t scan_units(Ctx *ctx, LineWalk *w, Unit u, Unit **units)
{
    uint32_t n = 0, cap = 0;
    for (uint32_t begin = w->off; scan_unit(ctx, w, &u); begin = w->off, u = (Unit){0}) {
        if (n == cap) {
            Unit *more = realloc(*units, (cap = cap ? cap * 2 : 64) * sizeof u);
            if (!more)
                break;                  // the rest is parsed: slower, still right
            *units = more;
        }
        u.begin = begin;
        u.end = w->off;
        (*units)[n++] = u;
    }
    return n;
}

/* At a directive in the main file's text (the SKIP state will eat up to
 * ps->skip_to): leave out the units that follow, as above. */
static void leave_out_main_text(Ctx *ctx)
{
    Parser *ps = P(ctx);
    if (!ps->in_main || ps->skip_to < ps->scanned_to)
        return;
    LineWalk w = {ps->skip_to, ps->line + newlines(ctx->text + ps->off, ctx->text + ps->skip_to),
                  ps->marker_line, ps->marker_phys};
    LineWalk front = w;
    Unit *units = NULL;
    bool between = ps->nopen == 0 && (ps->prev == 0 || ps->prev == ';' || ps->prev == '}');
    Unit first = {.depth = ps->nopen, .last = between ? (char)ps->prev : 'x'};
    uint32_t n = scan_units(ctx, &w, first, &units);
    bool made = false;
    for (uint32_t i = 0; i < n; i++)
        made |= units[i].made_typedef;
    bool typedefs = w.off < ctx->len || made;   // more text may use them
    bool skipping = true;
    for (uint32_t i = 0; i < n; i++) {
        Unit *u = &units[i];
        if (!ctx->skim && (u->made_typedef || (typedefs && u->typedefs) ||
                           (i == 0 && !between)))
            skipping = false;
        else if (skipping)
            ps->skip_to = u->end;
        else
            add_drop(ps, u->begin, u->end);
    }
    free(units);
    ps->scanned_to = w.off;
    skipped_lines(ctx, &front, ps->skip_to);
}

/* Whether the header pass leaves out the token at `at` (a later unit). */
static bool dropped(Parser *ps, const Span *at)
{
    while (ps->next_drop < ps->ndrops && ps->drops[ps->next_drop].end <= at->begin)
        ps->next_drop++;
    return ps->next_drop < ps->ndrops && ps->drops[ps->next_drop].begin <= at->begin;
}

/* The lexer met '#' at the start of a line; the SKIP state then eats up
 * to skip_to: the directive, and the false #if group that follows it.
 * Returns 1; 0 in a macro body, where '#' is an operator. */
int lex_directive(Ctx *ctx)
{
    Parser *ps = P(ctx);
    if (ps->body)
        return 0;
    uint32_t hash = ps->off - 1;
    if (ctx->stream)
        need_line(ctx, ps->off);
    while (ps->next_dir < ctx->ndirs && ctx->dirs[ps->next_dir].end <= hash)
        ps->next_dir++;
    const Directive *d = ps->next_dir < ctx->ndirs ? &ctx->dirs[ps->next_dir] : NULL;
    if (d && d->begin <= hash) {
        ps->skip_to = d->end;
        while (ps->next_skip < ctx->nskips && ctx->skips[ps->next_skip].begin < d->end)
            ps->next_skip++;
        if (ps->next_skip < ctx->nskips && ctx->skips[ps->next_skip].begin == d->end)
            ps->skip_to = ctx->skips[ps->next_skip].end;
    } else {
        ps->skip_to = logical_line_end(ctx, ps->off);
    }
    if (ctx->track_live) {
        line_marker(ctx, ps->off, ps->skip_to, ps->line + 1);
        cpp_note_macro(ctx, ctx->text + ps->off, ctx->text + ps->skip_to);
        leave_out_main_text(ctx);
    } else if (ctx->own_macros) {
        cpp_note_macro(ctx, ctx->text + ps->off, ctx->text + ps->skip_to);
    }
    return 1;
}

int lex_skip_done(Ctx *ctx)
{
    return P(ctx)->off >= P(ctx)->skip_to;
}

/* The next token for the parser, the one read ahead first; sets
 * ps->fmacro for a function-like type or loop macro's name. */
static int next_token(YYSTYPE *lval, YYLTYPE *lloc, Ctx *ctx)
{
    Parser *ps = P(ctx);
    ps->fmacro = SYM_NONE;
    if (ps->have_back) {
        ps->have_back = false;
        *lval = ps->back_val;
        *lloc = ps->back_loc;
        ps->fmacro = ps->back_fmacro;
        return ps->back_token;
    }
    int token;
    do {
        if (ctx->fatal || (ctx->max_errors && ctx->nerrors >= ctx->max_errors))
            return 0;
        token = c_lex(lval, lloc, ps->scanner);
    } while (token == TOK_SKIP ||
             (token != 0 && (ctx->skim || dropped(ps, lloc))));
    return token;
}

static void push_back(Parser *ps, int token, const YYSTYPE *val, const YYLTYPE *loc)
{
    ps->have_back = true;
    ps->back_token = token;
    ps->back_fmacro = ps->fmacro;
    ps->back_val = *val;
    ps->back_loc = *loc;
}

/* A function-like macro is expanded only when '(' follows its name;
 * then a type macro's call `LIST_ENTRY(n)` is one TYPE_FMACRO token, a
 * type specifier whose span covers the arguments (what the frame of a
 * coroutine copies as the member's type), a declaration macro's call one
 * DECL_FCALL the same way,
 * and a loop macro's name is LOOP_MACRO, the grammar reads its arguments
 * and the statement after them. */
static int macro_call(Ctx *ctx, int token, YYLTYPE *lloc)
{
    Parser *ps = P(ctx);
    SymKind kind = ps->fmacro;
    YYSTYPE val;
    YYLTYPE loc;
    int next = next_token(&val, &loc, ctx);
    bool loop = kind == SYM_LOOP_FMACRO || kind == SYM_LOOPVAR_FMACRO;
    if (next != '(' || loop) {
        push_back(ps, next, &val, &loc);
        return next == '(' ? LOOP_FMACRO : token;
    }
    for (int depth = 1; depth > 0 && next != 0;) {
        next = next_token(&val, &loc, ctx);
        depth += (next == '(') - (next == ')');
    }
    if (next == 0)
        push_back(ps, next, &val, &loc);
    lloc->end = loc.end;
    return kind == SYM_TYPE_FMACRO ? TYPE_FMACRO : DECL_FCALL;
}

int c_yylex(YYSTYPE *lval, YYLTYPE *lloc, Ctx *ctx)
{
    int token = next_token(lval, lloc, ctx);
    return P(ctx)->fmacro == SYM_NONE ? token : macro_call(ctx, token, lloc);
}

/* ------------------------------------------------------ syntax errors */

/* "file.h:12: message", for the warning about the preprocessed text. */
static const char *cpp_error_text(Ctx *ctx, const char *msg)
{
    Parser *ps = P(ctx);
    uint32_t line = ps->marker_line + (ps->last.line - ps->marker_phys);
    char s[512];
    snprintf(s, sizeof s, "%.*s:%u: %s", (int)ps->cur_len, ps->cur_file ? ps->cur_file : "",
             line, msg);
    return symtab_intern(ctx->syms, s, strlen(s));  // outlives the nodes released
}

/* Bison says "syntax error, unexpected X, expecting Y or Z"; we say
 * "expected Y or Z before X", and name the bracket a '}' would close. */
void c_yyerror(YYLTYPE *loc, Ctx *ctx, const char *msg)
{
    Parser *ps = P(ctx);
    if (ctx->fatal)
        return;
    if (ctx->track_live && !ctx->cpp_error && !ps->in_main)
        ctx->cpp_error = cpp_error_text(ctx, msg);  // the main file: see later
    const char *un = strstr(msg, "unexpected ");
    const char *ex = strstr(msg, ", expecting ");
    if (!un) {
        error_at(ctx, *loc, "%s", msg);
        return;
    }
    un += strlen("unexpected ");
    int unlen = ex ? (int)(ex - un) : (int)strlen(un);
    const Bracket *b = ps->nopen ? &ps->open[ps->nopen - 1] : NULL;
    if (b && strncmp(un, "end of file", 11) == 0) {
        error_at(ctx, *loc, "expected %s at end of file (to close '%c' at line %u)",
                 closer_of(b->ch), b->ch, b->at.line);
        return;
    }
    if (!ex) {
        error_at(ctx, *loc, "unexpected %.*s", unlen, un);
        return;
    }
    ex += strlen(", expecting ");
    if (b && strstr(ex, closer_of(b->ch)))
        error_at(ctx, *loc, "expected %s before %.*s (to close '%c' at line %u)",
                 ex, unlen, un, b->ch, b->at.line);
    else
        error_at(ctx, *loc, "expected %s before %.*s", ex, unlen, un);
}

/* --------------------------------------------------------------- lists */

List list_empty(void) { return (List){NULL, NULL, 0}; }

List list_one(Node *n) { return list_add(list_empty(), n); }

List list_add(List l, Node *n)
{
    if (!n)
        return l;
    if (l.tail)
        l.tail->next = n;
    else
        l.head = n;
    l.tail = n;
    while (l.tail->next)                // n may itself head a chain
        l.tail = l.tail->next;
    return l;
}

/* head's chain with more's chain after it. */
static Node *chain_append(Node *head, Node *more)
{
    if (!head)
        return more;
    Node *t = head;
    while (t->next)
        t = t->next;
    t->next = more;
    return head;
}

/* In the preprocessor's output only the declarations' effect on the symbol
 * table matters, and with ctx->drop_plain only the items that hold
 * `coroutine` or `yield`, and the file's own type declarations (the rest
 * is copied through as text, and no check looks into it): an item not kept is dropped at once, its nodes released,
 * so the memory of the parse stays the size of the items kept plus the
 * largest other one.  An item holds coroutine syntax if such a token ends
 * after its start (at worst the next item's first token, read ahead: then
 * the item is kept, which is safe). */
/* A file-scope declaration of a typedef, or one that defines a struct or
 * union: kept for the lowering, which looks into the file's own types
 * (whether a typedef is const, an array, a struct with a const member). */
static bool declares_type(const Node *item)
{
    if (item->kind != ND_DECL)
        return false;
    if (item->flags & FL_TYPEDEF)
        return true;
    for (const Node *t = item->specs ? item->specs->list : NULL; t; t = t->next)
        if ((t->kind == ND_STRUCT || t->kind == ND_UNION) && (t->flags & FL_HAS_BODY))
            return true;
    return false;
}

List add_external(Ctx *ctx, List tu, Node *item)
{
    Parser *ps = P(ctx);
    bool plain = ctx->track_live ||
                 (ctx->drop_plain && item && ps->coro_end <= item->span.begin &&
                  !declares_type(item));
    if (plain)
        arena_release(ctx->arena, ps->mark);
    else
        tu = list_add(tu, item);
    ps->mark = arena_mark(ctx->arena);
    return tu;
}

List list_cat(List a, List b)
{
    return b.head ? list_add(a, b.head) : a;
}

List list_variadic(Ctx *ctx, List l, Span ellipsis)
{
    (void)ctx, (void)ellipsis;
    l.flags |= FL_VARIADIC;
    return l;
}

/* a through b: every token between them is in it too. */
Span span_from(Span a, Span b)
{
    a.end = b.end;
    if (a.r0 == a.r1 && !(a.prov & SP_DIRTY)) {
        a.r0 = b.r0;
        a.r1 = b.r1;
        a.prov = b.prov;
    } else if (b.r0 != b.r1 || (b.prov & SP_DIRTY)) {
        bool run = !(a.prov & (SP_DIRTY | SP_END_MID)) &&
                   !(b.prov & (SP_DIRTY | SP_START_MID)) && a.r0 <= b.r0;
        a.prov = run ? (a.prov & SP_START_MID) | (b.prov & SP_END_MID) : SP_DIRTY;
        a.r1 = b.r1;
    }
    return a;
}

static bool prov_empty(const Span *s)
{
    return s->r0 == s->r1 && !(s->prov & SP_DIRTY);
}

static bool prov_within(const Span *in, const Span *out)
{
    return in->r0 >= out->r0 && in->r1 <= out->r1;
}

void span_prov_add(Span *a, const Span *b)
{
    if (prov_empty(b))
        return;
    if (prov_empty(a)) {
        a->r0 = b->r0;
        a->r1 = b->r1;
        a->prov = b->prov;
        return;
    }
    if ((a->prov | b->prov) & SP_DIRTY) {
        a->prov = SP_DIRTY;
        return;
    }
    bool same = a->r0 == b->r0 && a->r1 == b->r1;
    if ((a->prov & SP_END_MID) && prov_within(b, a)) {
        // b goes on inside the expansion a is in (or ends it)
        a->prov = (a->prov & SP_START_MID) | (same ? b->prov & SP_END_MID : SP_END_MID);
    } else if ((b->prov & SP_START_MID) && prov_within(a, b)) {
        // a was inside the expansion b goes on in
        a->prov = (same ? a->prov & SP_START_MID : SP_START_MID) | (b->prov & SP_END_MID);
        a->r0 = b->r0;
        a->r1 = b->r1;
    } else if (!(a->prov & SP_END_MID) && !(b->prov & SP_START_MID) && a->r1 == b->r0) {
        a->prov = (a->prov & SP_START_MID) | (b->prov & SP_END_MID);
        a->r1 = b->r1;
    } else {
        a->prov = SP_DIRTY;
    }
}

Node *extend_span(Node *n, Span s)
{
    if (n)
        n->span = s;
    return n;
}

/* ---------------------------------------------------------- specifiers */

SpecItem spec_flags(unsigned flags) { return (SpecItem){flags, NULL}; }

SpecItem spec_node(Node *n) { return (SpecItem){FL_HAS_TYPE, n}; }

Node *new_specs(Ctx *ctx, Span s, SpecItem item)
{
    return specs_add(ctx, s, new_node(ctx, ND_SPECS, s), item);
}

Node *specs_add(Ctx *ctx, Span s, Node *specs, SpecItem item)
{
    (void)ctx;
    specs->span = s;
    specs->flags |= item.flags;
    if (item.node)
        specs->list = chain_append(specs->list, item.node);
    return specs;
}

Node *implicit_int(Ctx *ctx, Span s)
{
    s.end = s.begin;
    return new_node(ctx, ND_SPECS, s);
}

/* ---------------------------------------------------------- top level */

Node *finish_tu(Ctx *ctx, Span s, List items)
{
    if (!ctx->tu)
        ctx->tu = new_node(ctx, ND_TU, s);
    ctx->tu->span = (Span){.end = ctx->len, .line = 1, .col = 1};
    ctx->tu->list = items.head;
    return ctx->tu;
}

Node *recovered(Ctx *ctx, Span s)
{
    return new_node(ctx, ND_EMPTY, s);
}

static const unsigned SPEC_FLAGS = FL_TYPEDEF | FL_EXTERN | FL_STATIC |
    FL_AUTO | FL_REGISTER | FL_THREAD | FL_INLINE | FL_NORETURN |
    FL_COROUTINE;

Node *new_function(Ctx *ctx, Span s, Node *specs, Node *declarator,
                   Node *knr, Node *body)
{
    if (!declarator_func(declarator))
        error_at(ctx, declarator->span, "a function definition needs a "
                 "parameter list after the name");
    Node *n = new_node(ctx, ND_FUNC, s);
    n->flags = specs->flags & SPEC_FLAGS;
    n->specs = specs;
    n->declarator = declarator;
    n->name = declarator->name;
    n->name_span = declarator->name_span;
    n->knr = knr;
    n->body = body;
    if (declarator->name)
        symtab_declare(ctx->syms, declarator->name, SYM_OBJECT);
    return set_height(ctx, n);
}

static void declare_param(Ctx *ctx, Node *param)
{
    Node *d = param->kind == ND_PARAM ? param->declarator : param;
    if (d && d->name)
        symtab_declare(ctx->syms, d->name, SYM_OBJECT);
}

void begin_function_body(Ctx *ctx, Node *declarator)
{
    Node *fn = declarator_func(declarator);
    if (!fn)
        return;
    for (Node *p = fn->list; p; p = p->next)
        declare_param(ctx, p);
    for (Node *p = fn->knr; p; p = p->next)
        symtab_declare(ctx->syms, p->name, SYM_OBJECT);
}

int open_scope(Ctx *ctx)
{
    Parser *ps = P(ctx);
    int depth = symtab_depth(ctx->syms);
    symtab_push(ctx->syms);
    if (depth + 1 < (int)(sizeof ps->proto / sizeof *ps->proto))
        ps->proto[depth + 1] = false;
    return depth;
}

static void close_scope(Ctx *ctx, int depth)
{
    while (symtab_depth(ctx->syms) > depth)
        symtab_pop(ctx->syms);
}

Node *finish_block(Ctx *ctx, Span s, int depth, List items)
{
    close_scope(ctx, depth);
    return new_list_node(ctx, s, ND_BLOCK, items);
}

/* -------------------------------------------------------- declarations */

Node *macro_declarator(Ctx *ctx, Span s, const char *name)
{
    Node *d = new_declarator(ctx, s, name, s);
    Span end = {.begin = s.end, .end = s.end, .line = s.line, .col = s.col};
    return declarator_add(ctx, s, d, new_func_suffix(ctx, end, list_empty(), NULL));
}

/* A parameter of `f(...) {`, read as a call's argument: a name (K&R), a
 * type name (`void`) or a declaration (`int argc`); NULL if none. */
static Node *call_parameter(Ctx *ctx, Node *arg)
{
    switch (arg->kind) {
    case ND_IDENT:
        return new_named(ctx, arg->span, ND_NAME, arg->name, arg->name_span);
    case ND_TYPENAME:
        return new_param(ctx, arg->span, arg->specs, arg->declarator);
    case ND_PARAM:
        return arg;
    default:
        return NULL;
    }
}

/* `main(argc, argv) {`, `f(void) {`: the call's name and arguments become
 * a function declarator (an implicitly int function), its names a K&R
 * identifier list or its declarations a parameter list. */
Node *call_declarator(Ctx *ctx, Span s, Node *call)
{
    List names = list_empty(), params = list_empty();
    for (Node *arg = call->list, *next; arg; arg = next) {
        next = arg->next;
        arg->next = NULL;
        Node *p = call_parameter(ctx, arg);
        if (!p)
            error_at(ctx, arg->span, "expected a parameter name or declaration");
        else if (p->kind == ND_NAME)
            names = list_add(names, p);
        else
            params = list_add(params, p);
    }
    if (names.head && params.head)
        error_at(ctx, call->span, "parameter names mixed with declarations");
    Node *d = new_declarator(ctx, s, call->lhs->name, call->lhs->span);
    return declarator_add(ctx, s, d, new_func_suffix(ctx, s, params, names.head));
}

/* `a, *p;` at file scope: each declared with implicit int. */
Node *bare_name(Ctx *ctx, Span s, Node *declarator)
{
    symtab_declare(ctx->syms, declarator->name, SYM_OBJECT);
    return new_init_declarator(ctx, s, declarator, NULL, NULL);
}

/* `f(int n, ...) {`: the same, with a variable argument list. */
Node *variadic_declarator(Ctx *ctx, Span s, Node *call, Span ellipsis)
{
    Node *d = call_declarator(ctx, s, call);
    Node *fn = declarator_func(d);
    if (fn->knr || !fn->list)
        error_at(ctx, ellipsis, "'...' needs a parameter declaration before it");
    fn->flags |= FL_VARIADIC;
    return d;
}

void declare_declarator(Ctx *ctx, Node *specs, Node *d)
{
    if (d && d->name)
        symtab_declare(ctx->syms, d->name,
                       specs->flags & FL_TYPEDEF ? SYM_TYPEDEF : SYM_OBJECT);
}

/* `coroutine` makes functions coroutines: on a member, a parameter or a
 * typedef it needs a function in the declarator (`coroutine int (*op)(int)`,
 * `typedef coroutine int job(int);`), and is refused here, on the declared
 * name, without one.  (A variable is refused by the lowering.) */
static void check_coroutine_on(Ctx *ctx, Node *specs, Node *d)
{
    bool func = false;
    for (Node *x = d ? d->derived : NULL; x; x = x->next)
        func |= x->kind == ND_D_FUNC;
    if ((specs->flags & FL_COROUTINE) && d && d->name && !func)
        error_at(ctx, d->name_span, "'coroutine' applies to functions only");
}

static Node *make_decl(Ctx *ctx, Span s, Node *specs, List decls)
{
    Node *n = new_node(ctx, ND_DECL, s);
    n->flags = specs->flags & SPEC_FLAGS;
    n->specs = specs;
    n->list = decls.head;
    return n;
}

/* `DECLARE(int, n) = 3;`, `static DEFINE_MUTEX(m);`: a declaration
 * macro's call is specifiers and declarator in one (after specs, if
 * any); the name it declares is not known (FL_MACRO_DECL). */
Node *macro_declaration(Ctx *ctx, Span s, Node *specs, const char *macro,
                        Span at, Node *init)
{
    Node *d = macro_declared(ctx, at);
    Span id = init ? span_from(at, init->span) : at;
    Node *n = make_decl(ctx, s, specs ? specs : implicit_int(ctx, at),
                        list_one(new_init_declarator(ctx, id, d, init, NULL)));
    n->flags |= FL_MACRO_DECL;
    n->name = macro;
    return n;
}

/* The declarator of `static DEFINE_MUTEX(m);`: the macro's call. */
Node *macro_declared(Ctx *ctx, Span at)
{
    Node *d = new_declarator(ctx, at, NULL, at);
    d->flags |= FL_MACRO_DECL;
    return d;
}

Node *new_declaration(Ctx *ctx, Span s, Node *specs, List decls)
{
    if (specs->flags & FL_TYPEDEF)
        for (Node *d = decls.head; d; d = d->next)
            check_coroutine_on(ctx, specs, d->declarator);
    return make_decl(ctx, s, specs, decls);
}

int open_prototype_scope(Ctx *ctx)
{
    Parser *ps = P(ctx);
    int depth = open_scope(ctx), inner = symtab_depth(ctx->syms);
    if (inner < (int)(sizeof ps->proto / sizeof *ps->proto))
        ps->proto[inner] = true;
    return depth;
}

static bool in_prototype_scope(Ctx *ctx)
{
    Parser *ps = P(ctx);
    int d = symtab_depth(ctx->syms);
    return d < (int)(sizeof ps->proto / sizeof *ps->proto) && ps->proto[d];
}

Node *prototype_suffix(Ctx *ctx, Span s, int depth, List params)
{
    Parser *ps = P(ctx);
    for (int d = symtab_depth(ctx->syms); d > depth; d--)
        if (d < (int)(sizeof ps->proto / sizeof *ps->proto))
            ps->proto[d] = false;
    close_scope(ctx, depth);
    return new_func_suffix(ctx, s, params, NULL);
}

Node *new_member_decl(Ctx *ctx, Span s, Node *specs, List decls)
{
    for (Node *d = decls.head; d; d = d->next)
        check_coroutine_on(ctx, specs, d->declarator);
    return make_decl(ctx, s, specs, decls);
}

/* An object declared "an array of variable length": its own type is an
 * array (the first derivation) with some non-constant dimension. */
static bool declares_vla(Node *d)
{
    for (Node *a = d ? d->derived : NULL; a && a->kind == ND_D_ARRAY; a = a->next)
        if (a->flags & FL_VLA)
            return true;
    return false;
}

Node *new_init_declarator(Ctx *ctx, Span s, Node *declarator, Node *init,
                          Node *bits)
{
    Node *n = new_node(ctx, ND_INIT_DECL, s);
    n->declarator = declarator;
    n->init = init;
    n->rhs = bits;
    if (declarator) {
        n->name = declarator->name;
        n->name_span = declarator->name_span;
    }
    if (declares_vla(declarator))
        n->flags |= FL_VLA;
    return set_height(ctx, n);
}

Node *new_typed(Ctx *ctx, Span s, NodeKind kind, Node *type, Node *lhs)
{
    Node *n = new_node(ctx, kind, s);
    n->type = type;
    n->lhs = lhs;
    return set_height(ctx, n);
}

Node *new_record(Ctx *ctx, Span s, NodeKind kind, const char *tag,
                 Span tag_span, List members)
{
    Node *n = new_tag(ctx, s, kind, tag, tag_span);
    n->flags |= FL_HAS_BODY;
    n->list = members.head;
    return n;
}

Node *new_tag(Ctx *ctx, Span s, NodeKind kind, const char *tag,
              Span tag_span)
{
    return new_named(ctx, s, kind, tag, tag_span);
}

Node *new_enum(Ctx *ctx, Span s, const char *tag, Span tag_span,
               List enumerators)
{
    return new_record(ctx, s, ND_ENUM, tag, tag_span, enumerators);
}

Node *new_enumerator(Ctx *ctx, Span s, const char *name, Span name_span,
                     Node *value)
{
    Node *n = new_named(ctx, s, ND_ENUMERATOR, name, name_span);
    n->lhs = value;
    if (name)                   // NULL: `E(RED) = 1`, a macro makes it
        symtab_declare(ctx->syms, name, SYM_ENUMCONST);
    return set_height(ctx, n);
}

/* --------------------------------------------------------- declarators */

Node *new_declarator(Ctx *ctx, Span s, const char *name, Span name_span)
{
    return new_named(ctx, s, ND_DECLARATOR, name, name_span);
}

Node *declarator_add(Ctx *ctx, Span s, Node *d, Node *derived)
{
    (void)ctx;
    d->span = s;
    d->derived = chain_append(d->derived, derived);
    return d;
}

Node *declarator_span(Ctx *ctx, Span s, Node *d)
{
    (void)ctx;
    d->span = s;
    return d;
}

Node *new_pointer(Ctx *ctx, Span s, unsigned quals)
{
    Node *n = new_node(ctx, ND_D_POINTER, s);
    n->flags = quals;
    return n;
}

static int vla_walk(Node *n, void *arg);

/* Whether an array size is not an integer constant expression, as far as
 * syntax and the symbol table tell: it reads an object, calls, assigns...
 * Names we cannot see (macros) are taken for constants. */
static bool is_vla_size(Ctx *ctx, Node *e, int depth)
{
    switch (e->kind) {
    case ND_IDENT:
        return symtab_lookup(ctx->syms, e->name, strlen(e->name)) == SYM_OBJECT;
    case ND_CALL: case ND_ASSIGN: case ND_PRE_INC: case ND_PRE_DEC:
    case ND_POST_INC: case ND_POST_DEC: case ND_STMT_EXPR: case ND_YIELD:
        return true;
    case ND_SIZEOF_EXPR: case ND_SIZEOF_TYPE: case ND_ALIGNOF_EXPR:
    case ND_ALIGNOF_TYPE: case ND_OFFSETOF: case ND_TYPES_COMPAT:
        return false;
    default:
        if (depth > MAX_WALK)
            return true;
        void *arg[3] = {ctx, e, &depth};
        return visit_flat(e, vla_walk, arg) != 0;
    }
}

static int vla_walk(Node *n, void *arg)
{
    void **a = arg;
    return is_vla_size(a[0], n, *(int *)a[2] + 1);
}

Node *new_array(Ctx *ctx, Span s, unsigned flags, Node *size)
{
    Node *n = new_node(ctx, ND_D_ARRAY, s);
    n->flags = flags;
    n->lhs = size;
    if ((flags & FL_STAR) || (size && is_vla_size(ctx, size, 0)))
        n->flags |= FL_VLA;
    return n;
}

Node *new_func_suffix(Ctx *ctx, Span s, List params, Node *knr)
{
    Node *n = new_node(ctx, ND_D_FUNC, s);
    n->list = params.head;
    n->flags = params.flags;
    n->knr = knr;
    return n;
}

Node *new_param(Ctx *ctx, Span s, Node *specs, Node *declarator)
{
    if (declarator && declarator->name && in_prototype_scope(ctx))
        symtab_declare(ctx->syms, declarator->name, SYM_OBJECT);
    check_coroutine_on(ctx, specs, declarator);
    Node *n = new_node(ctx, ND_PARAM, s);
    n->specs = specs;
    n->declarator = declarator;
    if (declarator) {
        n->name = declarator->name;
        n->name_span = declarator->name_span;
    }
    return n;
}

Node *new_type_name(Ctx *ctx, Span s, Node *specs, Node *declarator)
{
    Node *n = new_node(ctx, ND_TYPENAME, s);
    n->specs = specs;
    n->declarator = declarator;
    return n;
}

/* -------------------------------------------------------- initializers */

Node *new_init_list(Ctx *ctx, Span s, List items)
{
    return new_list_node(ctx, s, ND_INIT_LIST, items);
}

Node *new_designated(Ctx *ctx, Span s, List designators, Node *init)
{
    Node *n = new_list_node(ctx, s, ND_DESIG_INIT, designators);
    n->then = init;
    return set_height(ctx, n);
}

Node *new_list_node(Ctx *ctx, Span s, NodeKind kind, List items)
{
    Node *n = new_node(ctx, kind, s);
    n->list = items.head;
    return set_height(ctx, n);
}

/* ---------------------------------------------------------- statements */

Node *new_label(Ctx *ctx, Span s, const char *name, Span name_span,
                Node *stmt)
{
    Node *n = new_named(ctx, s, ND_LABEL, name, name_span);
    n->body = stmt;
    return set_height(ctx, n);
}

Node *new_case(Ctx *ctx, Span s, Node *lo, Node *hi, Node *stmt)
{
    Node *n = new_binary(ctx, s, lo ? ND_CASE : ND_DEFAULT, lo, hi);
    n->body = stmt;
    return set_height(ctx, n);
}

/* A loop macro's call and its statement.  FL_MACRO_LOCAL when the
 * macro's `for` declares a variable (which a coroutine's frame cannot
 * hold). */
Node *new_macro_loop(Ctx *ctx, Span s, Node *call, Node *block)
{
    Node *n = new_unary(ctx, s, ND_EXPR_STMT, call);
    Node *name = call->kind == ND_CALL ? call->lhs : call;
    SymKind k = name->kind == ND_IDENT ?
                symtab_lookup(ctx->syms, name->name, strlen(name->name)) : SYM_NONE;
    if (k == SYM_LOOPVAR_MACRO || k == SYM_LOOPVAR_FMACRO)
        n->flags |= FL_MACRO_LOCAL;
    n->body = block;
    return set_height(ctx, n);
}

/* `DECLARE(static int, n) = 3;` at file scope: the macro's call stands
 * for specifiers and declarator; kept as the call assigned its value, so
 * that the initialiser is walked like any other expression. */
Node *macro_initialized(Ctx *ctx, Span s, Node *invocation, Node *init)
{
    Node *call = invocation->lhs;
    Span to = span_from(call->span, init->span);
    return new_unary(ctx, s, ND_EXPR_STMT, new_assign(ctx, to, ND_ASSIGN, call, init));
}

Node *new_if(Ctx *ctx, Span s, Node *cond, Node *then, Node *els)
{
    Node *n = new_node(ctx, ND_IF, s);
    n->cond = cond;
    n->then = then;
    n->els = els;
    return set_height(ctx, n);
}

Node *new_loop(Ctx *ctx, Span s, NodeKind kind, Node *cond, Node *body)
{
    Node *n = new_node(ctx, kind, s);
    n->cond = cond;
    n->body = body;
    return set_height(ctx, n);
}

Node *new_for(Ctx *ctx, Span s, int depth, Node *init, Node *cond,
              Node *inc, Node *body)
{
    close_scope(ctx, depth);
    Node *n = new_loop(ctx, s, ND_FOR, cond, body);
    n->init = init;
    n->inc = inc;
    return set_height(ctx, n);
}

Node *new_asm(Ctx *ctx, Span s, unsigned flags, Node *tmpl, List operands)
{
    Node *n = new_list_node(ctx, s, ND_ASM, operands);
    n->flags = flags;
    n->lhs = tmpl;
    return set_height(ctx, n);
}

List asm_section(List operands, unsigned section)
{
    for (Node *n = operands.head; n; n = n->next)
        n->flags = section;
    return operands;
}

Node *new_asm_operand(Ctx *ctx, Span s, const char *name, Span name_span,
                      Node *constraint, Node *expr)
{
    Node *n = new_named(ctx, s, ND_ASM_OPERAND, name, name_span);
    n->rhs = constraint;
    n->lhs = expr;
    return n;
}

/* --------------------------------------------------------- expressions */

Node *new_stmt_expr(Ctx *ctx, Span s, Node *block)
{
    Node *n = new_node(ctx, ND_STMT_EXPR, s);
    n->body = block;
    return set_height(ctx, n);
}

Node *new_generic(Ctx *ctx, Span s, Node *ctrl, List assocs)
{
    Node *n = new_list_node(ctx, s, ND_GENERIC, assocs);
    n->lhs = ctrl;
    return set_height(ctx, n);
}

Node *new_offsetof(Ctx *ctx, Span s, Node *type, List path)
{
    Node *n = new_list_node(ctx, s, ND_OFFSETOF, path);
    n->type = type;
    return set_height(ctx, n);
}

Node *new_types_compat(Ctx *ctx, Span s, Node *a, Node *b)
{
    Node *n = new_typed(ctx, s, ND_TYPES_COMPAT, a, NULL);
    n->rhs = b;
    return set_height(ctx, n);
}

Node *new_call(Ctx *ctx, Span s, Node *fn, List args)
{
    Node *n = new_list_node(ctx, s, ND_CALL, args);
    n->lhs = fn;
    return set_height(ctx, n);
}

Node *new_member(Ctx *ctx, Span s, Node *base, unsigned flags,
                 const char *name, Span name_span)
{
    Node *n = new_named(ctx, s, ND_MEMBER, name, name_span);
    n->lhs = base;
    n->flags = flags;
    return set_height(ctx, n);
}

Node *new_compound_literal(Ctx *ctx, Span s, Node *type, Node *init)
{
    Node *n = new_typed(ctx, s, ND_COMPOUND_LIT, type, NULL);
    n->init = init;
    return set_height(ctx, n);
}

Node *new_cond(Ctx *ctx, Span s, Node *cond, Node *then, Node *els)
{
    Node *n = new_if(ctx, s, cond, then, els);
    n->kind = ND_COND;
    return set_height(ctx, n);
}

Node *new_assign(Ctx *ctx, Span s, NodeKind op, Node *lhs, Node *rhs)
{
    Node *n = new_binary(ctx, s, ND_ASSIGN, lhs, rhs);
    n->op = op;
    return n;
}

/* ---------------------------------------------------------- raw lexing */

int lex_raw(Ctx *ctx, const char *text, size_t len, LexFn *fn, void *arg)
{
    Parser *ps = calloc(1, sizeof *ps), *saved = ctx->parse_state;
    if (!ps)
        return -1;
    ps->line = ps->col = 1;
    ps->raw = true;
    ps->body = text != NULL;
    ctx->parse_state = ps;
    int rc = -1;
    if (c_lex_init_extra(ctx, &ps->scanner) == 0) {
        if (text)
            c__scan_bytes(text, (int)len, ps->scanner);
        else
            c__scan_bytes(ctx->text, (int)ctx->len, ps->scanner);
        YYSTYPE val;
        YYLTYPE loc;
        int t;
        while ((t = c_lex(&val, &loc, ps->scanner)) != 0)
            if (t != TOK_SKIP)
                fn(arg, t, loc, t == IDENTIFIER ? val.name : NULL);
        c_lex_destroy(ps->scanner);
        rc = 0;
    }
    ctx->parse_state = saved;
    free(ps);
    return rc;
}

/* -------------------------------------------------------------- driver */

int parse_source(Ctx *ctx)
{
    Parser *ps = calloc(1, sizeof *ps);
    if (!ps) {
        error_plain(ctx, "out of memory");
        return -1;
    }
    ps->line = ps->col = 1;
    ps->mark = arena_mark(ctx->arena);
    ctx->parse_state = ps;
    int errors = ctx->nerrors;
    if (c_lex_init_extra(ctx, &ps->scanner) == 0) {
        /* flex gets its own copy: it writes NULs into the text it scans,
         * and the diagnostics and the emitter read ours meanwhile.  A
         * stream it copies as it comes (lex_input). */
        if (!ctx->stream)
            c__scan_bytes(ctx->text, (int)ctx->len, ps->scanner);
        yyparse(ctx);
        c_lex_destroy(ps->scanner);
    } else {
        error_plain(ctx, "out of memory");
    }
    close_scope(ctx, 0);
    if (!ctx->tu)
        finish_tu(ctx, (Span){.end = ctx->len, .line = 1, .col = 1}, list_empty());
    ctx->parse_state = NULL;
    free(ps->drops);
    free(ps);
    return ctx->nerrors > errors || ctx->fatal ? -1 : 0;
}

void ctx_init(Ctx *ctx, const Options *opt, const char *path,
              const char *text, size_t len)
{
    *ctx = (Ctx){0};
    ctx->arena = arena_new();
    ctx->opt = opt;
    ctx->path = path;
    ctx->diag = stderr;
    ctx->max_errors = 20;
    ctx->syms = symtab_new();
    char *copy = arena_alloc(ctx->arena, len + 1);
    if (text)
        memcpy(copy, text, len);
    ctx->text = copy;
    ctx->len = (uint32_t)len;
}

void ctx_free(Ctx *ctx)
{
    symtab_free(ctx->syms);
    free(ctx->dirs);
    free(ctx->skips);
    arena_free(ctx->arena);
    *ctx = (Ctx){0};
}
