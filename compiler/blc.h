/*
 * blc.h - the one internal header of blc, the Bluelet-for-C translator.
 *
 * The pipeline, one file per stage:
 *   grammar/c.l   lexer: bytes -> tokens; skips preprocessor lines
 *   grammar/c.y   parser: tokens -> AST (actions call the constructors below)
 *   lex.c         the lexer's hooks, and the tokens the parser reads (cpp's
 *                 output, or the main file's through expand.c, cooked)
 *   parse.c       the parser's driver and its helpers (declarations, scopes)
 *   ast.c         node constructors and the generic child visitor
 *   symtab.c      the scoped table of typedef names that the lexer asks
 *   cpp.c         runs the system preprocessor once; which lines are live
 *   expand.c      the main file's macros expanded as cpp does, with provenance
 *   diag.c        diagnostics: file:line:col, source line, caret
 *   analyze.c     the refusals, before any output (yield outside, VLAs...)
 *   lower.c       the coroutine transform's driver; its stages in
 *                 lower_frame.c, lower_type.c, lower_expr.c, lower_stmt.c,
 *                 lower_handle.c, lower_cleanup.c, sharing the private
 *                 header lower.h
 *   emit.c        output: non-coroutine text byte for byte, the lowering
 *                 seam, and the lowering's renderer and #line
 *   arena.c       arena allocation and growable buffers
 *   main.c        the command line
 *
 * Key decision: the AST does not own text.  Every node carries the span of
 * source it was parsed from (byte offsets into Ctx.src.text, plus the line
 * and column of its first byte), and the emitter copies source bytes between
 * spans.  Whatever is not rewritten therefore comes out exactly as written:
 * comments, macros, directives, formatting.
 */
#ifndef BLC_H
#define BLC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct Arena Arena;
typedef struct Buf Buf;
typedef struct Ctx Ctx;
typedef struct Deps Deps;
typedef struct Expander Expander;
typedef struct Options Options;
typedef struct Stream Stream;
typedef struct Node Node;
typedef struct Symtab Symtab;

/* A stretch of source: bytes [begin, end) of the buffer being parsed; line
 * and col (both from 1, col counts bytes) locate `begin`.
 *
 * Provenance (expand.c): the construct stands for the file's raw tokens
 * [r0, r1), and it is *editable* -- replacing bytes [begin, end) replaces
 * exactly its tokens -- unless prov says otherwise: SP_DIRTY, its tokens
 * are no run of the file's (a macro made some of them and others came
 * from elsewhere); SP_START_MID or SP_END_MID, it begins or ends inside a
 * macro's expansion, which [r0, r1) then covers whole.  A Span with r0 ==
 * r1 and no SP_DIRTY holds no token (an empty rule, a made-up span).
 * Aligned to 16, so 32 bytes: the parser copies Spans all the time (its
 * location stack), and a copy of 28 bytes is two overlapping 16-byte
 * moves, whose reload the CPU cannot forward from the store (a stall of
 * each reduction; 32 bytes are two whole moves). */
typedef struct Span {
    uint32_t begin;             // offset of the first byte
    uint32_t end;               // offset one past the last byte
    uint32_t line;              // line of `begin`, from 1
    uint32_t col;               // column of `begin`, from 1, in bytes
    uint32_t r0, r1;            // the raw tokens it stands for
    uint32_t prov;              // SP_* bits
} __attribute__((aligned(16))) Span;

enum {
    SP_DIRTY = 1,               // not a run of the file's tokens
    SP_START_MID = 2,           // begins inside a macro's expansion
    SP_END_MID = 4,             // ends inside one
    SP_NOT_EDITABLE = SP_DIRTY | SP_START_MID | SP_END_MID,
    SP_MADE = 8,                // its first token a macro made (its body,
                                // '#' or '##'), not the file's
    SP_TOKEN_SHIFT = 8,         // a single made token: prov >> this is
                                // 1 + its index (expand_made), else 0
};

/* The provenance of a followed by b (token order); begin, line and col
 * stay a's.  span_editable: whether s's bytes are exactly its tokens. */
void span_prov_join(Span *a, const Span *b);
static inline void span_prov_add(Span *a, const Span *b)
{
    if ((a->prov | b->prov) == 0 && a->r1 == b->r0)
        a->r1 = b->r1;                  // two runs of raw tokens, adjacent
    else                                // (span_prov_join's result too)
        span_prov_join(a, b);
}
/* a through b: every token between them is in it too. */
Span span_from(Span a, Span b);
static inline bool span_editable(Span s)
{
    return (s.prov & SP_NOT_EDITABLE) == 0;
}

/* ---------------------------------------------------------------- ast.c */

