/*
 * lower.h - the lowering's private header: the state of one coroutine's
 * lowering (Lower) and the functions its files share.
 *
 * The house rule is one internal header, blc.h, with a banner per file.
 * The lowering is the exception, for one reason: its files (lower.c and
 * lower_*.c, with the renderer in emit.c) share one state and some
 * sixty helpers that no other stage may call -- a patch site, a frame
 * member, a resume point mean nothing outside it.  blc.h declares only
 * the seam the emitter calls (analyze, lower_coroutine,
 * lower_coroutine_decl); this header is included by the lowering's files
 * and by emit.c, never by another stage.
 */
#ifndef BLC_LOWER_H
#define BLC_LOWER_H

#include "blc.h"

/* ------------------------------------------------------------------ */
/* The state of one coroutine's lowering                              */
/* ------------------------------------------------------------------ */

/* How a name declared inside the coroutine is translated. */
typedef enum BindKind {
    B_FRAME,            // a frame member: `x` -> `self->member`
    B_STATIC,           // static or extern local: stays, never patched
    B_KEEP,             // typedef, enumerator, VLA, statement-expr local
} BindKind;

typedef struct Var {
    const char *name;           // the source name
    const char *member;         // its frame member (renamed on a clash)
    BindKind kind;
    Node *specs;                // the declaration's specifiers
    Node *declarator;           // its declarator (name inside)
    bool param;                 // a parameter (array/function adjusted)
    bool tag;                   // a struct/union/enum tag (own namespace)
    bool fwd;                   // a tag declared `struct p;`, not defined
    Node *init;                 // a frame local's initialiser, or NULL
    Node *decl;                 // a static local's declaration
    Node *def;                  // a struct or union tag's definition
    bool kept_used;             // it has its `(void)&x;` (keep_used)
    const char *cleanup;        // a frame local's cleanup function, or NULL
    Node *unit;                 // a typedef, tag or enumerator: what moves
                                // to file scope with it ("Block-scope
                                // types" in the essay), or NULL
    bool refused;               // its declaration was refused: its uses
                                // say nothing more
    const void *refused_in;     // the invocation a use was refused in
                                // (once is enough)
} Var;

/* Where a typedef name, tag or enumerator declared in the coroutine is
 * written, declared or used: renamed there when its unit is hoisted. */
typedef struct Occ {
    uint32_t at, end;
    Var *var;
    Node *unit;                 // a declaration of var: the unit it is in
} Occ;

/* A set of units (declarations or tag definitions). */
typedef struct Units {
    Node **v;
    int n, cap;
} Units;

/* A patch of the source text: span [begin, end) is replaced by `repl`,
 * or, when repl is NULL, kept (with the patches inside it) and wrapped in
 * `before` and `after`.  begin == end is an insertion. */
typedef struct Site {
    uint32_t begin, end;
    uint32_t seq;               // creation order: breaks ties
    const char *repl;
    const char *before, *after;
    bool reindent;              // the kept span's lines move 4 columns right
} Site;

/* An identifier reference, by the offset where it is written. */
typedef struct Ref {
    uint32_t at;
    Var *var;
} Ref;

/* Line-synchronised copying: in the final rendering of a body, text that
 * follows generated lines gets a #line naming its .blc line. */
typedef struct Sync {
    Buf *out;                   // the buffer being synchronised
    bool need;                  // generated lines broke the numbering
} Sync;


