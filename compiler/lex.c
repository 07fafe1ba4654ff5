/*
 * lex.c - the lexer's hooks (grammar/c.l calls them) and what the parser
 * reads: the tokens of cpp's output, or the main file's through the macro
 * expander, cooked.
 *
 * Three things happen here that the grammar only names:
 *  - the lexer hack: an identifier is TYPEDEF_NAME when the scoped symbol
 *    table says so at the moment the parser takes it; declarations update
 *    the table when they are reduced (always before the next token is read,
 *    since those states need no lookahead);
 *  - preprocessor lines: skipped, with the false #if groups found by
 *    scan_directives; in preprocessor output, line markers tell which
 *    lines of the main file were live;
 *  - bracket nesting is counted, and refused past MAX_NEST.
 *
 * Macros.  The parser reads the main file with its macros expanded, as
 * the compiler reads it: the lexer reads it raw, expand.c expands it with
 * the preprocessor's definitions (or, without one, the file's own
 * #defines), and each token is cooked here as the parser takes it (the
 * lexer hack at that moment, stray bytes and '#'s as errors), its Span
 * saying where it came from (blc.h: provenance).  cpp's output for the
 * main file is the check: a token blc expands otherwise is an internal
 * error.  Without a preprocessor a header's macro stays a name; the
 * grammar then takes a type name as a call's argument, a string glued to
 * a name, and an X-macro's call among enumerators (c.y).
 */
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "parser.h"

/* ------------------------------------------------------------- lexing */

void lex_advance(Ctx *ctx, YYLTYPE *loc, const char *text, size_t len)
{
    Parser *ps = P(ctx);
    Span at = {ps->off, ps->off + (uint32_t)len, ps->line, ps->col, 0, 0, 0};
    *loc = at;                          // and ps->last = at, not = *loc,
    ps->last = at;                      // which reloads it as just stored
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
}

const char *closer_of(char open)
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
    if (line < ctx->cpp.nlive)
        ctx->cpp.live_lines[line / 8] |= (uint8_t)(1u << (line % 8));
}

static void mark_live(Ctx *ctx)
{
    Parser *ps = P(ctx);
    mark_line(ctx, ps->marker_line + (ps->last.line - ps->marker_phys));
}

static int token_seen(Ctx *ctx, int token);
static void prelex_failed(Ctx *ctx);

int lex_token(Ctx *ctx, int token)
{
    Parser *ps = P(ctx);
    if (ps->loc && token > 0) {         // a token: the next raw index
        ps->loc->r0 = ps->ntokens++;
        ps->loc->r1 = ps->ntokens;
    }
    if (ps->raw)
        return token;
    return token_seen(ctx, token);
}

/* A token the parser gets (lexed, or cooked from the expansion): stray
 * '#'s are errors; brackets, coroutine syntax and live lines counted. */