typedef enum NodeKind {
    ND_NONE,
    /* top level and declarations */
    ND_TU,              // translation unit: list = external declarations
    ND_FUNC,            // function definition: specs declarator knr body
    ND_DECL,            // declaration: specs, list = ND_INIT_DECL
    ND_INIT_DECL,       // init-declarator: declarator [= init] [: rhs bits]
    ND_SPECS,           // declaration specifiers: flags, list = ND_STRUCT...
    ND_DECLARATOR,      // declarator: name, derived = ND_D_* from name out
    ND_D_POINTER,       // derived: pointer; flags = qualifiers
    ND_D_ARRAY,         // derived: array [lhs]; FL_VLA, FL_STATIC, FL_STAR
    ND_D_FUNC,          // derived: function (list = params) or (knr = names)
    ND_PARAM,           // parameter declaration: specs declarator
    ND_TYPENAME,        // type name: specs + abstract declarator
    ND_STRUCT,          // struct tag { list = ND_DECL members }
    ND_UNION,           // union tag { list = ND_DECL members }
    ND_ENUM,            // enum tag { list = ND_ENUMERATOR }
    ND_ENUMERATOR,      // enumerator: name [= lhs]
    ND_TYPEOF,          // typeof(lhs) or typeof(type)
    ND_ALIGNAS,         // _Alignas(lhs) or _Alignas(type)
    ND_ATOMIC_TYPE,     // _Atomic(type)
    ND_STATIC_ASSERT,   // _Static_assert(lhs, rhs string)
    ND_NAME,            // a bare name (K&R identifier list, __label__,
                        // a typedef name a macro made, among specifiers)
    /* statements */
    ND_BLOCK,           // { list = items }
    ND_EXPR_STMT,       // lhs ;
    ND_IF,              // if (cond) then [else els]
    ND_WHILE,           // while (cond) body
    ND_DO,              // do body while (cond);
    ND_FOR,             // for (init; cond; inc) body; init ND_DECL or expr
    ND_SWITCH,          // switch (cond) body
    ND_CASE,            // case lhs [... rhs]: body
    ND_DEFAULT,         // default: body
    ND_LABEL,           // name: body
    ND_GOTO,            // goto name;
    ND_GOTO_PTR,        // goto *lhs;
    ND_BREAK,           // break;
    ND_CONTINUE,        // continue;
    ND_RETURN,          // return [lhs];
    ND_ASM,             // asm [volatile|goto|inline] (lhs template : list)
    ND_ASM_OPERAND,     // [name] "constraint"(lhs); flags = section 1/2
    ND_LOCAL_LABEL,     // __label__ list = ND_NAME;
    ND_EMPTY,           // ;
    /* expressions: primary */
    ND_IDENT,           // identifier reference (never a member name)
    ND_NUM,             // integer or floating constant
    ND_CHAR,            // character constant
    ND_STRING,          // string literal(s), adjacent ones are one node
    ND_PAREN,           // ( lhs )
    ND_STMT_EXPR,       // ({ body })
    ND_GENERIC,         // _Generic(lhs, list = ND_GENERIC_ASSOC)
    ND_GENERIC_ASSOC,   // type: lhs, or default: lhs (type NULL)
    ND_VA_ARG,          // __builtin_va_arg(lhs, type)
    ND_OFFSETOF,        // __builtin_offsetof(type, list = designators)
    ND_TYPES_COMPAT,    // __builtin_types_compatible_p(type, rhs->type)
    ND_LABEL_ADDR,      // && name
    ND_YIELD,           // yield lhs
    /* expressions: postfix */
    ND_CALL,            // lhs(list = args)
    ND_INDEX,           // lhs[rhs]
    ND_MEMBER,          // lhs.name or lhs->name (FL_ARROW)
    ND_POST_INC,        // lhs++
    ND_POST_DEC,        // lhs--
    ND_COMPOUND_LIT,    // (type){ init }
    /* expressions: unary */
    ND_PRE_INC,         // ++lhs
    ND_PRE_DEC,         // --lhs
    ND_ADDR,            // &lhs
    ND_DEREF,           // *lhs
    ND_PLUS,            // +lhs
    ND_NEG,             // -lhs
    ND_BITNOT,          // ~lhs
    ND_NOT,             // !lhs
    ND_REAL,            // __real__ lhs
    ND_IMAG,            // __imag__ lhs
    ND_EXTENSION,       // __extension__ lhs
    ND_SIZEOF_EXPR,     // sizeof lhs
    ND_SIZEOF_TYPE,     // sizeof(type)
    ND_ALIGNOF_EXPR,    // __alignof__ lhs
    ND_ALIGNOF_TYPE,    // _Alignof(type)
    ND_CAST,            // (type) lhs
    /* expressions: binary, in C's precedence order */
    ND_MUL,             // lhs * rhs
    ND_DIV,             // lhs / rhs
    ND_MOD,             // lhs % rhs
    ND_ADD,             // lhs + rhs
    ND_SUB,             // lhs - rhs
    ND_SHL,             // lhs << rhs
    ND_SHR,             // lhs >> rhs
    ND_LT,              // lhs < rhs
    ND_GT,              // lhs > rhs
    ND_LE,              // lhs <= rhs
    ND_GE,              // lhs >= rhs
    ND_EQ,              // lhs == rhs
    ND_NE,              // lhs != rhs
    ND_BITAND,          // lhs & rhs
    ND_BITXOR,          // lhs ^ rhs
    ND_BITOR,           // lhs | rhs
    ND_LOGAND,          // lhs && rhs
    ND_LOGOR,           // lhs || rhs
    ND_COND,            // cond ? then : els; then NULL for `cond ?: els`
    ND_ASSIGN,          // lhs = rhs, or lhs op= rhs with op = ND_ADD...
    ND_COMMA,           // lhs , rhs
    /* initializers */
    ND_INIT_LIST,       // { list = initializers or ND_DESIG_INIT }
    ND_DESIG_INIT,      // list = designators, then = initializer
    ND_DESIG_FIELD,     // .name (also a member in __builtin_offsetof)
    ND_DESIG_INDEX,     // [lhs] or [lhs ... rhs]
    ND_KIND_COUNT
} NodeKind;