/* The state of one coroutine's lowering, passed to every function of it. */
typedef struct Lower {
    Ctx *ctx;
    Node *fn;                   // the ND_FUNC being lowered
    const char *name;           // the coroutine's name
    bool is_void;               // no result: the handle is a bl_coro *
    const char *tag;            // else the handle's struct tag
    const Buf *output;          // the output so far (put_handle)
    Var **vars;                 // every binding, in declaration order
    int nvars, capvars;
    Var **scope;                // bindings in scope, innermost last
    int nscope, capscope;
    Ref *refs;                  // resolved identifier references
    int nrefs, caprefs;
    Occ *occs;                  // typedef names, tags and enumerators
    int noccs, capoccs;
    bool quiet;                 // the caller's ctx->quiet (see speak_for)
    const Units *hoist;         // units that move to file scope, renamed
    Units *named;               // out: units that file-scope text names
    Node *unit;                 // the unit being resolved, or NULL
    Node *anon_unit;            // the declaration around it, for the
                                // enumerators of an anonymous enum
    Site *sites;
    int nsites, capsites;
    Site *tedits;               // type edits (lower_handle.c): sites that
    int ntedits, captedits;     // put_text applies too
    struct Loop {
        const char *next;       // label a `continue` goes to, or NULL
        bool used;              // a continue went there
        bool is_switch;         // a switch: `break` only
        int armed;              // narmed at its start
    } *loops;                   // the enclosing loops, innermost last
    int nloops, caploops;
    Buf members;                // frame members: parameters and locals
    Node *group_specs;          // the specifiers of the last member...
    size_t group_end;           // ...which ends at members.len == this
    Buf temps;                  // frame members: temporaries
    Buf hoisted;                // block-scope typedefs and tags
    Buf local_labels;           // the body's leading __label__ lines
    unsigned *lines;            // lines[s]: source line of resume point s
    int nresume, caplines;
    int ntemps, nnext;          // counters for t__N and next_N
    int keep_locals;            // > 0 inside a statement expression
    int no_hoist;               // > 0 where compound literals stay put
    bool yields;                // the coroutine has a yield
    bool uses_self;             // the body mentions the frame
    Var **armed;                // cleanup locals in scope, innermost last
    int narmed, caparmed;       // (lower_cleanup.c)
    struct Exit {
        Node *node;             // a label or a goto
        Var **armed;            // the locals armed there
        int n;
    } *exits;
    int nexits, capexits;
    Buf unwind;                 // the unwind function's cases
    const char *final_cleanups; // falling off the body's end runs these
    int in_yielding_stmt_expr;  // > 0 in one (lower_frame.c)
    /* A statement a macro invocation writes, `CHECK((yield f()) == 1);`:
     * the awaits of the yields in its arguments go in front of it (the
     * macro), from every statement of its expansion (lower_stmt.c). */
    Node *hoist_to;             // that statement, or NULL
    bool hoist_sub;             // it is the body of an if, else or loop
    Buf hoisted_awaits;         // what goes in front of it
    bool hoisting;              // the statement being lowered is inside it
    uint32_t *seen;             // raw indices of the yields lowered (in
    uint32_t nseen, capseen;    // one expression, or in hoist_to), hashed
    bool no_yield_after;        // the declaration being lowered is after
                                // its block's last yield (lower_block)
    Node *block;                // the block lower_block is lowering
    int jumps;                  // the body has a goto: 0 unknown, 1 no, 2 yes
    Node *tail_yields;          // a loop body whose end gets the awaits of
                                // its increment or do-while condition
    const char *outer_self;     // the pointer to an outer `self`, or NULL
    const char *outer_co;       // the same for `co` (resolve_unbound)
    struct Sync *sync;          // the final rendering, for #line upkeep
    uint32_t line_at, line_no;  // line_of's last answer: offset, line
} Lower;

#define GROW(p, n, cap)                                                   \
    do {                                                                  \
        if ((n) == (cap)) {                                               \
            (cap) = (cap) ? 2 * (cap) : 16;                               \
            (p) = arena_grow(L, (p), (n), (cap), sizeof *(p));            \
        }                                                                 \
    } while (0)

static inline const char *src(Lower *L) { return L->ctx->text; }

/* The declarations below are grouped by the file that defines them; each
 * function's comment is at its definition. */

/* -------------------------------------------------------- lower.c */

/* Arena storage for the lowering: GROW's arrays, formatted strings, a
 * Buf's contents as a string (the Buf emptied), sets of units. */
void *arena_grow(Lower *L, void *old, int n, int cap, size_t size);
const char *fmt(Lower *L, const char *f, ...)
    __attribute__((format(printf, 2, 3)));
const char *take(Lower *L, Buf *b);
bool in_units(const Units *u, Node *n);
void add_unit(Arena *a, Units *u, Node *n);
/* Block-scope coroutine prototypes, in a coroutine (lower_decl) or in a
 * function that is none (emit_tu). */
const char *local_coroutine_decl(Lower *L, Node *d, Buf *handles);
int lower_plain_function(Ctx *ctx, Node *item, Buf *out);

/* --------------------------------------------------------- emit.c */

/* The source as text: lines, indentation, words, literals. */
uint32_t line_start(Lower *L, uint32_t at);
const char *indent_of(Lower *L, uint32_t at);
const char *column_of(Lower *L, uint32_t at);
bool starts_line(Lower *L, uint32_t at);
bool is_word_char(char c);
uint32_t skip_literal(Lower *L, uint32_t i, uint32_t e);
/* Patches (sites) and their rendering. */
void replace(Lower *L, uint32_t b, uint32_t e, const char *text);
void wrap(Lower *L, Span s, const char *before, const char *after);
void render(Lower *L, Buf *out, uint32_t b, uint32_t e, const Site *self);
const char *text_of(Lower *L, Node *n);
/* #line: to the .blc, and to the output's own lines. */
void mark(Lower *L, Buf *pre, uint32_t line);
const char *mark_text(Lower *L, uint32_t at);
void put_c_string(Buf *out, const char *s);
bool no_line(Lower *L);
void mark_output(Lower *L, Buf *out);
void resync(Lower *L, Buf *out, uint32_t end);