static int token_seen(Ctx *ctx, int token)
{
    Parser *ps = P(ctx);
    if (ctx->fatal)
        return 0;
    if (token == PP_HASH || token == PP_PASTE) {    // '#' outside a body
        for (uint32_t at = ps->last.begin; at < ps->last.end; at++)
            lex_stray(ctx, (Span){.begin = at, .end = at + 1, .line = ps->last.line,
                                  .col = ps->last.col + (at - ps->last.begin)},
                      (unsigned char)ctx->text[at]);
        return TOK_SKIP;
    }
    if (ctx->cpp.track_live && ps->ml.in_main)
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

/* Identifiers: a typedef name or an identifier, as the scoped symbol
 * table says now (the lexer hack); in raw lexing every name an
 * IDENTIFIER (classified when the parser takes it: cook). */
int lex_ident(Ctx *ctx, YYSTYPE *lval, const char *text, size_t len)
{
    Parser *ps = P(ctx);
    SymKind kind = symtab_lookup_intern(ctx->syms, text, len, &lval->name);
    if (ps->raw)
        return IDENTIFIER;
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
        if (!id_char_ok(c, i == 0) && c != '$' && P(ctx)->prelexing) {
            prelex_failed(ctx);             // said when lexed again
        } else if (!id_char_ok(c, i == 0) && c != '$') {
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
        return FLOAT_EXT;
    if (prev == FLOAT || prev == DOUBLE || prev == FLOAT_EXT ||
        symtab_lookup(ctx->syms, text, len) == SYM_TYPEDEF)
        return lex_ident(ctx, lval, text, len);
    return lex_token(ctx, FLOAT_EXT);
}

void lex_error(Ctx *ctx, Span at, const char *msg)
{
    if (P(ctx)->prelexing)              // said when lexed again
        prelex_failed(ctx);
    else if (!P(ctx)->body)             // a body's errors are cpp's to say
        error_at(ctx, at, "%s", msg);
}

/* A byte that starts no token: an error, or in raw lexing a token of its
 * own (cpp passes it through; `#define AT @` is legal). */
static void stray_error(Ctx *ctx, Span at, unsigned char byte)
{
    if (byte >= 0x21 && byte < 0x7f)
        error_at(ctx, at, "stray '%c' in program", byte);
    else
        error_at(ctx, at, "stray byte 0x%02x in program", byte);
}

int lex_stray(Ctx *ctx, Span at, unsigned char byte)
{
    if (P(ctx)->raw)                    // cpp drops a NUL as white space
        return byte || !P(ctx)->body ? PP_OTHER : TOK_SKIP;
    stray_error(ctx, at, byte);
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

/* A line marker in off..end: follow the main file.  phys: the physical
 * line of the line after it. */
static void line_marker(Ctx *ctx, uint32_t off, uint32_t end, uint32_t phys)
{
    Parser *ps = P(ctx);
    uint32_t line;
    const char *name;
    size_t n;
    int flag;
    if (!read_marker(ctx->text + off, ctx->text + end, &line, &name, &n, &flag))
        return;
    uint32_t done = ps->ml.in_main ? ps->marker_line + (phys - 1 - ps->marker_phys) : 0;
    main_lines_marker(&ps->ml, line, name, n, flag, done);
    if (name) {
        ps->cur_file = name;
        ps->cur_len = n;
    }
    ps->marker_line = ps->ml.in_main ? (uint32_t)(line + ps->ml.delta) : line;
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
    uint32_t mline, mphys;      // the last marker: its (physical) line,
                                // the line after it
    MainLines ml;               // a copy of the parser's, looking ahead
    bool overlap;               // the main parse may start here (cpp.c)
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
            p = c_skip_lexeme(p, e);
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
    for (;;) {
        if (ctx->cpp.stream)
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
        int flag;
        if (q == e || *q != '#') {
            if (w->overlap && presumed(w) > ctx->cpp.owner->cpp.last_include) {
                w->overlap = false;     // past the last #include: the main
                cpp_overlap_main(ctx);  // parse, as the stream comes
            }
            unit_code(u, p, e);
            unsigned k = memmem(p, (size_t)(e - p), "typedef", 7) ? cpp_count_typedefs(p, e) : 0;
            u->typedefs |= k > 0;
            u->made_typedef |= k > 0 && k > cpp_source_typedefs(ctx, presumed(w));
        } else if (read_marker(q + 1, e, &line, &name, &n, &flag)) {
            main_lines_marker(&w->ml, line, name, n, flag, presumed(w));
            if (!w->ml.in_main)
                return false;
            w->mline = (uint32_t)(line + w->ml.delta);
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
    if (!ps->ml.in_main || ps->skip_to < ps->scanned_to)
        return;
    LineWalk w = {ps->skip_to, ps->line + newlines(ctx->text + ps->off, ctx->text + ps->skip_to),
                  ps->marker_line, ps->marker_phys, ps->ml, false};
    LineWalk front = w;
    Unit *units = NULL;
    bool between = ps->nopen == 0 && (ps->prev == 0 || ps->prev == ';' || ps->prev == '}');
    const Ctx *owner = ctx->cpp.owner;
    w.overlap = owner && owner->cpp.overlap == OVERLAP_MAY && between && ps->ml.begun;
    Unit first = {.depth = ps->nopen, .last = between ? (char)ps->prev : 'x'};
    uint32_t n = scan_units(ctx, &w, first, &units);
    bool made = false;
    for (uint32_t i = 0; i < n; i++)
        made |= units[i].made_typedef;
    bool typedefs = w.off < ctx->len || made;   // more text may use them
    bool skipping = true;
    for (uint32_t i = 0; i < n; i++) {
        Unit *u = &units[i];
        if (!ctx->cpp.skim && (u->made_typedef || (typedefs && u->typedefs) ||
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

/* A #define or #undef of the main file, when no preprocessor ran: in
 * effect from the line after it.  off..end: after the '#', to the end of
 * the directive. */
static void own_definition(Ctx *ctx, uint32_t off, uint32_t end)
{
    expand_directive(P(ctx)->ex, P(ctx)->line, ctx->text + off, ctx->text + end);
}

/* Queues a token of an included header (lex_raw's callback). */
static void queue_included(void *arg, int kind, Span at, const char *name)
{
    Parser *ps = arg;
    if (ps->nq == ps->capq) {
        ps->capq = ps->capq ? 2 * ps->capq : 64;
        ps->incq = xrealloc(ps->incq, ps->capq * sizeof *ps->incq);
    }
    PPTok *t = &ps->incq[ps->nq++];
    *t = (PPTok){0};
    t->kind = kind;
    t->text = ps->inc_text + at.begin;
    t->len = at.end - at.begin;
    t->name = name;
    t->flags = PT_INCLUDED | (at.begin > ps->inc_prev ? PT_SPACE : 0);
    ps->inc_prev = at.end;
}

/* An #include inside a construct (an enum's or a switch's body, an
 * initialiser: `#include "tokens.def"`): the header's tokens, as cpp
 * printed them, are part of the construct, so the parser reads them too,
 * after the directive.  They belong to the directive (expand_include),
 * like tokens a macro made: not text the lowering can edit.  At file
 * scope a header's declarations are the header pass's (cpp.c). */
static void include_in_construct(Ctx *ctx, uint32_t hash, uint32_t end)
{
    Parser *ps = P(ctx);
    const char *p = ctx->text + hash + 1, *e = ctx->text + end;
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    size_t len;
    const char *text;
    if (ctx->cpp.pull)                  // overlapping cpp: the header's text
        cpp_need_line(ctx, ps->line + 1);
    if (e - p < 7 || memcmp(p, "include", 7) != 0 ||
        !(text = expand_included(ps->ex, ps->line, &len)))
        return;
    Span at = {.begin = hash, .end = end, .line = ps->line, .col = 1};
    while (at.end > at.begin && (ctx->text[at.end - 1] == '\n' || ctx->text[at.end - 1] == '\r'))
        at.end--;
    uint32_t first = ps->nq, inv = expand_include(ps->ex, at);
    ps->inc_text = text;
    ps->inc_prev = 0;
    lex_raw(ctx, text, len, queue_included, ps);
    for (uint32_t i = first; i < ps->nq; i++) {
        ps->incq[i].at = at;
        ps->incq[i].inv = inv;
        ps->incq[i].raw = PP_NOT_RAW;
        ps->incq[i].param = -1;
    }
}

/* ------------------------------------- the main file's tokens, ahead
 *
 * A main parse that overlaps cpp (cpp.c) reads the main file raw, token
 * by token, after cpp's output of its last #include has come; before
 * cpp's first output comes, blc has a few milliseconds with nothing to
 * do.  lex_prelex lexes the main file there, with the scanner and the
 * raw Parser state that parse would have (the same text, directives and
 * symbol table: the header pass's, which the overlapped parse swaps in),
 * and records what each c_lex returned; that parse reads the record, then
 * lexes on with the same scanner from where lex_prelex stopped.  What c.l
 * does between two tokens that depends on more than the text is done
 * when the token is read, not when it was lexed: an #include inside a
 * construct (include_in_construct, which reads the expander's state) is
 * recorded with the token it came before; a diagnostic the lexer would
 * give (an unterminated comment, a character not allowed in a name) makes
 * the record unused (failed), so it is given once, by the parse, in its
 * place.  Only while cpp has printed nothing (a poll of its pipe every
 * PRELEX_POLL tokens), and PRELEX_MAX tokens at most: the memory stays
 * small on a big file. */

enum { PRELEX_POLL = 32, PRELEX_MAX = 1 << 16 };

typedef struct PreTok {
    Span at;                    // raw_loc after it: c_lex's last match's
    const char *name;           // an IDENTIFIER's, interned in syms
    int kind;                   // what c_lex returned: 0 at the end
} PreTok;

typedef struct PreDir {
    uint32_t tok;               // met while lexing this token
    uint32_t hash, end, line;   // include_in_construct's arguments
} PreDir;

struct Prelex {
    yyscan_t scanner;           // stopped after the last token recorded
    Parser *lexer;              // the raw lexer's state then
    Symtab *syms;               // the table the names are interned in
    PreTok *toks;
    uint32_t n, pos, cap;
    PreDir *dirs;
    uint32_t ndirs, dpos, capdirs;
    bool failed;                // a diagnostic: the record is not used
};

static void prelex_directive(Prelex *pre, uint32_t hash, uint32_t end, uint32_t line)
{
    if (pre->ndirs == pre->capdirs) {
        pre->capdirs = pre->capdirs ? 2 * pre->capdirs : 16;
        pre->dirs = xrealloc(pre->dirs, pre->capdirs * sizeof *pre->dirs);
    }
    pre->dirs[pre->ndirs++] = (PreDir){pre->n, hash, end, line};
}

static void prelex_failed(Ctx *ctx)
{
    P(ctx)->pre->failed = true;
}

static bool cpp_has_output(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    return fd < 0 || poll(&p, 1, 0) != 0;
}

void lex_prelex(Ctx *ctx, Symtab *syms, int fd)
{
    Prelex *pre = calloc(1, sizeof *pre);
    Parser *ps = calloc(1, sizeof *ps), *saved = ctx->parse_state;
    Symtab *own = ctx->syms;
    if (!pre || !ps || c_lex_init_extra(ctx, &pre->scanner) != 0) {
        free(pre);
        free(ps);
        return;
    }
    scan_directives(ctx);               // lex_directive's (no #if here)
    c__scan_bytes(ctx->text, (int)ctx->len, pre->scanner);
    ps->line = ps->col = 1;
    ps->raw = true;
    ps->prelexing = true;
    ps->pre = pre;
    pre->lexer = ps;
    pre->syms = syms;
    ctx->parse_state = ps;
    ctx->syms = syms;
    int k = 1;
    while (k != 0 && !pre->failed && pre->n < PRELEX_MAX &&
           (pre->n % PRELEX_POLL != 0 || !cpp_has_output(fd))) {
        if (pre->n == pre->cap) {
            pre->cap = pre->cap ? 2 * pre->cap : 1024;
            pre->toks = xrealloc(pre->toks, pre->cap * sizeof *pre->toks);
        }
        PreTok *t = &pre->toks[pre->n];
        YYSTYPE val;
        t->at = pre->n ? t[-1].at : (Span){0};     // unless c_lex sets it
        k = c_lex(&val, &t->at, pre->scanner);
        t->kind = k;
        t->name = k == IDENTIFIER ? val.name : NULL;
        pre->n++;
    }
    ps->prelexing = false;
    ps->loc = NULL;
    ctx->parse_state = saved;
    ctx->syms = own;
    ctx->cpp.prelex = pre;
    if (pre->failed)
        lex_prelex_free(ctx);
}

void lex_prelex_free(Ctx *ctx)
{
    Prelex *pre = ctx->cpp.prelex;
    if (!pre)
        return;
    if (pre->scanner)
        c_lex_destroy(pre->scanner);
    free(pre->toks);
    free(pre->dirs);
    free(pre->lexer);
    free(pre);
    ctx->cpp.prelex = NULL;
}

/* parse_source: the main parse overlapping cpp takes the record, and the
 * scanner and lexer state it stopped with, if there is one for it. */
bool lex_take_prelex(Ctx *ctx, Parser *ps)
{
    Prelex *pre = ctx->cpp.prelex;
    if (!pre || !pre->scanner || !ctx->cpp.pull || !ctx->expander ||
        !ctx->expand_check || ctx->syms != pre->syms)
        return false;
    const Parser *lx = pre->lexer;
    ps->scanner = pre->scanner;
    pre->scanner = NULL;                // parse_source destroys it
    ps->off = lx->off;
    ps->line = lx->line;
    ps->col = lx->col;
    ps->ntokens = lx->ntokens;
    ps->last = lx->last;
    ps->skip_to = lx->skip_to;
    ps->next_dir = lx->next_dir;
    ps->next_skip = lx->next_skip;
    ps->pre = pre;
    return true;
}

/* The next token of the record, as c_lex returned it (with the #include
 * in a construct that came before it), then c_lex's. */
static int prelexed(Ctx *ctx, YYSTYPE *val)
{
    Parser *ps = P(ctx);
    Prelex *pre = ps->pre;
    if (pre->pos == pre->n) {
        ps->pre = NULL;                 // lexing on, from where it stopped
        free(pre->toks);
        pre->toks = NULL;
        return c_lex(val, &ps->raw_loc, ps->scanner);
    }
    uint32_t i = pre->pos;
    for (; pre->dpos < pre->ndirs && pre->dirs[pre->dpos].tok == i; pre->dpos++) {
        const PreDir *d = &pre->dirs[pre->dpos];
        uint32_t line = ps->line;       // where the lexer was at it
        ps->line = d->line;
        include_in_construct(ctx, d->hash, d->end);
        ps->line = line;
    }
    const PreTok *t = &pre->toks[i];
    if (t->kind != 0)
        pre->pos++;                     // the end: it stays, as c_lex's
    ps->raw_loc = t->at;
    val->name = t->name;
    return t->kind;
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
    if (ctx->cpp.stream)
        need_line(ctx, ps->off);
    while (ps->next_dir < ctx->cpp.ndirs && ctx->cpp.dirs[ps->next_dir].end <= hash)
        ps->next_dir++;
    const Directive *d = ps->next_dir < ctx->cpp.ndirs ? &ctx->cpp.dirs[ps->next_dir] : NULL;
    if (d && d->begin <= hash) {
        ps->skip_to = d->end;
        while (ps->next_skip < ctx->cpp.nskips && ctx->cpp.skips[ps->next_skip].begin < d->end)
            ps->next_skip++;
        if (ps->next_skip < ctx->cpp.nskips && ctx->cpp.skips[ps->next_skip].begin == d->end)
            ps->skip_to = ctx->cpp.skips[ps->next_skip].end;
    } else {
        ps->skip_to = logical_line_end(ctx, ps->off);
    }
    if (ps->prelexing) {                // include_in_construct when read
        prelex_directive(ps->pre, hash, d ? d->end : ps->skip_to, ps->line);
    } else if (ctx->cpp.track_live) {
        line_marker(ctx, ps->off, ps->skip_to, ps->line + 1);
        leave_out_main_text(ctx);
    } else if (ps->ex && !ps->check) {  // no cpp: the file's own #defines
        own_definition(ctx, ps->off, d ? d->end : ps->skip_to);
    } else if (ps->ex) {        // kept only when inside a construct
        include_in_construct(ctx, hash, d ? d->end : ps->skip_to);
    }
    return 1;
}

int lex_skip_done(Ctx *ctx)
{
    return P(ctx)->off >= P(ctx)->skip_to;
}

/* Streaming: a skip (SKIP, up to skip_to) of SKIP_AHEAD bytes or more is
 * made at once, not by flex reading its lines: the position, line,
 * column, last span and *loc are set as SKIP's matches, a line each,
 * would leave them, and flex is to refill its buffer from skip_to (c.l
 * flushes it when this returns true).  The header pass skips the main
 * file's own text so (leave_out_main_text), tens of KB that flex would
 * read only after cpp's output has ended. */
int lex_skip_ahead(Ctx *ctx)
{
    enum { SKIP_AHEAD = 4096 };
    Parser *ps = P(ctx);
    const char *t = ctx->text, *p = t + ps->off, *e = t + ps->skip_to;
    if (!ctx->cpp.stream || ps->skip_to > ctx->len || ps->skip_to < ps->off ||
        ps->skip_to - ps->off < SKIP_AHEAD || (ps->skip_to < ctx->len && e[-1] != '\n'))
        return 0;
    const char *b = e - 1;              // SKIP's last match: [b, e)
    while (b > p && b[-1] != '\n')
        b--;
    uint32_t before = newlines(p, b), len = (uint32_t)(e - b);
    Span last = {(uint32_t)(b - t), ps->skip_to, ps->line + before, before ? 1 : ps->col,
                 0, 0, 0};
    bool nl = e[-1] == '\n';
    ps->line = last.line + nl;
    ps->col = nl ? 1 : last.col + len;
    ps->off = ps->skip_to;
    ps->fed = ps->skip_to;
    ps->last = last;
    *ps->loc = last;
    return 1;
}

/* The next token as lexed (the preprocessor's output, a .i file). */
static int next_token(YYSTYPE *lval, YYLTYPE *lloc, Ctx *ctx)
{
    Parser *ps = P(ctx);
    int token;
    do {
        if (ctx->fatal || (ctx->max_errors && ctx->nerrors >= ctx->max_errors))
            return 0;
        token = c_lex(lval, lloc, ps->scanner);
    } while (token == TOK_SKIP ||
             (token != 0 && (ctx->cpp.skim || dropped(ps, lloc))));
    Ctx *owner = ctx->cpp.owner;
    if (token != 0 && owner && owner->cpp.overlap == OVERLAP_DONE)
        owner->cpp.overlap = OVERLAP_SPOILT;    // parsed after the main parse
    return token;
}

/* ------------------------------------- the main file, macros expanded
 *
 * The lexer reads the main file raw (lex_raw's rules: no lexer hack, '#'
 * a token); expand.c expands its macros; and here each token of the
 * expansion is *cooked* for the parser: a name becomes TYPEDEF_NAME or
 * IDENTIFIER as the symbol table says at the moment the parser takes it,
 * a stray byte or '#' becomes its error, and the token's Span says where
 * it came from (Span's provenance: its raw index, or its invocation's
 * raw tokens, open or closed).  What cpp printed for the file is the
 * check: a token whose spelling differs is blc's internal error. */

/* The expander's source: the file's tokens as the lexer reads them. */
bool lex_expanded_source(void *arg, PPTok *t)
{
    Ctx *ctx = arg;
    Parser *ps = P(ctx);
    if (ps->qpos < ps->nq) {            // an included header's, first
        *t = ps->incq[ps->qpos++];
        if (ps->qpos == ps->nq)
            ps->qpos = ps->nq = 0;
        return true;
    }
    YYSTYPE val;
    int k;
    do
        k = ps->pre ? prelexed(ctx, &val) : c_lex(&val, &ps->raw_loc, ps->scanner);
    while (k == TOK_SKIP);
    bool queued = ps->nq > 0;           // by a directive before this token
    if (k == 0 && !queued)
        return false;                   // raw_loc: the last token's, as a
                                        // parse without expansion has it
    if (k != 0) {
        YYLTYPE loc = ps->raw_loc;
        /* Field by field, every field: gcc zeroes a compound literal
         * this big (or a memset of it) with a slow `rep stos`. */
        t->kind = k;
        t->flags = loc.begin > ps->prev_end ? PT_SPACE : 0;
        t->param = 0;
        t->len = loc.end - loc.begin;
        t->text = ctx->text + loc.begin;
        t->name = k == IDENTIFIER ? val.name : NULL;
        t->at = loc;
        t->raw = t->inv = t->gap_raw = 0;
        t->made_by = NULL;
        t->gap_at = (Span){0};
        ps->prev_end = loc.end;
        if (ctx->cpp.pull)              // overlapping cpp: its lines learnt
            cpp_need_line(ctx, loc.line + newlines(t->text, t->text + t->len));
    }
    if (!queued)
        return true;
    if (k != 0) {                       // after the header's tokens
        PPTok after = *t;
        queue_included(ps, 0, (Span){0}, NULL);
        ps->incq[ps->nq - 1] = after;
    }
    return lex_expanded_source(arg, t);
}

/* _Float32 and friends: a keyword of gcc, a name after float or double,
 * or once a typedef declares it (lex_floatn's rule, for a cooked token). */
static int cook_floatn(Ctx *ctx, const PPTok *t, YYSTYPE *lval)
{
    Parser *ps = P(ctx);
    if (t->len < 7 || memcmp(t->text, "_Float", 6) != 0)
        return FLOAT_EXT;
    SymKind k = symtab_lookup_intern(ctx->syms, t->text, t->len, &lval->name);
    if (ps->prev == FLOAT || ps->prev == DOUBLE || ps->prev == FLOAT_EXT ||
        k == SYM_TYPEDEF)
        return k == SYM_TYPEDEF ? TYPEDEF_NAME : IDENTIFIER;
    return FLOAT_EXT;
}

/* Where t came from, as a Span (blc.h: provenance). */
static Span cook_span(Expander *ex, const PPTok *t)
{
    Span s = t->at;
    if (t->raw != PP_NOT_RAW) {
        s.r0 = t->raw;
        s.r1 = t->raw + 1;
        s.prov = 0;
    } else {
        const Invocation *v = expand_invocation(ex, t->inv);
        s.r0 = v->raw0;
        s.r1 = v->raw1;
        s.prov = (t->flags & PT_INV_FIRST ? 0 : SP_START_MID) |
                 (t->flags & PT_INV_LAST ? 0 : SP_END_MID) | SP_MADE;
        uint32_t id = expand_keep_made(ex, t);
        if (id < (UINT32_MAX >> SP_TOKEN_SHIFT))
            s.prov |= id << SP_TOKEN_SHIFT;
    }
    if (t->flags & PT_GAP) {            // the text before it that expanded
        s.begin = t->gap_at.begin;      // to nothing
        s.line = t->gap_at.line;
        s.col = t->gap_at.col;
        s.r0 = t->gap_raw;
    }
    return s;
}

static int cook(Ctx *ctx, const PPTok *t, YYSTYPE *lval, YYLTYPE *lloc)
{
    Parser *ps = P(ctx);
    Span at = cook_span(ps->ex, t);     // stored whole, twice: a copy
    *lloc = at;                         // of *lloc would load what was
    ps->last = at;                      // just stored field by field
    int token = t->kind;
    lval->name = t->name;
    if (token == IDENTIFIER)
        token = symtab_lookup_interned(ctx->syms, t->name) == SYM_TYPEDEF
              ? TYPEDEF_NAME : IDENTIFIER;
    else if (token == FLOAT_EXT)
        token = cook_floatn(ctx, t, lval);
    else if (token == PP_OTHER) {
        ps->last = t->at;
        stray_error(ctx, t->at, (unsigned char)t->text[0]);
        return TOK_SKIP;
    } else if (token == PP_HASH || token == PP_PASTE)
        ps->last = t->at;
    return token_seen(ctx, token);
}

/* The check failed at t: what blc expanded is not what the compiler
 * will read.  Never a silent misparse: an internal error, and the parse
 * stops. */
static void expansion_differs(Ctx *ctx, const PPTok *t)
{
    Parser *ps = P(ctx);
    const char *ref;
    size_t n = expand_check_context(ps->ex, &ref);
    if (t)
        error_at(ctx, t->at, "internal error: blc's expansion of the macros "
                 "here differs from the preprocessor's: '%.*s', where it "
                 "printed '%.*s'", (int)t->len, t->text, (int)n, ref);
    else
        error_plain(ctx, "internal error: the preprocessor printed more of "
                    "'%s' than blc expanded: '%.*s'", ctx->path, (int)n, ref);
    ctx->fatal = true;
}

static int next_expanded(YYSTYPE *lval, YYLTYPE *lloc, Ctx *ctx)
{
    Parser *ps = P(ctx);
    for (;;) {
        if (ctx->fatal || (ctx->max_errors && ctx->nerrors >= ctx->max_errors))
            return 0;
        PPTok t;
        if (!expand_next(ps->ex, &t)) {
            if (ps->check && ctx->nerrors == 0 && !expand_check_end(ps->ex))
                expansion_differs(ctx, NULL);
            *lloc = ps->raw_loc;
            return 0;
        }
        bool nul = t.kind == PP_OTHER && t.text[0] == '\0';   // cpp drops it
        bool header = t.flags & PT_INCLUDED;    // not the main file's text
        if (ps->check && !nul && !header && ctx->nerrors == 0 &&
            !expand_check(ps->ex, &t)) {
            expansion_differs(ctx, &t);
            return 0;
        }
        int token = cook(ctx, &t, lval, lloc);
        if (token != TOK_SKIP)
            return token;
    }
}

int c_yylex(YYSTYPE *lval, YYLTYPE *lloc, Ctx *ctx)
{
    return P(ctx)->ex ? next_expanded(lval, lloc, ctx) : next_token(lval, lloc, ctx);
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

typedef struct OneWord {
    int kind, count;
} OneWord;

static void one_word(void *arg, int kind, Span at, const char *name)
{
    (void)at, (void)name;
    OneWord *w = arg;
    w->kind = kind;
    w->count++;
}

bool lex_keyword(Ctx *ctx, const char *s, size_t n)
{
    OneWord w = {0, 0};
    if (n == 0 || !(s[0] == '_' || (s[0] >= 'a' && s[0] <= 'z') ||
                    (s[0] >= 'A' && s[0] <= 'Z')))
        return false;
    lex_raw(ctx, s, n, one_word, &w);
    return w.count == 1 && w.kind != IDENTIFIER && w.kind != TYPEDEF_NAME &&
           w.kind != PP_OTHER;
}