/* Node.flags.  Specifier bits live on ND_SPECS (and are copied to ND_FUNC
 * and ND_DECL for convenience); the rest are per kind as noted. */
enum {
    FL_TYPEDEF     = 1u << 0,   // storage class typedef
    FL_EXTERN      = 1u << 1,
    FL_STATIC      = 1u << 2,   // also ND_D_ARRAY: [static n]
    FL_AUTO        = 1u << 3,
    FL_REGISTER    = 1u << 4,
    FL_THREAD      = 1u << 5,   // _Thread_local, __thread
    FL_INLINE      = 1u << 6,
    FL_NORETURN    = 1u << 7,   // _Noreturn
    FL_COROUTINE   = 1u << 8,   // coroutine
    FL_CONST       = 1u << 9,   // qualifiers, on ND_SPECS and ND_D_POINTER
    FL_VOLATILE    = 1u << 10,
    FL_RESTRICT    = 1u << 11,
    FL_ATOMIC      = 1u << 12,  // _Atomic as a qualifier
    FL_HAS_TYPE    = 1u << 13,  // ND_SPECS: some type specifier was given
    FL_VLA         = 1u << 14,  // ND_D_ARRAY, ND_INIT_DECL: variable length
    FL_STAR        = 1u << 15,  // ND_D_ARRAY: [*]
    FL_VARIADIC    = 1u << 16,  // ND_D_FUNC: (..., ...)
    FL_ARROW       = 1u << 17,  // ND_MEMBER: ->
    FL_HAS_BODY    = 1u << 18,  // ND_STRUCT/ND_UNION/ND_ENUM: { } given
    FL_ASM_VOLATILE = 1u << 19, // ND_ASM: volatile
    FL_ASM_GOTO    = 1u << 20,  // ND_ASM: goto
    FL_TCLASS      = 7u << 21,  // ND_SPECS: the TypeClass of its type
                                // specifiers (bits 21-23, FL_TCLASS_SHIFT)
    FL_SCALAR_KEYWORD = 1u << 21, // a type keyword's SpecItem: TC_SCALAR
    FL_NOT_AWAITABLE = 1u << 25,// ND_YIELD: its operand is visibly no
                                // awaitable (a name or a call whose
                                // declaration says so: new_yield)
    FL_AWAIT_UNCHECKED = 1u << 26, // ND_YIELD: no declaration shows whether
                                // its operand is awaitable: the C compiler
                                // checks (lower_expr.c: put_await_call)
    FL_HAS_YIELD   = 1u << 24,  // any node in a coroutine's body: it is a
                                // yield or has one under it (analyze.c)
    FL_AWAIT_IO    = 1u << 27,  // ND_YIELD: its operand calls bluelet.h's
                                // own bl_recv, bl_send or bl_sendall (a
                                // file-scope declaration: new_yield)
};

enum { FL_TCLASS_SHIFT = 21 };

/* What blc can know of a type without a type system: enough to tell,
 * from a declaration, that a value of it can never be awaited (an
 * awaitable is a pointer to a struct that starts with `bl_aw aw`).
 * parse.c computes it for the specifiers and declarators it builds. */
typedef enum TypeClass {
    TC_UNKNOWN,         // blc cannot tell: __typeof__, a macro's type, ...
    TC_SCALAR,          // arithmetic, enum or void: never awaitable
    TC_RECORD,          // a struct or union itself: never awaitable
    TC_POINTER,         // to a struct, a union or the unknown: may be
    TC_PLAIN_POINTER,   // to a scalar, a pointer or a function: never
    TC_FUNCTION,        // a function type (of a typedef)
} TypeClass;
static inline bool tclass_not_awaitable(TypeClass c)
{
    return c == TC_SCALAR || c == TC_RECORD || c == TC_PLAIN_POINTER;
}

/* One struct for every kind; which fields a kind uses is in the comment of
 * its kind above.  Lists are chained through `next`.  Names point into the
 * symbol table's interned strings and live as long as the Ctx. */
struct Node {
    NodeKind kind;
    NodeKind op;        // ND_ASSIGN: ND_ASSIGN for '=', else ND_ADD...
    unsigned flags;     // FL_* bits
    uint32_t height;    // of the expression/statement tree under it
    Span span;          // the whole construct
    Node *next;         // next in the list this node belongs to
    const char *name;   // identifier, member, label, declared name, tag
    Span name_span;     // where `name` is written
    Node *lhs, *rhs;    // operands
    Node *cond, *then, *els;  // if, loops, switch, ?:, designated init
    Node *init, *inc;   // for; ND_INIT_DECL/ND_COMPOUND_LIT initializer
    Node *body;         // loops, switch, case, label, function, ({ })
    Node *list;         // items, args, params, members, designators...
    Node *type;         // ND_TYPENAME of casts, sizeof, builtins, assocs
    Node *specs;        // ND_SPECS of a declaration, function, param, type
    Node *declarator;   // ND_DECLARATOR of an init-declarator, function...
    Node *derived;      // ND_DECLARATOR: ND_D_* list, from the name out
    Node *knr;          // ND_FUNC: K&R ND_DECLs; ND_D_FUNC: ND_NAME list
};