/* -------------------------------------------------- lower_frame.c */

/* Bindings: declared names, the scope, references. */
Occ *occ_at(Lower *L, uint32_t at);
void keep_used(Lower *L, Var *v);
Var *declare(Lower *L, const char *name, Node *specs, Node *declarator,
             BindKind kind);
Var *lookup_in(Lower *L, const char *s, size_t n, bool tag);
Var *lookup(Lower *L, const char *name);
Var *ref_at(Lower *L, uint32_t at);
void resolve(Lower *L, Node *n);
/* Frame members, temporaries and block-scope types. */
const char *new_temp(Lower *L, const char *type);
void lower_type_decl(Lower *L, Node *d, bool keep);
void hoist_anonymous_enums(Lower *L, Node *d);
void resolve_specs(Lower *L, Node *d, bool keep);
void put_member(Lower *L, Buf *out, Var *v, Node *init);
void forget_seen_yields(Lower *L);
void lower_hoisted(Lower *L, Node *e, Buf *pre, const char *ind);
bool split_made_declaration(Lower *L, Var *v, Node *decl);
const char *assign_text(Lower *L, Var *v, Node *init);
void check_escapes(Lower *L, Node *body);

/* --------------------------------------------------- lower_type.c */

/* Types written as text for file scope. */
void put_text(Lower *L, Buf *out, uint32_t b, uint32_t e,
              const char *const *drop);
const char *tag_keyword(Node *t);
void put_specs(Lower *L, Buf *out, Node *specs, bool strip_const,
               bool tag_only);
uint32_t array_suffix_end(Lower *L, Node *d);
void put_declarator(Lower *L, Buf *out, Var *v, const char *name,
                    bool strip_const);
bool next_spec_word(Lower *L, Node *specs, uint32_t *at, int *depth,
                    Span *w);
void put_type_expr(Lower *L, Buf *out, Node *e);
Node *stmt_expr_value(Node *n);
void put_stmt_expr_type(Lower *L, Buf *out, Node *n);
void put_zero_init(Lower *L, Buf *out, Node *init);
void put_count(Lower *L, Buf *out, Node *init);
void put_member_specs(Lower *L, Buf *out, Var *v, Node *init,
                      bool strip_const);
bool put_unsized_type(Lower *L, Buf *out, Var *v, Node *init,
                      bool strip_const, const char *name);
bool put_array_param_type(Lower *L, Buf *out, Var *v);
void put_attributes(Lower *L, Buf *out, Node *specs);
bool is_attribute_word(const char *s, size_t n);
void strip_attributes(Buf *b);
const char *cleanup_of(Lower *L, Node *specs, Node *id);
void strip_cleanup(Buf *b, size_t from);
/* What can be known of a type from its text. */
bool first_is(Node *d, NodeKind kind);
bool defines_type(Node *specs);
bool type_may_be_array(Lower *L, Var *v);
bool member_may_be_const(Lower *L, Var *v);
bool result_may_be_const(Lower *L);
bool sized_by_count(Lower *L, Var *v, Node *init);

/* ------------------------------------------------ lower_cleanup.c */

void arm_cleanup(Lower *L, Var *x);
const char *cleanup_calls(Lower *L, int from);
void end_block_cleanups(Lower *L, Node *block, int from);
bool exit_cleanups(Lower *L, Node *s, int from, const char *jump);
void note_jump(Lower *L, Node *n);
void patch_gotos(Lower *L);
void note_resume_point(Lower *L, int n);
bool has_unwind(Lower *L);
void put_unwind(Lower *L, Buf *out);

/* ------------------------------------------------- lower_handle.c */

const char *handle_tag(Lower *L, Node *specs, Node *d, const char *fallback,
                       const char **result);
void put_handle(Lower *L, Buf *out, const char *tag, const char *result);
bool is_coroutine_prototype(Node *d);
const Site *type_edit_at(Lower *L, uint32_t at, uint32_t e);
void put_edited(Lower *L, Buf *out, uint32_t b, uint32_t e);
void coroutine_types(Lower *L, Node *root, Node *skip, Buf *handles);
bool mentions_coroutine(Node *item);

/* --------------------------------------------------- lower_expr.c */

bool has_yield(Node *n);
const char *negate(Lower *L, Node *e);
Node *strip_parens(Node *e);
void lower_scope(Lower *L, Node *e, Buf *pre, const char *ind);
void lower_discarded(Lower *L, Node *e, Buf *pre, const char *ind);

/* --------------------------------------------------- lower_live.c */

bool lives_across_yield(Lower *L, Node *b, Node *d, Node *dd);

/* --------------------------------------------------- lower_stmt.c */

void remove_stmt(Lower *L, Node *s);
void lower_stmt(Lower *L, Node *s, bool sub);

#endif