Node *new_node(Ctx *ctx, NodeKind kind, Span span);
Node *new_unary(Ctx *ctx, Span span, NodeKind kind, Node *lhs);
Node *new_binary(Ctx *ctx, Span span, NodeKind kind, Node *lhs, Node *rhs);
Node *new_named(Ctx *ctx, Span span, NodeKind kind, const char *name,
                Span name_span);
const char *node_kind_name(NodeKind kind);

/* The parser refuses expression and statement trees higher than this,
 * where a chain's link does not count (chain_link), so a walk that follows
 * chains iteratively (visit_flat) recurses at most this many levels (plus
 * the open brackets, at most 256). */
enum { MAX_TREE_HEIGHT = 2000 };
/* Sets n->height from its children's; reports an error (and stops the
 * parse) past MAX_TREE_HEIGHT.  Returns n. */
Node *set_height(Ctx *ctx, Node *n);
/* The child of n that continues the flat chain n is a link of, or NULL:
 * the left operand of a binary operator (`,` included) that is itself one,
 * the else of an if that is an if, the statement of a label (case,
 * default, name) that is a label. */
Node *chain_link(const Node *n);

/* Calls fn(child, arg) for each direct child of n, in source order (lists
 * element by element).  Stops and returns fn's value when it is nonzero. */
typedef int VisitFn(Node *child, void *arg);
int visit_children(Node *n, VisitFn *fn, void *arg);
/* The same, with the chain that n heads flattened: fn sees the other
 * children of every link (in source order), never a link below n, and the
 * walk does not recurse along the chain.  A walker whose fn treats the
 * chains' kinds like any other node may use it instead of visit_children;
 * one that does not must loop along chains itself (chain_spine). */
int visit_flat(Node *n, VisitFn *fn, void *arg);

/* The links of the chain headed by n, n first (v[0]); small ones need no
 * allocation. */
typedef struct Spine {
    Node **v;                   // the links, from n down
    size_t n, cap;
    Node *small[8];             // v, until the chain is longer
} Spine;
#define SPINE_INIT(sp) { (sp).small, 0, 8, {0} }
int chain_spine(Node *n, Spine *sp);
void spine_free(Spine *sp);

/* The ND_D_FUNC that gives a function declarator its parameters (the one
 * applied directly to the name), or NULL if d does not declare a function. */
Node *declarator_func(Node *d);

/* ------------------------------------------------------------- arena.c */

Arena *arena_new(void);
void arena_free(Arena *a);
/* A point in the arena's history; releasing it frees what came after. */
typedef struct ArenaMark {
    void *block;                // the block being filled then
    size_t used;                // its bytes used then
} ArenaMark;
ArenaMark arena_mark(Arena *a);
void arena_release(Arena *a, ArenaMark m);
void *arena_alloc(Arena *a, size_t size);         // zeroed, aligned
char *arena_strndup(Arena *a, const char *s, size_t n);
/* malloc and realloc that end blc with "out of memory" when they fail. */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);

/* A growable byte buffer (malloc'd; the output is rendered into one). */
struct Buf {
    char *data;
    size_t len, cap;
};
void buf_put(Buf *b, const void *p, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_printf(Buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_free(Buf *b);

/* ------------------------------------------------------------ symtab.c */

/* What an ordinary identifier currently names, as far as parsing cares. */
typedef enum SymKind {
    SYM_NONE,           // not declared
    SYM_TYPEDEF,        // a typedef name: the lexer returns TYPEDEF_NAME
    SYM_OBJECT,         // variable, function or parameter
    SYM_ENUMCONST,      // enumeration constant
} SymKind;

Symtab *symtab_new(void);          // its names in its own arena
void symtab_free(Symtab *st);
const char *symtab_intern(Symtab *st, const char *s, size_t n);
SymKind symtab_lookup(Symtab *st, const char *s, size_t n);
/* symtab_lookup of a name that symtab_intern or symtab_lookup_intern
 * returned (of any table; no other pointer): no hashing when st did. */
SymKind symtab_lookup_interned(Symtab *st, const char *name);
size_t symtab_interned_len(const char *name);   // strlen, of such a name
/* symtab_lookup and symtab_intern in one hash lookup (for the lexer). */
SymKind symtab_lookup_intern(Symtab *st, const char *s, size_t n,
                             const char **name);
void symtab_declare(Symtab *st, const char *name, SymKind kind);
/* symtab_declare, and what a value of the name is (`self`: its type's
 * class) and what a call of it gives (`call`: the class of its result,
 * for a function or a pointer to one; TC_UNKNOWN otherwise or for a
 * coroutine).  For a typedef name, `self` is the class of its type. */
void symtab_declare_class(Symtab *st, const char *name, SymKind kind,
                          TypeClass self, TypeClass call);
/* The classes the innermost declaration of name gave (TC_UNKNOWN when it
 * gave none or the name is undeclared). */
TypeClass symtab_class(Symtab *st, const char *name, bool call);
/* Makes `from`'s file-scope meanings st's, and st's from's: the
 * preprocessed headers' table becomes the main file's, once the
 * preprocessor has succeeded.  A swap, not a copy: no name is interned
 * twice, and the headers' thousands of names cost nothing to move.  `from`
 * must know what st knew (both start with the builtin typedef names). */
void symtab_swap(Symtab **st, Symtab **from);
void symtab_push(Symtab *st);
void symtab_pop(Symtab *st);
int symtab_depth(Symtab *st);
int symtab_decl_depth(Symtab *st, const char *s, size_t n); // the scope
                                // depth of the declaration in force (0:
                                // file scope), -1 when none is
/* How many declarations, scope entries and exits st has seen: a count
 * that does not move while nothing changes what a name means. */
uint32_t symtab_changes(const Symtab *st);

/* --------------------------------------------------------------- cpp.c */

/* Where the main file's directive lines are, and which of its lines the
 * preprocessor showed to be inside a false #if group (skipped by parse). */
typedef struct Directive {
    uint32_t begin, end;        // the line(s), from '#' to the newline
} Directive;

/* Runs the preprocessor over ctx->src (unless disabled) and parses its
 * output, so that the typedef names of the headers are known.  Fills
 * ctx->live_lines.  Returns 0, or -1 after a warning (fallback used). */
int cpp_learn_typedefs(Ctx *ctx);
/* The preprocessor's output as it streams in: reads what the pipe holds
 * onto ctx->text (waiting for some); false at its end.  For the lexer. */
bool cpp_read_more(Ctx *ctx);
/* The header pass (sub, at a line marker of the main file's text) runs
 * the main parse there if it may (OVERLAP_MAY, cpp.c). */
void cpp_overlap_main(Ctx *sub);
/* For a main parse overlapping cpp: reads cpp's output until the
 * expander has learnt the main file's line `line` (cpp_need_line), or
 * one more piece (cpp_pull: false once all of it is learnt).  Nothing
 * when the parse does not overlap. */
void cpp_need_line(Ctx *ctx, uint32_t line);
bool cpp_pull(Ctx *ctx);
/* How many `typedef` keywords p..end says, outside comments and literals;
 * and the main file's source line `line` (for the output as it streams). */
unsigned cpp_count_typedefs(const char *p, const char *end);
/* The one reader of C's comments and literals in text (cpp.c, for every
 * stage): the end of the comment, string or character constant at p (an
 * unterminated one ends at its line's end), else p + 1. */
const char *c_skip_lexeme(const char *p, const char *end);
unsigned cpp_source_typedefs(Ctx *ctx, uint32_t line);
/* Whether the input is preprocessed already (a .i file): no macros. */
bool cpp_input_preprocessed(const Ctx *ctx);
/* The built-in standard and POSIX typedef names, for the fallback. */
void cpp_declare_builtin_typedefs(Ctx *ctx);
/* Finds the directive lines of ctx->src and, from ctx->live_lines, the
 * false #if groups; fills ctx->dirs and ctx->skips. */
void scan_directives(Ctx *ctx);
/* While cpp starts (its first output not yet in the pipe fd): the main
 * file's raw tokens lexed ahead for a main parse that overlaps cpp, their
 * names interned in syms (the header pass's table, which that parse
 * reads); lex_expanded_source reads them first.  The rest is lexed as
 * before, by the same scanner.  Freed by lex_prelex_free (cpp.c). */
void lex_prelex(Ctx *ctx, Symtab *syms, int fd);
void lex_prelex_free(Ctx *ctx);
/* Whether the preprocessor's flags turn trigraphs on: -trigraphs, or an
 * ISO -std= (c99, c11, iso9899:...) or -ansi that a gnu -std= does not
 * follow. */
bool cpp_trigraphs(const Options *opt);
/* The main file in the preprocessor's output, read marker by marker: is
 * the text that follows the main file's (not an #include's), and which
 * physical line of it is a presumed line: physical = presumed + delta,
 * which its own #line directives change (and its GNU form `# 33 "f"`).
 * A marker naming another file at the main file's depth after its text
 * began is a #line directive's: the file keeps being the main file.
 * A copy (to look ahead) shares `dirs`; free only the original. */
typedef struct MainLines {
    const char *main;           // its name in the first marker
    size_t main_len;
    const char *cur;            // the name its last marker gave it
    size_t cur_len;
    int depth;                  // #includes entered
    bool begun;                 // its text has begun (markers before it
                                // are <built-in>'s and the command line's)
    bool in_main;               // the text that follows is the main file's
    int64_t delta;              // physical line - presumed line
    struct LineDirective *dirs; // its #line directives, in order
    uint32_t ndirs, next;       // how many; the first not yet met
} MainLines;
/* Reads the #line directives of `main`, the main file's Ctx (not the
 * Ctx of the preprocessor's output): one walk over its text. */
void main_lines_init(MainLines *ml, const Ctx *main);
/* A line marker `# line "name" flag` (read_marker's results), after the
 * main file's physical lines up to `done` were read. */
void main_lines_marker(MainLines *ml, uint32_t line, const char *name,
                       size_t n, int flag, uint32_t done);
void main_lines_free(MainLines *ml);

/* -------------------------------------------------------------- diag.c */

void error_at(Ctx *ctx, Span at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void warning_at(Ctx *ctx, Span at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void note_at(Ctx *ctx, Span at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A diagnostic without a source location: "blc: error: ...". */
void error_plain(Ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void warning_plain(Ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* -------------------------------------------------------------- deps.c */

/* Options -M -MM -MD -MMD -MP -MF -MT -MQ at argv[i]: returns the next
 * argument's index, 0 if argv[i] is none of them, -1 if its value is
 * missing. */
int deps_option(Options *o, char **argv, int argc, int i);
/* Notes the files named by the line markers of the preprocessor's output
 * (called once, by cpp.c); fills ctx->deps. */
void deps_note_cpp_output(Ctx *ctx, const char *text, size_t len);
/* Appends the make rule: target (unless -MT/-MQ) depends on the input and
 * on ctx->deps. */
void deps_render(const Ctx *ctx, const char *target, Buf *out);
/* The file -MD writes, for a translation written to output (malloc'd). */
char *deps_file_name(const Options *o, const char *output);

/* ------------------------------------------------------------ expand.c */

/* A token of the expansion and where it came from (expand.c's essay). */
enum {
    PT_SPACE = 1,               // white space before it
    PT_NOEXPAND = 2,            // a macro's name met inside its own
                                // expansion: never expanded again
    PT_INV_FIRST = 4,           // the first token of its invocation's
    PT_INV_LAST = 8,            // the last
    PT_GAP = 16,                // text that expanded to nothing comes
                                // right before it: gap_raw, gap_at
    PT_PASTED = 32,             // made by '##'
    PT_INCLUDED = 64,           // from a header #included inside a
                                // construct (expand_included): inv says
                                // which #include; expanded by cpp already
};
#define PP_NOT_RAW UINT32_MAX
typedef struct PPTok {
    int kind;                   // the parser's token code (c.tab.h)
    uint16_t flags;             // PT_*
    int16_t param;              // in a macro body: parameter index, or -1
    uint32_t len;               // of text
    const char *text;           // its spelling
    const char *name;           // interned, for a name (else NULL)
    Span at;                    // raw: its bytes; else its invocation's
    uint32_t raw;               // index among the file's tokens, or
                                // PP_NOT_RAW for a token a macro made
    uint32_t inv;               // the invocation that made it, or 0
    const char *made_by;        // made: the macro whose body, '#' or
                                // '##' made it (interned)
    uint32_t gap_raw;           // PT_GAP: the empty text's first raw token
    Span gap_at;                // and its bytes
} PPTok;

/* An expansion of a macro in the main file. */
typedef struct Invocation {
    Span at;                    // the file's text: name through ')'
    uint32_t raw0, raw1;        // the raw tokens it spans [raw0, raw1)
    const char *macro;          // its name
} Invocation;

/* The file's next token (kind, flags, text, name and at set); false at
 * its end. */
typedef bool RawFn(void *arg, PPTok *t);

Expander *expand_new(Ctx *ctx);
/* One whose names are interned in `syms` (not ctx's): the table a header
 * pass fills, which ctx adopts if the preprocessor succeeds. */
Expander *expand_new_in(Ctx *ctx, Symtab *syms);
/* Where the file's tokens come from (before the first expand_next). */
void expand_begin(Expander *ex, RawFn *raw, void *arg);
void expand_free(Expander *ex);
/* Whether NAME is a macro at `line` of the main file. */
int expand_defined(Expander *ex, uint32_t line, const char *name, size_t len);
/* The #if condition `text` at `line`, its macros expanded: 1 true, 0
 * false, -1 when it cannot judge (pp_eval). */
int expand_if(Expander *ex, uint32_t line, const char *text, size_t len);
/* ppeval.c: the value of an expanded #if condition: 1, 0, or -1 when it
 * cannot judge (a floating constant, __has_include, a syntax error...). */
int pp_eval(const PPTok *toks, uint32_t n);
/* A #define (text: `NAME body` or `NAME(params) body`) or #undef (text:
 * `NAME`), in effect from `line` of the main file on; def_line, the line
 * of the directive when it is in the main file, else 0. */
void expand_define(Expander *ex, uint32_t line, uint32_t def_line,
                   const char *text, size_t len, bool undef);
/* The file's own directive p..end (after its '#', at `line`): a #define
 * or #undef is in effect from the line after the directive's end; any
 * other directive is no definition. */
void expand_directive(Expander *ex, uint32_t line, const char *p, const char *end);
/* The definition of `name` in effect at `line` of the main file: the line
 * of its #define there (0: elsewhere), and its text `NAME body`. */
bool expand_definition(const Expander *ex, const char *name, uint32_t line,
                       uint32_t *def_line, const char **text, size_t *len);
/* Where that definition's name is in the main file, for a note; false if
 * it is not there. */
bool expand_definition_at(const Expander *ex, const char *name, uint32_t line,
                          Span *at);
/* Reads the output of `cc -E -dD` for the main file: every definition,
 * and the main file's text for expand_check.  The definitions point into
 * `out`, which must outlive the expander: expand_keep hands it a mapping
 * of cpp's output to unmap when it is freed.  (A #define of the file's
 * own, expand_define, points into the file's text the same way.) */
void expand_learn(Expander *ex, const char *out, size_t len);
/* The same, a piece at a time as the output streams in: reads the whole
 * lines of out[0, len), or all of it when it is the `last` piece, and
 * returns how much it read (the rest comes again with the next piece). */
size_t expand_learn_more(Expander *ex, const char *out, size_t len, bool last);
/* The main file's last physical line learnt so far; UINT32_MAX once the
 * whole output is.  expand_check_stale: a check compared tokens with the
 * reference before it was complete, and the reference was then made
 * another way (the lexer's spelling): that comparison may not be the
 * serial parse's. */
uint32_t expand_learnt_line(const Expander *ex);
bool expand_check_stale(const Expander *ex);
void expand_keep(Expander *ex, void *base, size_t size);
/* The next token of the main file, expanded; 0 at its end. */
int expand_next(Expander *ex, PPTok *t);
const Invocation *expand_invocation(const Expander *ex, uint32_t inv);
/* The first invocation of the file whose text begins in raw tokens
 * [r0, r1) or holds r0; NULL if none. */
const Invocation *expand_invocation_in(const Expander *ex, uint32_t r0, uint32_t r1);
/* A token a macro made that the parser took, kept for the diagnostics:
 * expand_keep_made returns its index (Span's SP_TOKEN_SHIFT bits), and
 * expand_made what is kept of it (NULL for none). */
typedef struct MadeTok {
    uint32_t inv;               // PPTok's
    uint16_t flags;
    const char *made_by;
} MadeTok;
uint32_t expand_keep_made(Expander *ex, const PPTok *t);
/* What cpp printed for the #include at `line` of the main file (its
 * tokens, expanded; no directives), or NULL; expand_include makes the
 * invocation its tokens belong to, at the directive's span `at`. */
const char *expand_included(const Expander *ex, uint32_t line, size_t *len);
uint32_t expand_include(Expander *ex, Span at);
const MadeTok *expand_made(const Expander *ex, Span s);
/* Whether t's spelling is what cpp printed next; expand_check_end: and
 * all of it was matched.  expand_check_context: what cpp printed there. */
bool expand_check(Expander *ex, const PPTok *t);
bool expand_check_end(Expander *ex);
size_t expand_check_context(Expander *ex, const char **ref);

/* ---------------------------------------------------- parse.c, lex.c */

/* Parses ctx->src into ctx->tu.  Returns 0, or -1 if errors were reported. */
int parse_source(Ctx *ctx);
/* The lexer's input when ctx->stream is set (flex's YY_INPUT): up to max
 * bytes more of the text, 0 at its end. */
size_t lex_input(Ctx *ctx, char *buf, size_t max);
/* A line marker of the preprocessor's output, `# 12 "file.h" 1 3 4` or
 * `#line 12 "file.h"`, in p..end (after the '#'): its line, its file's
 * name (NULL if it names none) and, if flag, 1 entering a file, 2
 * returning to one, else 0; false for any other directive. */
bool read_marker(const char *p, const char *end, uint32_t *line,
                 const char **name, size_t *n, int *flag);
/* Raw lexing, for the macro expander: calls fn(arg, kind, span, name) for
 * each token, as the one scanner (c.l) reads it, with every name an
 * IDENTIFIER (name interned) and '#', '##' and stray bytes tokens of their
 * own.  text NULL: the main file, its directives and false #if groups
 * skipped as in a parse (scan_directives first); else the body of a
 * macro, spans relative to text, no diagnostics.  Returns 0, or -1. */
typedef void LexFn(void *arg, int kind, Span at, const char *name);
int lex_raw(Ctx *ctx, const char *text, size_t len, LexFn *fn, void *arg);
/* Whether the n bytes at s are one keyword, as the lexer (c.l) reads them
 * (`coroutine` and GNU's spellings included). */
bool lex_keyword(Ctx *ctx, const char *s, size_t n);

/* -------------------------------------------------------------- emit.c */

/* Renders the translation of ctx->tu into out: text outside coroutines is
 * copied byte for byte; each coroutine definition or declaration goes
 * through the lowering seam below.  Returns 0, or -1 after errors. */
int emit_tu(Ctx *ctx, Buf *out);
/* Appends `#line N "file"` (and its newline) unless --no-line. */
void emit_line_marker(Ctx *ctx, Buf *out, uint32_t line);
/* Appends the source bytes of span s. */
void emit_span(Ctx *ctx, Buf *out, Span s);

/* The lowering seam, implemented by the transform (compiler/lower*.c,
 * whose own declarations are in compiler/lower.h).
 *
 * analyze: checks the whole tu before emission (yield outside a coroutine,
 * ...); returns 0, or -1 after reporting errors.
 * lower_coroutine: item is an ND_FUNC with FL_COROUTINE; append its
 * translation to out.  The emitter has copied the source up to
 * item->span.begin and continues at item->span.end, so the lowering must
 * end its text with a #line (emit_line_marker) that resynchronises.
 * lower_coroutine_decl: the same for an ND_DECL with FL_COROUTINE (a
 * coroutine prototype).  Both return 0, or -1 after reporting errors. */
int analyze(Ctx *ctx);
int lower_coroutine(Ctx *ctx, Node *item, Buf *out);
int lower_coroutine_decl(Ctx *ctx, Node *item, Buf *out);

/* --------------------------------------------------------------- main.c */

typedef struct Options {
    const char *input;          // the .blc path
    const char *output;         // -o, or NULL for the default; "-" stdout
    const char **cpp_args;      // -I -D -U and the compiler's options
                                // for cpp (-std= -O -include...), in order
    int ncpp_args;
    const char *cpp;            // --cpp CMD, or NULL for $CC -E
    bool no_cpp;                // --no-cpp or a .i input
    bool no_line;               // --no-line
    int deps;                   // DEPS_* of -M -MM -MD -MMD -MP (deps.c)
    const char *deps_file;      // -MF, or NULL
    struct DepTarget *deps_targets; // -MT and -MQ, in order
    int ndeps_targets;
} Options;

enum {
    DEPS_PRINT = 1,             // -M -MM: print the rule, do not translate
    DEPS_WRITE = 2,             // -MD -MMD: translate and write the rule
    DEPS_USER_ONLY = 4,         // -MM -MMD: leave out system headers
    DEPS_PHONY = 8,             // -MP: an empty rule per header
};

typedef struct DepTarget {
    const char *name;           // -MT NAME or -MQ NAME
    bool quote;                 // -MQ: quote it for make
} DepTarget;

/* Everything one translation needs; nothing in blc is global, so the
 * whole front end can run many times in one process (the fuzzer does). */
/* What the preprocessor tells about the main file (cpp.c fills it; the
 * lexer and the parse read it), and the state of a parse of cpp's own
 * output. */
typedef struct CppFacts {
    bool have_live;             // live_lines is valid
    uint8_t *live_lines;        // bit per line: cpp printed code for it
    uint32_t nlive;             // lines covered by live_lines
    Directive *dirs;            // directive lines, in order
    uint32_t ndirs;
    Directive *skips;           // false #if groups: text not parsed
    uint32_t nskips;
    bool trigraphs;             // the flags ask for trigraphs (c.l's TRI)
    const char *error;          // first error in cpp output, "file:line: ..."
    Deps *deps;                 // files the preprocessor read, or NULL
    Ctx *owner;                 // preprocessor output: the main file's Ctx
    Stream *stream;             // the text is cpp's output, still coming in
    bool track_live;            // parsing cpp output: fill live_lines
    bool skim;                  // cpp output: only lex it (lines, macros)
    bool gnu;                   // gcc's own options may go to it (cpp.c)
    bool gnu_refused;           // it failed on them: run it again without
    /* the main parse overlapping cpp's output of the main file (cpp.c) */
    int overlap;                // OVERLAP_*
    uint32_t last_include;      // the main file's last #include line
    Ctx *pull;                  // while it runs: the header pass's Ctx
    uint32_t changes;           // symtab_changes when it ended
    bool parsed;                // it ran: parse_rc is parse_source's
    int parse_rc;
    char *held;                 // its diagnostics, shown after cpp's
    size_t nheld;
    struct Prelex *prelex;      // the main file's raw tokens lexed while
                                // cpp starts, for that parse (lex.c)
} CppFacts;

/* CppFacts.overlap: whether the main parse may run while cpp's output of
 * the main file's code comes in (cpp.c, "overlapping the main parse"). */
enum {
    OVERLAP_NO,                 // not this run
    OVERLAP_MAY,                // it may start, past the last #include
    OVERLAP_DONE,               // it ran, in the header pass
    OVERLAP_SPOILT,             // it ran, but what it read may differ from
                                // the serial parse's: translate again
};

/* One file being translated: its text and what each stage learns of it.
 * Each stage owns its part: cpp.c `cpp`, expand.c `expander`, lex.c and
 * parse.c `parse_state` and the tree, diag.c the diagnostics' counts. */
struct Ctx {
    Arena *arena;               // all nodes and names; freed in one go
    const Options *opt;
    const char *path;           // file name used in diagnostics
    const char *text;           // the source, NUL-terminated
    uint32_t len;               // its length in bytes (without the NUL)
    Symtab *syms;               // typedef names and scopes
    Node *tu;                   // ND_TU after parse_source
    /* diagnostics (diag.c) */
    int nerrors;                // errors reported so far
    int max_errors;             // stop after this many (0: no limit)
    bool quiet;                 // count diagnostics, print none (fuzzer)
    FILE *diag;                 // where diagnostics go (stderr)
    /* the preprocessor's (cpp.c) */
    CppFacts cpp;
    /* the macro expander's (expand.c) */
    Expander *expander;         // the main file's macros
    bool expand_check;          // they are cpp's: check the expansion
    /* the parse's (lex.c, parse.c) */
    void *parse_state;          // the Parser during a parse (parser.h)
    bool drop_plain;            // keep in tu only the items with coroutine
                                // syntax (blc; not the tests of the AST)
    bool has_coroutine_syntax;  // the lexer met `coroutine` or `yield`
    bool fatal;                 // the parse was abandoned (too deep, ...)
};

void ctx_init(Ctx *ctx, const Options *opt, const char *path,
              const char *text, size_t len);
void ctx_free(Ctx *ctx);

#endif
