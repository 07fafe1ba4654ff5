/*
 * lower.c - the coroutine transform: a coroutine definition in, a frame
 * struct, an info block, a constructor and a resume function out.
 *
 * The key decision: we rewrite *text*, not trees.  A coroutine body is
 * emitted as its own source text with a list of patches applied (replace
 * this span, insert that string here), so everything the user wrote inside
 * a coroutine -- formatting, comments, macro calls, the macros' arguments --
 * survives, and the output reads beside the source line for line.  The
 * AST tells us *where* to patch; it is never printed.
 *
 * 1. The shape.  `coroutine T f(P) { body }` becomes, in place:
 *
 *     struct f__co { union { bl_aw aw; bl_coro co; }; T result; };   (T != void,
 *                                                  inside an include guard)
 *     struct f__frame { struct f__co h; P; locals; temporaries; };
 *     static void f__resume(bl_coro *co);
 *     static const unsigned f__lines[] = { def line, line of yield 1, ... };
 *     static const bl_coro_info f__info = { "f", "file.blc", f__resume,
 *         sizeof(struct f__frame), 1 + yields, f__lines };
 *     struct f__co *f(P) { allocate; copy P into the frame; return &self->h; }
 *     static void f__resume(bl_coro *co)
 *     {
 *         struct f__frame *self = (struct f__frame *)co;
 *         switch (co->state) { case 0: break; case 1: goto resume_1; ... }
 *         body, patched
 *         BL_END(co);
 *     }
 *
 * For a void coroutine the handle is `bl_coro *` and the frame starts with
 * `bl_coro h`.  The dispatch is a switch of gotos rather than Duff's device
 * so that a resume point may sit anywhere a label may: inside the user's
 * own switch, inside loops, after the user's labels.  A prototype
 * `coroutine T f(P);` becomes the handle struct (guarded by
 * `#ifndef BL__f__co`, so a header translated by blc and the unit that
 * defines f can both declare it; emitted once per output) and
 * `struct f__co *f(P);`.  `self` is declared only when the body uses the
 * frame, and the dispatch only when there is a resume point.
 *
 * 2. The frame.  Every parameter and every non-static local moves to the
 * frame, so its address stays valid across yields.  Members keep their
 * source names; a name is renamed (`x__2`) only when another frame member
 * already has it (shadowing, or a clash with the header `h`); a name
 * written with universal character names is spelled in UTF-8.  Each
 * reference is rewritten `x` -> `self->x` by patching the identifier's
 * span.  A declaration `T x = init;` becomes the statement `self->x = init;`
 * (one statement per declarator: each initialiser is a full expression);
 * one without an initialiser disappears.  Braced initialisers become
 * compound literals, `self->s = (__typeof__(self->s)){ ... };`, and for a
 * declarator that is an array, `__builtin_memcpy(self->a,
 * (__typeof__(self->a)){ ... }, sizeof self->a);`, the same with
 * `&self->v` and `&(...){ ... }` for a local whose type, a typedef name or
 * a __typeof__, may be an array (`V v = { 1, 2 }`, `V v = "ab"`; of the
 * coroutine's own typedefs blc knows which are).  A member's type is its
 * declaration's specifiers (less storage classes and top-level const) and
 * its declarator with the name renamed; array and function parameters
 * become the pointers C adjusts them to.  A member that stays const, of
 * a type const through a typedef or __typeof__ (`CI x = 1` with `typedef
 * const int CI`), is initialised by copy, never assigned:
 * `__builtin_memcpy((void *)&self->x, (__typeof__(self->x)[1]){ 1 },
 * sizeof self->x)` (a one-element array, since `{ v }` of a struct value v
 * would initialise v's first member), `&(__typeof__(self->x)){ ... }` for
 * braces, and the constructor copies such a parameter the same way.
 * So is a struct or union with a const member, which C does not let us
 * assign either.  Which types may be const (member_may_be_const): blc
 * looks into the coroutine's typedefs and the file's own, the struct and
 * union definitions of both, and a __typeof__ of a local
 * (`__typeof__(c)`, `__typeof__(*p)`); a __typeof__ of anything
 * else may be const; a typedef or struct of a header is taken for
 * non-const, so that `size_t n = 0;` stays `self->n = 0;` (a const one
 * there fails to compile, never miscompiles).  Declarators whose specifiers
 * define a type (`struct { int a; } x, *p;`, or a type macro's call,
 * `PAIR(int) x, *p;`) share one member declaration, so the type is
 * defined once.  A loop macro's body (`LIST_FOREACH(p, h, f) stmt`) is
 * lowered like a loop's; its arguments only have their names rewritten.
 * A member's type is declared at file scope,
 * where no local exists: a local or parameter
 * that it names (`__typeof__(x) y`, `char b[sizeof x]`) is written there
 * as the typed null lvalue of "Temporaries' types" below, `__auto_type y
 * = e` becomes `__typeof__(((void)0, e')) y`, e' written the same way
 * (the comma yields e's type as __auto_type takes it: arrays decayed,
 * qualifiers dropped), and `typeof` is written `__typeof__`, which
 * -std=c11 accepts.  `static` and `extern` locals stay in the body, their
 * references to locals patched; a static that file-scope text names (as a
 * typed null: `typedef __typeof__(arr) A;` hoisted) gains `(void)&arr;`
 * after its declaration (keep_used), since the __typeof__ that counted as
 * its use is gone from the function.  An unsized array takes its size from
 * `__typeof__((T[]){ init })`, with every value of init replaced by 0
 * (file scope wants constants), except an array of structs (or of a
 * typedef name) with an element that may be a struct value -- not braced,
 * nor a number, string or arithmetic -- which a 0 would turn into a
 * scalar and which is no constant: `struct pt a[] = { v, { 1, 2 } }` is
 * sized by counting its elements, `struct pt a[sizeof ((char []){ 0, 0
 * })]`, designators kept (`[4] = 0`).  A local of an unsized array type
 * that a typedef of the coroutine or of the file names (`typedef int U[];
 * U u = { 1, 2 };`) is sized the same way: `__typeof__((U){ 0, 0 }) u`,
 * or by counting, `__typeof__((*(U *)0)[0]) u[sizeof ((char []){ 0, 0
 * })]`, and its typed null (below) has that type too.
 *
 * Block-scope types.  A typedef, struct, union or enum declared in a
 * coroutine stays where it is, in the resume function, which gives it the
 * scope C gives it -- unless text at file scope names it: the type of a
 * frame member or of a temporary.  Then the unit that declares it moves to
 * file scope, before the frame -- a typedef or a tag-only declaration
 * whole, otherwise the tag's definition alone, `struct p { ... };`, whose
 * place keeps `struct f__p` -- renamed after the coroutine: tag p becomes
 * f__p, typedef T f__T, enumerator RED f__RED (f__p__2 for the p of a
 * second block), and every reference in the coroutine, case labels
 * included, is patched.  So a hoisted copy never meets a file-scope name,
 * another coroutine's, or the same name of another block.  What a hoisted
 * unit names moves with it (`typedef struct p P;` takes p along), and a
 * `struct p;` goes with p's definition.  The enumerators of an anonymous
 * enum defined with a frame variable are renamed in its member's
 * declaration, which holds the enum; one defined with a static or extern
 * variable, which stays in the body, moves to file scope with a tag,
 * `enum f__enum { f__A, f__B };`, and the variable's declaration names it,
 * `static enum f__enum e;` (an enum inside a struct there does not move).  Which names the frame needs is known
 * only once it is written, so a coroutine whose frame names some is
 * lowered again with those hoisted (lower_coroutine).
 *
 * A compound literal lives in its block, which is the resume function's
 * and ends at the next yield: one that can be kept -- an array, or one
 * whose address is taken -- is copied into a frame temporary and used
 * from there, `(__builtin_memcpy(self->t__1, (int[]){ 1, 2 }, sizeof
 * self->t__1), self->t__1)`.
 *
 * 3. Yields.  `yield E` becomes a resume point:
 *
 *         BL_AWAIT(co, N, E);
 *     resume_N: (comment naming the source line)
 *         ... BL_RESULT(co, E) ...
 *
 * BL_AWAIT goes before the statement that holds the yield, and the yield
 * itself is replaced by BL_RESULT(co, E), which reads the completed
 * awaitable with E's own type without evaluating E again.  That is also
 * why `MAX(yield f(), b)` runs f() once: the macro only ever sees the
 * BL_RESULT read.  A yield whose value is discarded (`yield f();`, or under
 * `&&`, `?:` or comma at a statement's top) is only its await, and its
 * label ends in `;`.
 *
 * Order.  C leaves unsequenced operands in any order; we fix one: within a
 * full expression, the yields are evaluated first, left to right and
 * innermost first, and the rest of the expression after the last one.
 * What C sequences stays sequenced: the right operand of && and ||, the
 * arms of ?:, and the right operand of a comma are evaluated only after
 * their left operand (or condition), and only when C would evaluate them.
 * A yield there is lowered to statements:
 *
 *     a && (yield f())  =>  self->t__1 = a != 0;
 *                           if (self->t__1) { BL_AWAIT(..f()..); resume_N:
 *                               self->t__1 = BL_RESULT(co, f()) != 0; }
 *     (||: the same with `if (!self->t__1)`; a comparison is assigned as
 *     it is; ?: assigns either arm to a temporary typed
 *     __typeof__(0 ? arm1 : arm2), or, as a statement or a discarded
 *     operand, becomes a plain if/else; `l, r` emits `l;` first.)
 *
 * The result of a yield is read with BL_RESULT, valid only until the next
 * BL_AWAIT.  So when another yield comes between a yield and the rest of
 * its expression (`(yield a()) + (yield b())`, `g(yield a(), yield b())`),
 * the earlier result is stored in a frame temporary right after its resume
 * label, `self->t__1 = BL_RESULT(co, a());`, and the expression reads the
 * temporary.  The last yield of an expression is read in place.
 *
 * Temporaries' types.  blc knows no C types, so a temporary is declared
 * `__typeof__(((__typeof__(E'))0)->result) t__1;` (the awaitable's
 * `result` member, the contract of bluelet.h).  E' is E with every
 * reference to a block-scope name replaced by a null-based lvalue of the
 * name's declared type, `(*(T (*))0)`, built from its declaration's
 * specifiers and declarator with the name replaced by `(*)`: a frame
 * member's declaration cannot mention `self` or the frame itself, and
 * __typeof__ never evaluates its operand.
 *
 * Statements.  A statement with a yield in an expression that is evaluated
 * once per execution (an expression statement, a declaration, return,
 * if, switch, a for's init) gets its awaits in front; when it is itself
 * the body of an if/else/loop, braces are added.  Conditions evaluated
 * repeatedly keep C's order by restructuring the loop:
 *
 *     while (c) body          =>  for (;;) { awaits; if (!(c')) break; body }
 *     for (i; c; n) body      =>  i; for (;; ) { awaits of c; if (!(c')) break;
 *                                      body  next_N: awaits of n; n'; }
 *     do body while (c);      =>  do { body  next_N: awaits; } while (c');
 *
 * where a `continue` of that loop becomes `goto next_N;` when the awaits
 * sit after the body.  `return v;` becomes `self->h.result = v;
 * BL_END(co);` and falling off the end is BL_END(co).  A statement that
 * gains a block keeps its own text; an `else if` moved into one is
 * re-indented with it.  A loop macro, `NAME(args) { body }`, keeps its
 * text too: its body is lowered as a loop's, where a `continue` is the
 * macro's own, and a resume point inside it is jumped to like one inside
 * any loop.
 *
 * Patches are sites: a span replaced by a string, or kept and wrapped in
 * text before and after; render() applies the sites inside a span, the
 * outermost first, and a site's replacement may itself be a rendering of
 * a smaller span (E inside BL_AWAIT).  Where two sites cover one span, the
 * earlier encloses the later.
 *
 * Lines.  Every user statement keeps its .blc line: the body opens with a
 * #line, and after generated lines the next source text gets one (a
 * generated line followed by source text on the same line ends with one
 * too), so that a C compiler's errors and gdb name the .blc.  The
 * scaffolding before the resume function is marked with the output's own
 * name and line, and the lowering ends with a #line back to the .blc.
 * --no-line drops them all.
 *
 * 4. Refusals, each a diagnostic at the offending token in the compilers'
 * form, never a miscompilation: an outer name `self` or `co` used in a
 * coroutine (the resume function's own names), labels named like ours; `yield` outside a coroutine; a variadic
 * coroutine; a variable-length array whose scope holds a yield; alloca
 * where a yield may run after it (its memory dies when the resume function
 * returns); `&&label` where a yield may run after it (the address belongs
 * to one run of the resume function); analyze.c's essay says how "may run
 * after" is decided; a yield in an operand that is never evaluated
 * (sizeof, _Alignof, __typeof__) or inside a GNU statement expression; a
 * yield in a loop macro's arguments (its loop
 * may evaluate them again), or in its body when its expansion declares a
 * variable (`for (int k = 0; ...)`: a variable of the resume function,
 * lost at the yield); a coroutine without a body blc can translate
 * (K&R parameters, a nested function).  And a macro used in a coroutine
 * whose body (not its arguments) names a local or parameter that moved to
 * the frame, in scope at the use: the body is not ours to patch, and after
 * translation it would name nothing, or the file-scope variable of that
 * name (`#define TWICE_N (n * 2)` used where a local n is in scope).  The
 * error is at the use, with a note at the definition and the fix, to pass
 * the name as an argument.  macros.c's essay says which definition is in
 * effect at a use (the file's own #define lines, in order, else the
 * preprocessor's -dU list) and which names of a body are references (not
 * its parameters, member names, tags, or what the body declares itself,
 * like SWAP's `int tmp`); the macros a body uses are looked through too.
 * A macro argument is patched like any expression, unless the macro uses
 * that parameter only as a name: stringified (`#x`), pasted (`a##b`), a
 * member (`p->x`, offsetof's member, also when handed on to another
 * macro): STR(n) and offsetof(struct pt, y) stay as written.  And a
 * macro that pastes a frame member's name from its arguments, CAT(n, 2)
 * where a local n2 is in scope, is refused at the use.  The same goes for
 * a typedef, tag or enumerator of the coroutine that a macro body names
 * (`#define MKT(v) ((T)(v))`, `sizeof(struct p)`, macros.c offering the
 * tag as `struct p`) when it moves to file scope renamed: known only in
 * the second lowering, whose diagnostics are otherwise quiet, so these
 * speak up there (speak_for).  One that stays in place is fine.
 *
 * 5. Limits, known and left: a name that a macro body makes by pasting
 * its own tokens, or arguments of more than one token in the middle of a
 * paste, is not seen by those checks, nor a macro that stands for a type
 * or a member name; a macro that uses an argument both as a value and
 * stringified (assert's `expr`) gets the patched text, so its string
 * reads `self->n > 0` where the source says `n > 0`.  An unsized array
 * sized by counting takes each element of its initialiser for a whole
 * one, so brace elision across its elements (`struct pt a[] = { x, y }`
 * with int x and y, which -Wmissing-braces warns of) gives it another
 * size.  A local whose type is a header's typedef of a const type (or a
 * header's struct with a const member), or of an unsized array, does not
 * compile (see "The frame"), nor a frame
 * member's type naming an
 * enumerator of an anonymous enum nested in the struct of a static or
 * extern variable.  The
 * alloca and &&label refusals decide on the text (a loop, or a goto back,
 * counts whether or not it runs again) and do not follow longjmp.  An
 * `else if` whose condition yields moves the rest of its ladder into a
 * block, so each such condition nests the output one level deeper (clang
 * refuses more than 256 by default); yields in the arms of a ladder cost
 * nothing.
 *
 * Flat chains (ast.c: `a + b + ...`, `a || b || ...`, comma lists, else-if
 * ladders, stacked labels) may be of any length, so no walk here recurses
 * along one: visit_flat, or a loop over the chain (collect, lower_logic,
 * lower_comma_discarded, lower_if, lower_labels).
 */
#include "blc.h"

#include <stdlib.h>
#include <string.h>

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
    Node *unit;                 // a typedef, tag or enumerator: what moves
                                // to file scope with it ("Block-scope
                                // types" in the essay), or NULL
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

typedef struct Lower {
    Ctx *ctx;
    Node *fn;                   // the ND_FUNC being lowered
    const char *name;           // the coroutine's name
    bool is_void;               // no result: the handle is a bl_coro *
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
    struct Loop {
        const char *next;       // label a `continue` goes to, or NULL
        bool used;              // a continue went there
    } *loops;                   // the enclosing loops, innermost last
    int nloops, caploops;
    Buf members;                // frame members: parameters and locals
    Node *group_specs;          // the specifiers of the last member...
    size_t group_end;           // ...which ends at members.len == this
    Buf temps;                  // frame members: temporaries
    Buf hoisted;                // block-scope typedefs and tags
    unsigned *lines;            // lines[s]: source line of resume point s
    int nresume, caplines;
    int ntemps, nnext;          // counters for t__N and next_N
    int keep_locals;            // > 0 inside a statement expression
    int names_only;             // > 0 in a macro argument used as a name
    int no_hoist;               // > 0 where compound literals stay put
    bool yields;                // the coroutine has a yield
    bool uses_self;             // the body mentions the frame
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

static void *arena_grow(Lower *L, void *old, int n, int cap, size_t size)
{
    void *p = arena_alloc(L->ctx->arena, (size_t)cap * size);
    if (n)
        memcpy(p, old, (size_t)n * size);
    return p;
}

/* A string that lives as long as the Ctx, from a printf format. */
static const char *fmt(Lower *L, const char *f, ...)
    __attribute__((format(printf, 2, 3)));
static const char *fmt(Lower *L, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(NULL, 0, f, ap);
    va_end(ap);
    char *s = arena_alloc(L->ctx->arena, (size_t)n + 1);
    va_start(ap, f);
    vsnprintf(s, (size_t)n + 1, f, ap);
    va_end(ap);
    return s;
}

/* The contents of a Buf as an arena string; the Buf is emptied. */
static const char *take(Lower *L, Buf *b)
{
    const char *s = arena_strndup(L->ctx->arena, b->data ? b->data : "", b->len);
    buf_free(b);
    return s;
}

/* ------------------------------------------------------------------ */
/* Source text                                                        */
/* ------------------------------------------------------------------ */

static const char *src(Lower *L) { return L->ctx->text; }

/* The line of byte offset `at`, from 1: counted from the last answer, or
 * from the coroutine's start, whichever is closest before `at`. */
static uint32_t line_of(Lower *L, uint32_t at)
{
    uint32_t from = 0, line = 1;
    if (L->fn && at >= L->fn->span.begin) {
        from = L->fn->span.begin;
        line = L->fn->span.line;
    }
    if (L->line_at >= from && at >= L->line_at && L->line_no) {
        from = L->line_at;
        line = L->line_no;
    }
    for (uint32_t i = from; i < at && i < L->ctx->len; i++)
        line += src(L)[i] == '\n';
    L->line_at = at;
    L->line_no = line;
    return line;
}

/* The offset where the line holding `at` starts. */
static uint32_t line_start(Lower *L, uint32_t at)
{
    while (at > 0 && src(L)[at - 1] != '\n')
        at--;
    return at;
}

/* The leading white space of the line holding `at`. */
static const char *indent_of(Lower *L, uint32_t at)
{
    uint32_t b = line_start(L, at), e = b;
    while (src(L)[e] == ' ' || src(L)[e] == '\t')
        e++;
    return arena_strndup(L->ctx->arena, src(L) + b, e - b);
}

/* Blanks as wide as the text before `at` on its line (tabs kept), to
 * line up generated lines under a statement that starts mid-line. */
static const char *column_of(Lower *L, uint32_t at)
{
    uint32_t b = line_start(L, at);
    char *s = arena_strndup(L->ctx->arena, src(L) + b, at - b);
    for (char *p = s; *p; p++)
        if (*p != '\t')
            *p = ' ';
    return s;
}

/* Whether only white space precedes `at` on its line. */
static bool starts_line(Lower *L, uint32_t at)
{
    for (uint32_t i = line_start(L, at); i < at; i++)
        if (src(L)[i] != ' ' && src(L)[i] != '\t')
            return false;
    return true;
}

/* A byte of an identifier, the bytes of UTF-8 letters included: a name
 * like `\u00e9auto` written in UTF-8 holds no word `auto`. */
static bool is_word_char(char c)
{
    return c == '_' || c == '$' || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (unsigned char)c >= 0x80;
}

static bool in_units(const Units *u, Node *n)
{
    for (int i = 0; u && i < u->n; i++)
        if (u->v[i] == n)
            return true;
    return false;
}

static void add_unit(Arena *a, Units *u, Node *n)
{
    if (!n || in_units(u, n))
        return;
    if (u->n == u->cap) {
        u->cap = u->cap ? 2 * u->cap : 8;
        Node **v = arena_alloc(a, (size_t)u->cap * sizeof *v);
        if (u->n)
            memcpy(v, u->v, (size_t)u->n * sizeof *v);
        u->v = v;
    }
    u->v[u->n++] = n;
}

static Occ *occ_at(Lower *L, uint32_t at)
{
    for (int i = L->noccs - 1; i >= 0; i--)
        if (L->occs[i].at == at)
            return &L->occs[i];
    return NULL;
}

static Var *ref_at(Lower *L, uint32_t at);
static void put_typed_null(Lower *L, Buf *out, Var *v);
static void keep_used(Lower *L, Var *v);
static bool put_unsized_type(Lower *L, Buf *out, Var *v, Node *init,
                             bool strip_const, const char *name);

/* One word of file-scope text: a typedef name, tag or enumerator of the
 * coroutine by its hoisted name (its unit noted as named there), a local
 * or parameter as a typed null lvalue (it can only stand in an operand
 * that is never evaluated: __typeof__, sizeof), typeof as __typeof__
 * (which -std=c11 accepts). */
static void put_word(Lower *L, Buf *out, uint32_t i, uint32_t j)
{
    Occ *o = occ_at(L, i);
    Var *v = o ? NULL : ref_at(L, i);
    if (o) {
        buf_puts(out, o->var->member);
        if (o->var->unit && L->named)
            add_unit(L->ctx->arena, L->named, o->var->unit);
    } else if (v && v->kind != B_KEEP && v->specs && v->declarator) {
        put_typed_null(L, out, v);
        keep_used(L, v);
    } else if (j - i == 6 && !memcmp(src(L) + i, "typeof", 6)) {
        buf_puts(out, "__typeof__");
    } else {
        buf_put(out, src(L) + i, j - i);
    }
}

/* The end of the string or character literal, or comment, at i. */
static uint32_t skip_literal(Lower *L, uint32_t i, uint32_t e)
{
    const char *s = src(L);
    if (s[i] == '/' && i + 1 < e && (s[i + 1] == '*' || s[i + 1] == '/')) {
        bool line = s[i + 1] == '/';
        for (i += 2; i < e; i++)
            if (line ? s[i] == '\n' : (s[i] == '*' && i + 1 < e && s[i + 1] == '/'))
                return line ? i : i + 2;
        return e;
    }
    char q = s[i];
    for (i++; i < e && s[i] != q; i++)
        i += s[i] == '\\';
    return i < e ? i + 1 : e;
}

/* Appends source bytes [b, e) to out as text for file scope (put_word),
 * dropping the whole words in `drop` (a NULL-terminated list) that appear
 * outside braces and parentheses: storage classes and qualifiers that a
 * frame member must not carry. */
static void put_text(Lower *L, Buf *out, uint32_t b, uint32_t e,
                     const char *const *drop)
{
    int depth = 0;
    uint32_t i = b;
    while (i < e) {
        char c = src(L)[i];
        if (c == '"' || c == '\'' ||
            (c == '/' && i + 1 < e && (src(L)[i + 1] == '*' || src(L)[i + 1] == '/'))) {
            uint32_t k = skip_literal(L, i, e);
            buf_put(out, src(L) + i, k - i);
            i = k;
            continue;
        }
        depth += (c == '{' || c == '(' || c == '[') - (c == '}' || c == ')' || c == ']');
        if (is_word_char(c) && (i == b || !is_word_char(src(L)[i - 1]))) {
            uint32_t j = i;
            while (j < e && is_word_char(src(L)[j]))
                j++;
            bool dropped = false;
            for (const char *const *d = drop; d && depth == 0 && *d; d++)
                if (strlen(*d) == j - i && !memcmp(src(L) + i, *d, j - i))
                    dropped = true;
            if (dropped) {
                while (j < e && (src(L)[j] == ' ' || src(L)[j] == '\t'))
                    j++;
            } else {
                put_word(L, out, i, j);
            }
            i = j;
            continue;
        }
        buf_put(out, &c, 1);
        i++;
    }
}

static const char *const storage_words[] = {
    "static", "extern", "register", "auto", "_Thread_local", "__thread",
    "inline", "__inline", "__inline__", "_Noreturn", "coroutine", "typedef",
    NULL
};
static const char *const storage_and_const[] = {
    "static", "extern", "register", "auto", "_Thread_local", "__thread",
    "inline", "__inline", "__inline__", "_Noreturn", "coroutine", "typedef",
    "const", "__const", "__const__", NULL
};

/* Trims trailing blanks of b. */
static void trim_right(Buf *b)
{
    while (b->len && (b->data[b->len - 1] == ' ' || b->data[b->len - 1] == '\t'))
        b->len--;
}

/* ------------------------------------------------------------------ */
/* Types as text                                                      */
/* ------------------------------------------------------------------ */

static const char *tag_keyword(Node *t)
{
    return t->kind == ND_STRUCT ? "struct" : t->kind == ND_UNION ? "union" : "enum";
}

/* The specifiers of a declaration as a type for a frame member or a cast:
 * storage classes dropped (and top-level const when strip_const), and, if
 * tag_only, a tagged struct/union/enum body reduced to its tag, since a
 * type can be defined only once. */
static void put_specs(Lower *L, Buf *out, Node *specs, bool strip_const,
                      bool tag_only)
{
    const char *const *drop = strip_const ? storage_and_const : storage_words;
    uint32_t pos = specs->span.begin;
    for (Node *t = specs->list; t; t = t->next) {
        bool tagged = (t->kind == ND_STRUCT || t->kind == ND_UNION ||
                       t->kind == ND_ENUM) && (t->flags & FL_HAS_BODY) && t->name;
        if (!tag_only || !tagged || t->span.begin < pos)
            continue;
        put_text(L, out, pos, t->span.begin, drop);
        buf_printf(out, "%s ", tag_keyword(t));
        put_word(L, out, t->name_span.begin, t->name_span.end);
        pos = t->span.end;
    }
    put_text(L, out, pos, specs->span.end, drop);
    trim_right(out);
}

/* The end of the array suffix `[...]` right after the name, or 0. */
static uint32_t array_suffix_end(Lower *L, Node *d)
{
    uint32_t i = d->name_span.end;
    while (src(L)[i] == ' ' || src(L)[i] == '\t')
        i++;
    if (src(L)[i] != '[')
        return 0;
    for (int depth = 0; i < L->ctx->len; i++) {
        depth += (src(L)[i] == '[') - (src(L)[i] == ']');
        if (depth == 0)
            return i + 1;
    }
    return 0;
}

/* The declarator of v with its name replaced by `name` (or by an abstract
 * "(*)" and so on), parameters adjusted as C adjusts them: an array
 * becomes a pointer to its element, a function a pointer to it. */
static void put_declarator(Lower *L, Buf *out, Var *v, const char *name,
                           bool strip_const)
{
    Node *d = v->declarator;
    Node *first = d->derived;
    uint32_t skip_end = d->name_span.end;
    bool wrap = false;
    if (v->param && first && first->kind == ND_D_ARRAY) {
        skip_end = array_suffix_end(L, d);
        wrap = skip_end != 0;
        if (!wrap)
            skip_end = d->name_span.end;
    } else if (v->param && first && first->kind == ND_D_FUNC) {
        wrap = true;
    }
    uint32_t b = d->span.begin, e = d->span.end;
    uint32_t nb = d->name_span.begin;
    /* `*const p`: the const of the member itself goes, when asked. */
    if (strip_const && first && first->kind == ND_D_POINTER &&
        (first->flags & FL_CONST)) {
        static const char *const only_const[] = {
            "const", "__const", "__const__", NULL
        };
        uint32_t star = nb;
        while (star > b && src(L)[star - 1] != '*')
            star--;
        put_text(L, out, b, star, NULL);
        put_text(L, out, star, nb, only_const);
    } else {
        put_text(L, out, b, nb, NULL);
    }
    /* Parenthesised only when another suffix follows: `int (*m)[3]`. */
    buf_printf(out, !wrap ? "%s" : e > skip_end ? "(*%s)" : "*%s", name);
    put_text(L, out, skip_end, e, NULL);
}

/* `(*(T (*))0)`: an lvalue of v's type that mentions no variable, for the
 * __typeof__ of a temporary (see the essay above). */
static void put_member_specs(Lower *L, Buf *out, Var *v, Node *init,
                             bool strip_const);

static void put_typed_null(Lower *L, Buf *out, Var *v)
{
    buf_puts(out, "(*(");
    if (put_unsized_type(L, out, v, v->init, false, "(*)")) {
        buf_puts(out, ")0)");
        return;
    }
    put_member_specs(L, out, v, v->init, false);
    buf_puts(out, " ");
    put_declarator(L, out, v, "(*)", false);
    buf_puts(out, ")0)");
}

/* ------------------------------------------------------------------ */
/* Sites and the renderer                                             */
/* ------------------------------------------------------------------ */

static Site *add_site(Lower *L, uint32_t b, uint32_t e)
{
    GROW(L->sites, L->nsites, L->capsites);
    Site *s = &L->sites[L->nsites];
    *s = (Site){ .begin = b, .end = e, .seq = (uint32_t)L->nsites };
    L->nsites++;
    return s;
}

static void replace(Lower *L, uint32_t b, uint32_t e, const char *text)
{
    add_site(L, b, e)->repl = text;
}

static void wrap(Lower *L, Span s, const char *before, const char *after)
{
    Site *site = add_site(L, s.begin, s.end);
    site->before = before;
    site->after = after;
}

/* `static int a[4];` whose reference went to file scope as a typed null
 * (`typedef __typeof__(a) A;` hoisted) => `static int a[4]; (void)&a;`,
 * so that no compiler calls it unused; C counts the __typeof__ a use. */
static void keep_used(Lower *L, Var *v)
{
    if (v->kind != B_STATIC || !v->decl || v->kept_used ||
        !(v->decl->flags & FL_STATIC))
        return;
    v->kept_used = true;
    wrap(L, v->decl->span, NULL, fmt(L, " (void)&%s;", v->name));
}

static int site_order(const void *pa, const void *pb)
{
    const Site *a = *(Site *const *)pa, *b = *(Site *const *)pb;
    if (a->begin != b->begin)
        return a->begin < b->begin ? -1 : 1;
    bool az = a->begin == a->end, bz = b->begin == b->end;
    if (az != bz)
        return az ? -1 : 1;
    if (a->end != b->end)
        return a->end > b->end ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* A #line at the end of out is superseded by the one about to follow. */
static void drop_trailing_marker(Buf *out)
{
    if (!out->len || out->data[out->len - 1] != '\n')
        return;
    size_t b = out->len - 1;
    while (b > 0 && out->data[b - 1] != '\n')
        b--;
    if (!strncmp(out->data + b, "#line ", 6))
        out->len = b;
}

/* Line-synchronised copying: in the final rendering of a body, text that
 * follows generated lines gets a #line naming its .blc line. */
typedef struct Sync {
    Buf *out;                   // the buffer being synchronised
    bool need;                  // generated lines broke the numbering
} Sync;

static void copy_src(Lower *L, Buf *out, uint32_t b, uint32_t e)
{
    Sync *sy = L->sync;
    while (sy && sy->out == out && sy->need && b < e) {
        if (out->len == 0 || out->data[out->len - 1] == '\n') {
            drop_trailing_marker(out);
            emit_line_marker(L->ctx, out, line_of(L, b));
            sy->need = false;
            break;
        }
        const char *nl = memchr(src(L) + b, '\n', e - b);
        if (!nl)
            break;
        uint32_t k = (uint32_t)(nl - src(L)) + 1;
        buf_put(out, src(L) + b, k - b);
        b = k;
    }
    buf_put(out, src(L) + b, e - b);
}

static int count_nl(const char *s, size_t n)
{
    int k = 0;
    for (size_t i = 0; i < n; i++)
        k += s[i] == '\n';
    return k;
}

static void put_generated(Lower *L, Buf *out, const char *text)
{
    if (!text || !*text)
        return;
    buf_puts(out, text);
    if (L->sync && L->sync->out == out && strchr(text, '\n'))
        L->sync->need = true;
}

static void render(Lower *L, Buf *out, uint32_t b, uint32_t e, const Site *self);

static void expand(Lower *L, Buf *out, const Site *s)
{
    if (s->repl) {
        put_generated(L, out, s->repl);
        if (L->sync && L->sync->out == out &&
            count_nl(s->repl, strlen(s->repl)) !=
                count_nl(src(L) + s->begin, s->end - s->begin))
            L->sync->need = true;
        return;
    }
    put_generated(L, out, s->before);
    if (!s->reindent) {
        render(L, out, s->begin, s->end, s);
    } else {        // rendered aside, then every indented line moves right
        Buf inner = {0};
        Buf *synced = L->sync ? L->sync->out : NULL;
        if (synced == out)
            L->sync->out = &inner;
        render(L, &inner, s->begin, s->end, s);
        if (synced == out)
            L->sync->out = out;
        for (size_t i = 0; i < inner.len; i++) {
            buf_put(out, inner.data + i, 1);
            char next = i + 1 < inner.len ? inner.data[i + 1] : 0;
            if (inner.data[i] == '\n' && (next == ' ' || next == '\t'))
                buf_puts(out, "    ");
        }
        buf_free(&inner);
    }
    put_generated(L, out, s->after);
}

/* Whether site s applies inside a rendering of [b, e) for `self`. */
static bool site_inside(const Site *s, uint32_t b, uint32_t e, const Site *self)
{
    if (s == self || s->begin < b || s->end > e || s->begin == e)
        return false;
    return !(self && s->begin == self->begin && s->end == self->end &&
             s->seq < self->seq);
}

/* The site that replaces all of [b, e) before any other applies, or NULL:
 * then nothing inside needs sorting (the operand of a lowered chain link,
 * already replaced by its temporary, is rendered once per link). */
static const Site *whole_replacement(Lower *L, uint32_t b, uint32_t e,
                                     const Site *self)
{
    const Site *first = NULL;
    for (int i = 0; i < L->nsites; i++) {
        const Site *s = &L->sites[i];
        if (!site_inside(s, b, e, self) || s->begin != b)
            continue;
        if (s->end == b)
            return NULL;                // an insertion comes first
        if (s->end == e && (!first || s->seq < first->seq))
            first = s;
    }
    return first && first->repl ? first : NULL;
}

/* Appends source [b, e) with every site inside it applied.  A site whose
 * span is the same as `self`'s and that was made before it encloses it. */
static void render(Lower *L, Buf *out, uint32_t b, uint32_t e, const Site *self)
{
    const Site *whole = b < e ? whole_replacement(L, b, e, self) : NULL;
    if (whole) {
        expand(L, out, whole);
        return;
    }
    const Site **v = malloc(sizeof *v * (size_t)(L->nsites + 1));
    int n = 0;
    for (int i = 0; i < L->nsites; i++)
        if (site_inside(&L->sites[i], b, e, self))
            v[n++] = &L->sites[i];
    qsort(v, (size_t)n, sizeof *v, site_order);
    uint32_t pos = b;
    for (int i = 0; i < n; i++) {
        if (v[i]->begin < pos)
            continue;           // inside a site already applied
        copy_src(L, out, pos, v[i]->begin);
        expand(L, out, v[i]);
        pos = v[i]->end;
    }
    copy_src(L, out, pos, e);
    free(v);
}

/* The rendering of a node as an arena string. */
static const char *text_of(Lower *L, Node *n)
{
    Buf b = {0};
    render(L, &b, n->span.begin, n->span.end, NULL);
    return take(L, &b);
}

/* ------------------------------------------------------------------ */
/* Names: scopes, frame members, references                           */
/* ------------------------------------------------------------------ */

static bool member_taken(Lower *L, const char *m)
{
    if (!strcmp(m, "h"))
        return true;
    for (int i = 0; i < L->nvars; i++)
        if (L->vars[i]->kind == B_FRAME && !strcmp(L->vars[i]->member, m))
            return true;
    return false;
}

/* `base`, or `base__2`, `base__3`... whichever no frame member has yet. */
static const char *fresh_member(Lower *L, const char *base)
{
    if (!member_taken(L, base))
        return base;
    for (int k = 2;; k++) {
        const char *m = fmt(L, "%s__%d", base, k);
        if (!member_taken(L, m))
            return m;
    }
}

static Var *declare(Lower *L, const char *name, Node *specs, Node *declarator,
                    BindKind kind)
{
    Var *v = arena_alloc(L->ctx->arena, sizeof *v);
    *v = (Var){ .name = name, .kind = kind, .specs = specs,
                .declarator = declarator };
    v->member = kind == B_FRAME ? fresh_member(L, name) : name;
    GROW(L->vars, L->nvars, L->capvars);
    L->vars[L->nvars++] = v;
    GROW(L->scope, L->nscope, L->capscope);
    L->scope[L->nscope++] = v;
    return v;
}

/* The innermost binding of name [s, s + n) in the ordinary namespace
 * (tag: in the tags'). */
static Var *lookup_in(Lower *L, const char *s, size_t n, bool tag)
{
    for (int i = L->nscope - 1; i >= 0; i--) {
        Var *v = L->scope[i];
        if (v->tag == tag && strlen(v->name) == n && !memcmp(v->name, s, n))
            return v;
    }
    return NULL;
}

static Var *lookup(Lower *L, const char *name)
{
    return lookup_in(L, name, strlen(name), false);
}

/* The file-scope name of a hoisted typedef, tag or enumerator x of
 * coroutine f: f__x, or f__x__2... when f__x is taken (by another
 * hoisted name, or by the frame's own names). */
static const char *hoisted_name(Lower *L, const char *name)
{
    static const char *const ours[] = { "frame", "co", "resume", "info",
                                        "lines", NULL };
    bool frames = false;
    for (const char *const *o = ours; *o; o++)
        frames |= !strcmp(name, *o);
    const char *base = fmt(L, "%s__%s", L->name, name), *m = base;
    for (int k = 2;; k++) {
        bool taken = frames && m == base;
        for (int i = 0; i < L->nvars; i++)
            taken |= L->vars[i]->unit && !strcmp(L->vars[i]->member, m);
        if (!taken)
            return m;
        m = fmt(L, "%s__%d", base, k);
    }
}

/* Where kept name v is written; in a unit that is hoisted, the name is
 * patched to its file-scope one.  `unit`: the unit the occurrence
 * declares v in, or NULL for a use. */
static void note_occ(Lower *L, Span s, Var *v, Node *unit)
{
    if (!v->unit)
        return;
    GROW(L->occs, L->noccs, L->capoccs);
    L->occs[L->noccs++] = (Occ){ s.begin, s.end, v, unit };
    if (v->member != v->name)
        replace(L, s.begin, s.end, v->member);
}

/* A typedef name, enumerator or tag declared at span s, moving to file
 * scope with `unit` (NULL: it never moves). */
static Var *declare_kept(Lower *L, const char *name, Span s, Node *unit, bool tag)
{
    Var *v = declare(L, name, NULL, NULL, B_KEEP);
    v->tag = tag;
    v->unit = unit;
    if (unit && in_units(L->hoist, unit))
        v->member = hoisted_name(L, name);
    note_occ(L, s, v, unit);
    return v;
}

static Var *ref_at(Lower *L, uint32_t at)
{
    for (int i = L->nrefs - 1; i >= 0; i--)
        if (L->refs[i].at == at)
            return L->refs[i].var;
    return NULL;
}

static void lower_stmt(Lower *L, Node *s, bool sub);

static int resolve_cb(Node *n, void *arg);

/* Binds every identifier of expression n to its declaration and patches
 * the references to frame members. */
static void resolve(Lower *L, Node *n)
{
    if (n)
        resolve_cb(n, L);
}

static void hoist_literal(Lower *L, Node *outer, Node *lit, bool addr);
static Node *strip_parens(Node *e);
static bool first_is(Node *d, NodeKind kind);

/* A compound literal lives in the block around it, which in a coroutine
 * is the resume function's: gone at the next yield.  Those whose storage
 * can be kept -- an array, which decays to a pointer, or one whose
 * address is taken -- therefore move to the frame.  Not in operands that
 * are never evaluated (sizeof would see a pointer), nor in a static's
 * initialiser, which has static storage already. */
static bool hoist_compound_literal(Lower *L, Node *n)
{
    if (!L->yields || L->no_hoist)
        return false;
    Node *lit = n->kind == ND_ADDR ? strip_parens(n->lhs) : n;
    if (lit->kind != ND_COMPOUND_LIT || !lit->init || !lit->type)
        return false;
    bool addr = n->kind == ND_ADDR;
    if (!addr && !first_is(lit->type->declarator, ND_D_ARRAY))
        return false;
    visit_children(lit, resolve_cb, L);
    hoist_literal(L, n, lit, addr);
    return true;
}

/* What a name of a macro's expansion resolves to in the scope of its use;
 * a tag comes as the text from its keyword on, `struct p`. */
static Var *macro_name_var(Lower *L, const char *name, size_t n)
{
    size_t k = 0;
    while (k < n && is_word_char(name[k]))
        k++;
    if (k == n)
        return lookup_in(L, name, n, false);
    size_t b = n;
    while (b > 0 && is_word_char(name[b - 1]))
        b--;
    return lookup_in(L, name + b, n - b, true);
}

/* Whether a name of a macro's expansion names what translation moves: a
 * local or parameter, to the frame, or a typedef, tag or enumerator of
 * the coroutine, to file scope renamed ("Block-scope types"). */
static bool names_moved(void *arg, const char *name, size_t n)
{
    Var *v = macro_name_var(arg, name, n);
    return v && (v->kind == B_FRAME ||
                 (v->kind == B_KEEP && v->unit && strcmp(v->member, v->name)));
}

/* How the diagnostics below say where v went. */
static const char *moved_where(Lower *L, Var *v)
{
    if (v->kind == B_FRAME)
        return fmt(L, "a %s of coroutine '%s' that lives in its frame after "
                   "translation", v->param ? "parameter" : "local", L->name);
    return fmt(L, "%s of coroutine '%s' that moves to file scope as '%s' "
               "after translation", v->tag ? "a tag" : v->specs ? "a typedef" :
               "an enumerator", L->name, v->member);
}

/* A name that moved to file scope is known so only in a second lowering,
 * whose diagnostics are otherwise quiet (lower_coroutine): its refusal is
 * said all the same.  Returns the quiet to restore. */
static bool speak_for(Lower *L, Var *v)
{
    bool quiet = L->ctx->quiet;
    if (v->kind != B_FRAME)
        L->ctx->quiet = L->quiet;
    return quiet;
}

/* A macro used in the coroutine whose body (not its arguments) names a
 * local that moves to the frame, or a type or enumerator that moves to
 * file scope renamed: the body is not patched, so it would name nothing,
 * or a file-scope name of that spelling, after translation.  Refused. */
static void check_macro_use(Lower *L, Node *id)
{
    MacroRef r;
    if (!macro_refers(L->ctx, id->name, id->span, names_moved, L, &r))
        return;
    const char *through = strcmp(r.via, id->name) ?
        fmt(L, " (in the body of macro '%s')", r.via) : "";
    Var *v = macro_name_var(L, r.name, strlen(r.name));
    bool quiet = speak_for(L, v);
    error_at(L->ctx, id->span, "macro '%s' names '%s'%s, %s", id->name,
             r.name, through, moved_where(L, v));
    if (r.in_main)
        note_at(L->ctx, r.def, "'%s' is defined here; pass '%s' to it as an "
                "argument instead", r.via, r.name);
    else
        note_at(L->ctx, id->span, "'%s' is defined outside this file as "
                "'%.*s'; pass '%s' to it as an argument instead", r.via,
                r.body_len > 60 ? 60 : r.body_len, r.body, r.name);
    L->ctx->quiet = quiet;
}

/* A macro call that pastes a moved name from its arguments, CAT(n, 2)
 * naming a local n2: the pasted name cannot be patched. */
static void check_macro_paste(Lower *L, Node *call)
{
    enum { MAX_ARGS = 32 };
    Span args[MAX_ARGS];
    int nargs = 0;
    for (Node *a = call->list; a && nargs < MAX_ARGS; a = a->next)
        args[nargs++] = a->span;
    MacroRef r;
    Node *f = call->lhs;
    if (!macro_pastes(L->ctx, f->name, f->span, args, nargs, names_moved, L, &r))
        return;
    Var *v = macro_name_var(L, r.name, strlen(r.name));
    bool quiet = speak_for(L, v);
    error_at(L->ctx, f->span, "macro '%s' pastes '%s', %s", f->name, r.name,
             moved_where(L, v));
    note_at(L->ctx, r.in_main ? r.def : f->span, "blc cannot rewrite a name "
            "made by ##; pass '%s' to the macro whole instead", r.name);
    L->ctx->quiet = quiet;
}

/* A call of a macro that uses some arguments only as names (macros.c):
 * those name no variable and stay as written.
 *     STR(n), offsetof(struct pt, y)  =>  the same, not STR(self->n) */
static bool resolve_macro_call(Lower *L, Node *call)
{
    Node *f = call->lhs;
    if (f->kind != ND_IDENT || lookup(L, f->name))
        return false;
    check_macro_paste(L, call);
    unsigned names = macro_name_args(L->ctx, f->name, f->span);
    if (!names)
        return false;
    resolve_cb(f, L);
    int i = 0;
    for (Node *a = call->list; a; a = a->next, i++) {
        bool name = i < 32 && (names >> i & 1);
        L->names_only += name;
        resolve_cb(a, L);
        L->names_only -= name;
    }
    return true;
}

/* struct p { ... } => (hoisted: `struct f__p { ... };` before the frame)
 * struct f__p.  A tag definition declares p and is a unit of its own,
 * unless it is part of one (a typedef, another tag's body); `struct p`
 * names the innermost p of the coroutine, if there is one. */
static void resolve_tag(Lower *L, Node *n)
{
    Var *v = n->name ? lookup_in(L, n->name, strlen(n->name), true) : NULL;
    if (!(n->flags & FL_HAS_BODY)) {
        if (v)
            note_occ(L, n->name_span, v, NULL);
        return;
    }
    Node *outer = L->unit;
    if (!outer && !L->keep_locals)
        L->unit = n->name ? n : L->anon_unit;
    if (v && v->fwd) {          // the definition of `struct p;`
        v->fwd = false;
        note_occ(L, n->name_span, v, L->unit);
    } else if (n->name) {
        v = declare_kept(L, n->name, n->name_span, L->unit, true);
    }
    if (v)
        v->def = n;
    visit_children(n, resolve_cb, L);
    bool own = n->name && L->unit == n;
    L->unit = outer;
    if (own && in_units(L->hoist, n)) {
        put_text(L, &L->hoisted, n->span.begin, n->span.end, NULL);
        buf_puts(&L->hoisted, ";\n");
        replace(L, n->span.begin, n->span.end,
                fmt(L, "%s %s", tag_keyword(n), v->member));
    }
}

/* The next word of specs from *at on, outside its struct, enum and
 * typeof parts and its string literals; *depth counts the parentheses
 * around it (an attribute's).  False at the end. */
static bool next_spec_word(Lower *L, Node *specs, uint32_t *at, int *depth,
                           Span *w)
{
    uint32_t i = *at, e = specs->span.end;
    while (i < e) {
        Node *t = specs->list;
        while (t && !(i >= t->span.begin && i < t->span.end))
            t = t->next;
        char c = src(L)[i];
        if (t) {
            i = t->span.end;
        } else if (c == '"' || c == '\'') {
            i = skip_literal(L, i, e);
        } else if (is_word_char(c) && !(i > 0 && is_word_char(src(L)[i - 1]))) {
            uint32_t j = i;
            while (j < e && is_word_char(src(L)[j]))
                j++;
            *w = (Span){ .begin = i, .end = j };
            *at = j;
            return true;
        } else {
            *depth += (c == '(') - (c == ')');
            i++;
        }
    }
    *at = e;
    return false;
}

/* The typedef names of the coroutine that specifiers use (and its
 * enumerators, in an attribute's arguments). */
static void note_typedef_names(Lower *L, Node *specs)
{
    uint32_t at = specs->span.begin;
    int depth = 0;
    Span w;
    while (next_spec_word(L, specs, &at, &depth, &w)) {
        Var *v = lookup_in(L, src(L) + w.begin, w.end - w.begin, false);
        if (v && v->kind == B_KEEP && v->unit)
            note_occ(L, w, v, NULL);
    }
}

static int resolve_cb(Node *n, void *arg)
{
    Lower *L = arg;
    switch (n->kind) {
    case ND_SIZEOF_EXPR: case ND_SIZEOF_TYPE: case ND_ALIGNOF_EXPR:
    case ND_ALIGNOF_TYPE: case ND_TYPEOF:
        L->no_hoist++;
        visit_flat(n, resolve_cb, L);
        L->no_hoist--;
        return 0;
    case ND_ADDR: case ND_COMPOUND_LIT:
        if (hoist_compound_literal(L, n))
            return 0;
        break;
    case ND_CALL:
        if (resolve_macro_call(L, n))
            return 0;
        break;
    case ND_STRUCT: case ND_UNION: case ND_ENUM:
        resolve_tag(L, n);
        return 0;
    case ND_ENUMERATOR:
        resolve(L, n->lhs);
        if (n->name)            // not an X-macro's fragment
            declare_kept(L, n->name, n->name_span,
                         L->unit ? L->unit : L->anon_unit, false);
        return 0;
    case ND_SPECS:
        note_typedef_names(L, n);
        break;
    default:
        break;
    }
    if (n->kind == ND_IDENT && L->names_only)
        return 0;
    if (n->kind == ND_IDENT) {
        Var *v = lookup(L, n->name);
        if (!v && (!strcmp(n->name, "self") || !strcmp(n->name, "co")))
            error_at(L->ctx, n->span, "'%s' names the frame inside a coroutine; "
                     "this outer '%s' cannot be reached here", n->name, n->name);
        if (!v) {
            check_macro_use(L, n);
            return 0;
        }
        note_occ(L, n->span, v, NULL);
        GROW(L->refs, L->nrefs, L->caprefs);
        L->refs[L->nrefs++] = (Ref){ n->span.begin, v };
        if (v->kind == B_FRAME)
            replace(L, n->span.begin, n->span.end, fmt(L, "self->%s", v->member));
        return 0;
    }
    if (n->kind == ND_STMT_EXPR) {
        int mark = L->nscope;
        L->keep_locals++;
        lower_stmt(L, n->body, false);
        L->keep_locals--;
        L->nscope = mark;
        return 0;
    }
    visit_flat(n, resolve_cb, L);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Expressions in __typeof__                                          */
/* ------------------------------------------------------------------ */

typedef struct TypeWalk {
    Lower *L;
    Buf *out;
    uint32_t pos;               // source copied up to here
} TypeWalk;

static void put_type_expr(Lower *L, Buf *out, Node *e);

static void put_zero_init(Lower *L, Buf *out, Node *init);

static int type_walk(Node *n, void *arg)
{
    TypeWalk *tw = arg;
    Lower *L = tw->L;
    if (n->kind == ND_COMPOUND_LIT && n->type && n->init) {
        /* file scope wants a constant initialiser; the type is the same */
        put_text(L, tw->out, tw->pos, n->span.begin, NULL);
        buf_puts(tw->out, "(");
        put_type_expr(L, tw->out, n->type);
        buf_puts(tw->out, ")");
        put_zero_init(L, tw->out, n->init);
        tw->pos = n->span.end;
        return 0;
    }
    Var *v = n->kind == ND_IDENT ? ref_at(L, n->span.begin) : NULL;
    if ((v && v->kind != B_KEEP) || n->kind == ND_YIELD) {
        put_text(L, tw->out, tw->pos, n->span.begin, NULL);
        if (v) {
            put_typed_null(L, tw->out, v);
        } else {
            buf_puts(tw->out, "((__typeof__(");
            put_type_expr(L, tw->out, n->lhs);
            buf_puts(tw->out, "))0)->result");
        }
        tw->pos = n->span.end;
        return 0;
    }
    visit_flat(n, type_walk, tw);
    return 0;
}

/* The text of e for use inside __typeof__ at file scope: block-scope names
 * become typed null lvalues, yields the type of their result. */
static void put_type_expr(Lower *L, Buf *out, Node *e)
{
    TypeWalk tw = { L, out, e->span.begin };
    type_walk(e, &tw);
    put_text(L, out, tw.pos, e->span.end, NULL);
}

/* A new frame temporary of the given type; its member name. */
static const char *new_temp(Lower *L, const char *type)
{
    const char *m = fresh_member(L, fmt(L, "t__%d", ++L->ntemps));
    buf_printf(&L->temps, "    %s %s;\n", type, m);
    Var *v = arena_alloc(L->ctx->arena, sizeof *v);
    *v = (Var){ .name = m, .member = m, .kind = B_FRAME };
    GROW(L->vars, L->nvars, L->capvars);
    L->vars[L->nvars++] = v;
    return m;
}

/* ------------------------------------------------------------------ */
/* Expressions with yields                                            */
/* ------------------------------------------------------------------ */

static int find_yield(Node *n, void *arg)
{
    (void)arg;
    if (n->kind == ND_YIELD)
        return 1;
    return visit_flat(n, find_yield, NULL);
}

static bool has_yield(Node *n)
{
    return n && find_yield(n, NULL);
}

/* Whether e's text needs no parentheses as an operand of a unary or
 * binary operator. */
static bool is_primary(Node *e)
{
    switch (e->kind) {
    case ND_IDENT: case ND_NUM: case ND_CHAR: case ND_STRING: case ND_PAREN:
    case ND_CALL: case ND_INDEX: case ND_MEMBER: case ND_YIELD:
    case ND_POST_INC: case ND_POST_DEC:
        return true;
    default:
        return false;
    }
}

/* `!x` or `!(x)`: the negation of condition e. */
static const char *negate(Lower *L, Node *e)
{
    const char *t = text_of(L, e);
    return is_primary(e) ? fmt(L, "!%s", t) : fmt(L, "!(%s)", t);
}

/* e as a truth value of type int: comparisons already are. */
static const char *truth(Lower *L, Node *e)
{
    const char *t = text_of(L, e);
    switch (e->kind) {
    case ND_LT: case ND_GT: case ND_LE: case ND_GE: case ND_EQ: case ND_NE:
    case ND_NOT: case ND_LOGAND: case ND_LOGOR:
        return t;
    default:
        break;
    }
    switch (e->kind) {  /* operators that bind looser than != */
    case ND_BITAND: case ND_BITXOR: case ND_BITOR: case ND_COND:
    case ND_ASSIGN: case ND_COMMA:
        return fmt(L, "(%s) != 0", t);
    default:
        return fmt(L, "%s != 0", t);
    }
}

/* The yields and sequencing operators of one full expression, in the
 * order they are evaluated (see "Order" in the essay). */
typedef struct Items {
    Node **v;
    int n, cap;
} Items;

static void push_item(Lower *L, Items *it, Node *n)
{
    GROW(it->v, it->n, it->cap);
    it->v[it->n++] = n;
}

typedef struct Collect {
    Lower *L;
    Items *it;
} Collect;

static int collect(Node *e, void *arg);

/* Whether e heads a chain of binary operators (ast.c). */
static bool left_chain(Node *e)
{
    Node *link = chain_link(e);
    return link && link == e->lhs;
}

/* Whether e is an item itself (pushed; its operands are left to its own
 * lowering) rather than an operator to look into. */
static bool collect_item(Collect *c, Node *e)
{
    switch (e->kind) {
    case ND_YIELD:
        break;
    case ND_LOGAND: case ND_LOGOR:
        if (!has_yield(e->rhs))
            return false;
        break;
    case ND_COND:
        if (!has_yield(e->then) && !has_yield(e->els))
            return false;
        break;
    case ND_COMMA:      /* the left operand, hoisted as a statement (a
                           yield there is only its await: a BL_RESULT left
                           of a comma would be a value without effect) */
        if (!has_yield(e->lhs) && !has_yield(e->rhs))
            return false;
        push_item(c->L, c->it, e);
        collect(e->rhs, c);
        return true;
    default:
        return false;
    }
    push_item(c->L, c->it, e);
    return true;
}

/* Down a chain of binary operators (ast.c) to its first link that is an
 * item, or to its bottom, then up again through the right operands: the
 * order of evaluation, without recursing along the chain. */
static int collect(Node *e, void *arg)
{
    Collect *c = arg;
    if (!left_chain(e)) {
        if (!collect_item(c, e))
            visit_flat(e, collect, c);
        return 0;
    }
    Spine sp = SPINE_INIT(sp);
    int k = chain_spine(e, &sp), i = 0;
    while (i < k && !collect_item(c, sp.v[i]))
        i++;
    if (i == k)
        visit_children(sp.v[--i], collect, c);
    while (i-- > 0)
        collect(sp.v[i]->rhs, c);
    spine_free(&sp);
    return 0;
}

static bool awaits(Node *item)
{
    return item->kind != ND_COMMA || has_yield(item->lhs);
}

static void lower_scope(Lower *L, Node *e, Buf *pre, const char *ind);
static void lower_discarded(Lower *L, Node *e, Buf *pre, const char *ind);
static void lower_comma_discarded(Lower *L, Node *x, Buf *pre, const char *ind);

/* The line marker that puts the next generated line at the .blc's `line`. */
static void mark(Lower *L, Buf *pre, uint32_t line)
{
    drop_trailing_marker(pre);
    emit_line_marker(L->ctx, pre, line);
}

/* The #line line (with its newline) that names the .blc line of `at`, for
 * generated text after which source text continues; "" with --no-line. */
static const char *mark_text(Lower *L, uint32_t at)
{
    Buf b = {0};
    emit_line_marker(L->ctx, &b, line_of(L, at));
    return take(L, &b);
}

/* BL_AWAIT(co, N, E); resume_N: -- the resume point of yield y. */
static const char *put_await(Lower *L, Node *y, Buf *pre, const char *ind,
                             bool last_in_block)
{
    const char *e = text_of(L, y->lhs);
    int n = ++L->nresume;
    GROW(L->lines, n, L->caplines);
    L->lines[n] = y->span.line;
    buf_printf(pre, "%sBL_AWAIT(co, %d, %s);\n", ind, n, e);
    mark(L, pre, y->span.line);     // the label too: gdb stops at its line
    buf_printf(pre, "resume_%d:%s /* line %u */\n", n, last_in_block ? ";" : "",
               y->span.line);
    if (!last_in_block)
        mark(L, pre, y->span.line);
    return e;
}

/* yield E => BL_AWAIT(co, N, E); resume_N: ... BL_RESULT(co, E), the
 * result kept in a temporary when another await follows (`later`). */
static void lower_yield(Lower *L, Node *y, Buf *pre, const char *ind, bool later)
{
    lower_scope(L, y->lhs, pre, ind);
    const char *e = put_await(L, y, pre, ind, false);
    const char *result = fmt(L, "BL_RESULT(co, %s)", e);
    if (later) {
        Buf type = {0};
        buf_puts(&type, "__typeof__(((__typeof__(");
        put_type_expr(L, &type, y->lhs);
        buf_puts(&type, "))0)->result)");
        const char *t = new_temp(L, take(L, &type));
        buf_printf(pre, "%sself->%s = %s;\n", ind, t, result);
        result = fmt(L, "self->%s", t);
    }
    replace(L, y->span.begin, y->span.end, result);
}

/* a && b => t = a != 0; if (t) { b's awaits; t = b != 0; }, and || with
 * `if (!t)`; the operator's value is t.  a is lowered already. */
static void lower_logic_link(Lower *L, Node *e, Buf *pre, const char *ind)
{
    const char *in = fmt(L, "%s    ", ind);
    const char *t = new_temp(L, "int");
    buf_printf(pre, "%sself->%s = %s;\n", ind, t, truth(L, e->lhs));
    buf_printf(pre, "%sif (%sself->%s) {\n", ind, e->kind == ND_LOGOR ? "!" : "", t);
    lower_scope(L, e->rhs, pre, in);
    buf_printf(pre, "%sself->%s = %s;\n", in, t, truth(L, e->rhs));
    buf_printf(pre, "%s}\n", ind);
    replace(L, e->span.begin, e->span.end, fmt(L, "self->%s", t));
}

static bool is_logic_item(Node *e)
{
    return (e->kind == ND_LOGAND || e->kind == ND_LOGOR) && has_yield(e->rhs);
}

/* The same along a chain `(yield a) || (yield b) || ...` of such items,
 * from its bottom up, without recursing along it. */
static void lower_logic(Lower *L, Node *e, Buf *pre, const char *ind)
{
    Spine sp = SPINE_INIT(sp);
    int k = chain_spine(e, &sp), m = 1;
    while (m < k && is_logic_item(sp.v[m]))
        m++;
    lower_scope(L, sp.v[m - 1]->lhs, pre, ind);
    for (int i = m - 1; i >= 0; i--)
        lower_logic_link(L, sp.v[i], pre, ind);
    spine_free(&sp);
}

/* c ? a : b => if (c) { a's awaits; t = a; } else { b's awaits; t = b; }
 * with t of type __typeof__(0 ? a : b); `c ?: b` keeps c in t. */
static void lower_cond(Lower *L, Node *e, Buf *pre, const char *ind)
{
    const char *in = fmt(L, "%s    ", ind);
    lower_scope(L, e->cond, pre, ind);
    Buf type = {0};
    buf_puts(&type, "__typeof__(0 ? ");
    put_type_expr(L, &type, e->then ? e->then : e->cond);
    buf_puts(&type, " : ");
    put_type_expr(L, &type, e->els);
    buf_puts(&type, ")");
    const char *t = new_temp(L, take(L, &type));
    if (e->then) {
        buf_printf(pre, "%sif (%s) {\n", ind, text_of(L, e->cond));
        lower_scope(L, e->then, pre, in);
        buf_printf(pre, "%sself->%s = %s;\n", in, t, text_of(L, e->then));
        buf_printf(pre, "%s} else {\n", ind);
    } else {
        buf_printf(pre, "%sself->%s = %s;\n", ind, t, text_of(L, e->cond));
        buf_printf(pre, "%sif (!self->%s) {\n", ind, t);
    }
    lower_scope(L, e->els, pre, in);
    buf_printf(pre, "%sself->%s = %s;\n", in, t, text_of(L, e->els));
    buf_printf(pre, "%s}\n", ind);
    replace(L, e->span.begin, e->span.end, fmt(L, "self->%s", t));
}

/* Emits the awaits of full expression (or sequenced operand) e into pre,
 * and patches e so that its text reads their results. */
static void lower_scope(Lower *L, Node *e, Buf *pre, const char *ind)
{
    if (!has_yield(e))
        return;
    Items it = {0};
    collect(e, &(Collect){ L, &it });
    for (int k = 0; k < it.n; k++) {
        bool later = false;
        for (int j = k + 1; j < it.n; j++)
            later |= awaits(it.v[j]);
        Node *x = it.v[k];
        switch (x->kind) {
        case ND_YIELD:
            lower_yield(L, x, pre, ind, later);
            break;
        case ND_LOGAND: case ND_LOGOR:
            lower_logic(L, x, pre, ind);
            break;
        case ND_COND:
            lower_cond(L, x, pre, ind);
            break;
        case ND_COMMA:
            lower_discarded(L, x->lhs, pre, ind);
            replace(L, x->span.begin, x->rhs->span.begin, "");
            break;
        default:
            break;
        }
    }
}

static Node *strip_parens(Node *e)
{
    while (e->kind == ND_PAREN && e->lhs)
        e = e->lhs;
    return e;
}

/* `a, b, c` discarded => a; b; c; -- along the chain, not recursing: the
 * operands left of the first yield stay one statement. */
static void lower_comma_discarded(Lower *L, Node *x, Buf *pre, const char *ind)
{
    Spine sp = SPINE_INIT(sp);
    int k = chain_spine(x, &sp), j;
    while (k > 1 && sp.v[k - 1]->kind != ND_COMMA)
        k--;                            // `a + b, c`: the + is an operand
    bool seen = has_yield(sp.v[k - 1]->lhs);
    for (j = k - 1; j > 0 && !(seen |= has_yield(sp.v[j]->rhs)); j--)
        ;
    lower_discarded(L, sp.v[j]->lhs, pre, ind);
    for (; j >= 0; j--)
        lower_discarded(L, sp.v[j]->rhs, pre, ind);
    spine_free(&sp);
}

/* A full expression whose value is not used, as statements: a yield is
 * only its await, and sequencing operators become if/else. */
static void lower_discarded(Lower *L, Node *e, Buf *pre, const char *ind)
{
    Node *x = strip_parens(e);
    const char *in = fmt(L, "%s    ", ind);
    if (!has_yield(x)) {
        buf_printf(pre, "%s%s;\n", ind, text_of(L, e));
        return;
    }
    switch (x->kind) {
    case ND_YIELD:
        lower_scope(L, x->lhs, pre, ind);
        put_await(L, x, pre, ind, true);
        return;
    case ND_COMMA:
        lower_comma_discarded(L, x, pre, ind);
        return;
    case ND_LOGAND: case ND_LOGOR:
        if (!has_yield(x->rhs))
            break;
        lower_scope(L, x->lhs, pre, ind);
        buf_printf(pre, "%sif (%s) {\n", ind, x->kind == ND_LOGOR ?
                   negate(L, x->lhs) : text_of(L, x->lhs));
        lower_discarded(L, x->rhs, pre, in);
        buf_printf(pre, "%s}\n", ind);
        return;
    case ND_COND:
        if (!has_yield(x->then) && !has_yield(x->els))
            break;
        lower_scope(L, x->cond, pre, ind);
        buf_printf(pre, "%sif (%s) {\n", ind, x->then ?
                   text_of(L, x->cond) : negate(L, x->cond));
        if (x->then) {
            lower_discarded(L, x->then, pre, in);
            buf_printf(pre, "%s} else {\n", ind);
        }
        lower_discarded(L, x->els, pre, in);
        buf_printf(pre, "%s}\n", ind);
        return;
    default:
        break;
    }
    lower_scope(L, e, pre, ind);
    mark(L, pre, e->span.line);
    buf_printf(pre, "%s%s;\n", ind, text_of(L, e));
}

/* ------------------------------------------------------------------ */
/* Statements                                                         */
/* ------------------------------------------------------------------ */

/* Where braces around sub-statement s open: right after the `)`, `else`
 * or `do` before it, or at s itself. */
static uint32_t brace_point(Lower *L, Node *s)
{
    uint32_t i = s->span.begin;
    while (i > 0 && strchr(" \t\r\n", src(L)[i - 1]))
        i--;
    if (i > 0 && src(L)[i - 1] == ')')
        return i;
    if (i >= 4 && !memcmp(src(L) + i - 4, "else", 4))
        return i;
    if (i >= 2 && !memcmp(src(L) + i - 2, "do", 2))
        return i;
    return s->span.begin;
}

/* The indentation of the lines generated for statement s. */
static const char *stmt_indent(Lower *L, Node *s, bool sub)
{
    if (!sub && !starts_line(L, s->span.begin))
        return column_of(L, s->span.begin);
    if (!sub)
        return indent_of(L, s->span.begin);
    uint32_t p = brace_point(L, s);
    if (p == s->span.begin)
        return indent_of(L, s->span.begin);
    return fmt(L, "%s    ", indent_of(L, p - 1));
}

/* The generated lines, less the first line's indentation (the source's
 * own precedes the statement) and the final newline. */
static const char *inline_lines(Lower *L, const char *lines, const char *ind)
{
    size_t n = strlen(lines), k = strlen(ind);
    if (n >= k && !strncmp(lines, ind, k)) {
        lines += k;
        n -= k;
    }
    if (n && lines[n - 1] == '\n')
        n--;
    return arena_strndup(L->ctx->arena, lines, n);
}

/* Statement s becomes the generated lines (indented by stmt_indent). */
static void replace_stmt(Lower *L, Node *s, bool sub, const char *lines)
{
    const char *ind = stmt_indent(L, s, sub);
    uint32_t p = sub ? brace_point(L, s) : s->span.begin;
    if (!sub) {
        replace(L, s->span.begin, s->span.end, inline_lines(L, lines, ind));
        return;
    }
    const char *pind = p < s->span.begin ? indent_of(L, p - 1) : indent_of(L, p);
    replace(L, p, s->span.end, fmt(L, "%s{\n%s%s}", p < s->span.begin ? " " : "",
                                   lines, pind));
}

/* The generated lines go in front of statement s, which keeps its text. */
static void prefix_stmt(Lower *L, Node *s, bool sub, const char *lines)
{
    const char *ind = stmt_indent(L, s, sub);
    if (!sub) {
        wrap(L, s->span, fmt(L, "%s\n%s%s", inline_lines(L, lines, ind),
                             mark_text(L, s->span.begin), ind), NULL);
        return;
    }
    uint32_t p = brace_point(L, s);
    const char *pind = p < s->span.begin ? indent_of(L, p - 1) : indent_of(L, p);
    wrap(L, (Span){ .begin = p, .end = s->span.end },
         fmt(L, "%s{\n%s%s%s", p < s->span.begin ? " " : "", lines,
             mark_text(L, s->span.begin), ind),
         fmt(L, "\n%s}", pind));
    /* `else if (...)` moves into a block: its other lines follow it. */
    L->sites[L->nsites - 1].reindent = !starts_line(L, s->span.begin);
    if (p < s->span.begin)
        replace(L, p, s->span.begin, "");
}

/* Deletes a part of a for's header.  The deleted span starts one byte
 * early (the blank or `;` or `(` before e, which is kept), so that it
 * differs from the span of any patch of e itself, which e's own text,
 * rendered elsewhere, still needs. */
static void remove_operand(Lower *L, Node *e)
{
    uint32_t b = e->span.begin;
    char before = b > 0 ? src(L)[b - 1] : ' ';
    bool blank = before == ' ' || before == '\t';
    replace(L, b - (b > 0), e->span.end, blank || b == 0 ? "" :
            fmt(L, "%c", before));
}

/* Deletes statement s, with its line when it is alone on it. */
static void remove_stmt(Lower *L, Node *s)
{
    uint32_t b = s->span.begin, e = s->span.end;
    uint32_t k = e;
    while (src(L)[k] == ' ' || src(L)[k] == '\t')
        k++;
    if (starts_line(L, b) && src(L)[k] == '\n') {
        b = line_start(L, b);
        e = k + 1;
    }
    replace(L, b, e, "");
}

/* Puts `;` after the last resume label of pre when nothing follows it
 * (a label must label a statement). */
static void close_last_label(Buf *pre)
{
    size_t end = pre->len;
    while (end > 0) {
        size_t e = pre->data[end - 1] == '\n' ? end - 1 : end;
        size_t start = e;
        while (start > 0 && pre->data[start - 1] != '\n')
            start--;
        if (!strncmp(pre->data + start, "#line", 5)) {
            end = start;
            continue;
        }
        if (strncmp(pre->data + start, "resume_", 7))
            return;
        char *colon = memchr(pre->data + start, ':', e - start);
        if (colon && colon[1] != ';') {
            size_t at = (size_t)(colon - pre->data) + 1;
            buf_put(pre, " ", 1);
            memmove(pre->data + at + 1, pre->data + at, pre->len - at - 1);
            pre->data[at] = ';';
        }
        return;
    }
}

/* typedef T x; / struct p { ... }; => left in place, or, when text at
 * file scope (a frame member's type) names what it declares, moved there
 * with its names renamed: typedef T f__x; / struct f__p { ... };.  Not
 * `keep` ones (in a statement expression, of variable length). */
static void lower_type_decl(Lower *L, Node *d, bool keep)
{
    Node *unit = keep ? NULL : d;
    Node *outer = L->unit, *anon = L->anon_unit;
    L->unit = L->anon_unit = unit;
    for (Node *t = d->list || !d->specs ? NULL : d->specs->list; t; t = t->next)
        if ((t->kind == ND_STRUCT || t->kind == ND_UNION) && t->name &&
            !(t->flags & FL_HAS_BODY))          // `struct p;`
            declare_kept(L, t->name, t->name_span, unit, true)->fwd = true;
    resolve(L, d->specs);
    for (Node *id = d->list; id; id = id->next) {
        resolve(L, id->declarator);
        if (id->declarator && id->declarator->name) {
            Var *t = declare_kept(L, id->declarator->name,
                                  id->declarator->name_span, unit, false);
            t->specs = d->specs;        // what it names, for
            t->declarator = id->declarator;     // type_may_be_array
        }
    }
    L->unit = outer;
    L->anon_unit = anon;
    if (unit && in_units(L->hoist, unit)) {
        put_text(L, &L->hoisted, d->span.begin, d->span.end, NULL);
        buf_puts(&L->hoisted, "\n");
        remove_stmt(L, d);
    }
}

/* `static enum { A, B } e;` whose enumerators file-scope text names =>
 * `enum f__enum { f__A, f__B };` at file scope, and in place `static
 * enum f__enum e;`: the declaration stays, its anonymous enum gets a tag
 * to be named by. */
static void hoist_anonymous_enums(Lower *L, Node *d)
{
    for (Node *t = d->specs->list; t; t = t->next) {
        if (t->kind != ND_ENUM || t->name || !(t->flags & FL_HAS_BODY) ||
            strncmp(src(L) + t->span.begin, "enum", 4))
            continue;
        Var *tag = declare(L, "enum", NULL, NULL, B_KEEP);
        tag->tag = true;
        tag->unit = d;
        tag->member = hoisted_name(L, "enum");
        buf_printf(&L->hoisted, "enum %s", tag->member);
        put_text(L, &L->hoisted, t->span.begin + 4, t->span.end, NULL);
        buf_puts(&L->hoisted, ";\n");
        replace(L, t->span.begin, t->span.end, fmt(L, "enum %s", tag->member));
    }
}

/* The specifiers of declaration d: the names they use, the tags and
 * enumerators they declare (an anonymous enum's go with d). */
static void resolve_specs(Lower *L, Node *d, bool keep)
{
    Node *anon = L->anon_unit;
    L->anon_unit = keep ? NULL : d;
    resolve(L, d->specs);
    L->anon_unit = anon;
}

static bool first_is(Node *d, NodeKind kind)
{
    return d && d->derived && d->derived->kind == kind;
}

/* Initialiser `init` with every value replaced by 0 (strings kept): it
 * has the shape of init, so it sizes an array the way init does, and it
 * is constant, as a compound literal at file scope must be. */
static void put_zero_init(Lower *L, Buf *out, Node *init)
{
    if (init->kind == ND_STRING) {
        put_text(L, out, init->span.begin, init->span.end, NULL);
        return;
    }
    if (init->kind != ND_INIT_LIST) {
        buf_puts(out, "0");
        return;
    }
    buf_puts(out, "{ ");
    for (Node *e = init->list; e; e = e->next) {
        if (e->kind == ND_DESIG_INIT && e->then) {
            put_text(L, out, e->span.begin, e->then->span.begin, NULL);
            put_zero_init(L, out, e->then);
        } else {
            put_zero_init(L, out, e);
        }
        buf_puts(out, e->next ? ", " : " ");
    }
    buf_puts(out, "}");
}

/* (T){ init } => (__builtin_memcpy(self->t, (T){ init }, sizeof self->t),
 * self->t), and &(T){ init } the same with & on both sides, where t is a
 * frame temporary of type __typeof__((T){ 0... }). */
static void hoist_literal(Lower *L, Node *outer, Node *lit, bool addr)
{
    Buf type = {0};
    buf_puts(&type, "__typeof__((");
    put_type_expr(L, &type, lit->type);
    buf_puts(&type, ")");
    put_zero_init(L, &type, lit->init);
    buf_puts(&type, ")");
    const char *t = new_temp(L, take(L, &type));
    const char *a = addr ? "&" : "";
    wrap(L, outer->span, fmt(L, "(__builtin_memcpy(%sself->%s, ", a, t),
         fmt(L, ", sizeof self->%s), %sself->%s)", t, a, t));
}

static bool is_keyword(Lower *L, Span w)
{
    static const char *const keywords[] = {
        "void", "char", "short", "int", "long", "float", "double", "signed",
        "unsigned", "_Bool", "_Complex", "__complex__", "_Imaginary",
        "__int128", "__signed", "__signed__", "const", "__const",
        "__const__", "volatile", "__volatile", "__volatile__", "restrict",
        "__restrict", "__restrict__", "_Atomic", "static", "extern",
        "register", "auto", "_Thread_local", "__thread", "__extension__",
        "__attribute__", "__attribute", "typedef", "inline", "__inline",
        "__inline__", "_Noreturn", "coroutine", "__auto_type", NULL
    };
    for (const char *const *k = keywords; *k; k++)
        if (strlen(*k) == w.end - w.begin && !memcmp(src(L) + w.begin, *k, strlen(*k)))
            return true;
    return false;
}

/* Whether a frame member's specifiers define a type: an anonymous
 * struct, union or enum with its body, or a type macro's call (which may
 * expand to one).  A tagged one is hoisted and named by its tag. */
static bool defines_type(Node *specs)
{
    if (specs->flags & FL_MACRO_TYPE)
        return true;
    for (Node *t = specs->list; t; t = t->next)
        if ((t->kind == ND_STRUCT || t->kind == ND_UNION || t->kind == ND_ENUM) &&
            (t->flags & FL_HAS_BODY) && !t->name)
            return true;
    return false;
}

/* Where the words of specs outside its struct, enum and typeof parts and
 * its attributes hold `word` (word NULL: any word that is no keyword, a
 * typedef name); an empty span if they do not. */
static Span specs_word(Lower *L, Node *specs, const char *word)
{
    uint32_t at = specs->span.begin;
    int depth = 0;
    Span w;
    while (next_spec_word(L, specs, &at, &depth, &w)) {
        size_t n = w.end - w.begin;
        if (depth == 0 && (word ? strlen(word) == n && !memcmp(src(L) + w.begin, word, n)
                                : !is_keyword(L, w)))
            return w;
    }
    return (Span){ 0 };
}

static bool specs_have_word(Lower *L, Node *specs, const char *word)
{
    return specs_word(L, specs, word).end != 0;
}

/* Whether a type of these specifiers (and no declarator) may be an
 * array: it is a __typeof__, or a typedef name other than one of the
 * coroutine's own that is no array. */
static bool specs_may_be_array(Lower *L, Node *specs)
{
    for (Node *t = specs->list; t; t = t->next)
        if (t->kind == ND_TYPEOF)
            return true;
    Span w = specs_word(L, specs, NULL);
    if (!w.end)
        return false;
    Var *t = lookup_in(L, src(L) + w.begin, w.end - w.begin, false);
    if (!t || t->kind != B_KEEP || !t->specs || !t->declarator)
        return true;
    if (t->declarator->derived)
        return first_is(t->declarator, ND_D_ARRAY);
    return specs_may_be_array(L, t->specs);
}

static bool type_may_be_array(Lower *L, Var *v)
{
    return !v->declarator->derived && specs_may_be_array(L, v->specs);
}

/* The typedef `name` of the file itself (not of a header), or NULL. */
static Node *file_typedef(Lower *L, const char *s, size_t n, Node **specs)
{
    for (Node *it = L->ctx->tu ? L->ctx->tu->list : NULL; it; it = it->next) {
        if (it->kind != ND_DECL || !(it->flags & FL_TYPEDEF))
            continue;
        for (Node *id = it->list; id; id = id->next) {
            Node *d = id->declarator;
            if (d && d->name && strlen(d->name) == n && !memcmp(d->name, s, n)) {
                *specs = it->specs;
                return d;
            }
        }
    }
    return NULL;
}

/* The declarator (and *specs, the specifiers) of the typedef that specs
 * name, if it is the coroutine's or the file's own; else NULL. */
static Node *typedef_of(Lower *L, Node *specs, Node **tspecs)
{
    Span w = specs_word(L, specs, NULL);
    if (!w.end)
        return NULL;
    const char *name = src(L) + w.begin;
    size_t n = w.end - w.begin;
    Var *t = lookup_in(L, name, n, false);
    if (t && t->kind == B_KEEP && t->specs && t->declarator) {
        *tspecs = t->specs;
        return t->declarator;
    }
    return file_typedef(L, name, n, tspecs);
}

static bool type_is_const(Lower *L, Node *specs, Node *first, int depth);

static Node *derived_of(Node *d)
{
    return d ? d->derived : NULL;
}

static bool specs_may_be_const(Lower *L, Node *specs, int depth);

/* The definition of the struct or union that t names: t itself, the
 * coroutine's, or one at the top of the file; else NULL. */
static Node *record_def(Lower *L, Node *t)
{
    if ((t->flags & FL_HAS_BODY) || !t->name)
        return t->flags & FL_HAS_BODY ? t : NULL;
    Var *v = lookup_in(L, t->name, strlen(t->name), true);
    if (v)
        return v->def;
    for (Node *it = L->ctx->tu ? L->ctx->tu->list : NULL; it; it = it->next)
        for (Node *u = it->kind == ND_DECL ? it->specs->list : NULL; u; u = u->next)
            if (u->kind == t->kind && (u->flags & FL_HAS_BODY) && u->name &&
                !strcmp(u->name, t->name))
                return u;
    return NULL;
}

/* Whether a struct or union has a const member (or one of its members
 * has), which makes it as unassignable as a const one. */
static bool has_const_member(Lower *L, Node *rec, int depth)
{
    for (Node *m = rec->list; m; m = m->next) {
        if (m->kind != ND_DECL || !m->specs)
            continue;
        if (!m->list && specs_may_be_const(L, m->specs, depth + 1))
            return true;                // an anonymous struct member
        for (Node *id = m->list; id; id = id->next)
            if (type_is_const(L, m->specs, derived_of(id->declarator), depth + 1))
                return true;
    }
    return false;
}

/* Whether the typedef names and __typeof__s of specs may make a type
 * const, their own `const` aside (a struct with a const member counts): a typedef of the coroutine or of the
 * file is looked into, one of a header is taken for non-const (so that
 * `size_t n = 0;` stays an assignment), a __typeof__ is const when its
 * type or the local it names is, and unknown (const) otherwise. */
static bool specs_may_be_const(Lower *L, Node *specs, int depth)
{
    if (depth > 32)
        return true;
    for (Node *t = specs->list; t; t = t->next) {
        Node *rec = t->kind == ND_STRUCT || t->kind == ND_UNION ? record_def(L, t) : NULL;
        if (rec && has_const_member(L, rec, depth))
            return true;
        if (t->kind != ND_TYPEOF)
            continue;
        if (t->type && type_is_const(L, t->type->specs, derived_of(t->type->declarator),
                                     depth + 1))
            return true;
        if (t->type)
            continue;
        /* `__typeof__(v)`, `__typeof__(*v)`: the type of local v, or what
         * it points to. */
        Node *e = strip_parens(t->lhs);
        bool deref = e && e->kind == ND_DEREF;
        e = deref ? strip_parens(e->lhs) : e;
        Var *v = e && e->kind == ND_IDENT ? lookup(L, e->name) : NULL;
        Node *first = v && v->declarator ? v->declarator->derived : NULL;
        if (deref && first && first->kind != ND_D_FUNC)
            first = first->next;
        else if (deref)
            v = NULL;
        if (!v || !v->specs || type_is_const(L, v->specs, first, depth + 1))
            return true;
    }
    Node *tspecs = NULL, *td = typedef_of(L, specs, &tspecs);
    return td && type_is_const(L, tspecs, td->derived, depth + 1);
}

/* Whether the type of specs and the derived list from `first` (NULL: the
 * specifiers alone) is const, or an array of const elements. */
static bool type_is_const(Lower *L, Node *specs, Node *first, int depth)
{
    while (first && first->kind == ND_D_ARRAY)
        first = first->next;
    if (first)
        return first->kind == ND_D_POINTER && (first->flags & FL_CONST);
    return (specs->flags & FL_CONST) || specs_may_be_const(L, specs, depth);
}

/* Whether v's frame member may be const, its own `const` stripped (see
 * put_member): then it is initialised by copy, never assigned. */
static bool member_may_be_const(Lower *L, Var *v)
{
    Node *first = v->declarator->derived;
    if (!v->specs || (first && (first->kind != ND_D_ARRAY || v->param)))
        return false;
    while (first && first->kind == ND_D_ARRAY)
        first = first->next;
    if (first)
        return type_is_const(L, v->specs, first, 0);
    return specs_may_be_const(L, v->specs, 0);
}

/* Whether initialiser element e may be a value of a struct type, so that
 * it initialises one whole element (not a member, by brace elision). */
static bool may_be_whole(Node *e)
{
    if (e->kind == ND_DESIG_INIT)
        e = e->then;
    switch (e->kind) {
    case ND_INIT_LIST: case ND_STRING: case ND_NUM: case ND_CHAR:
    case ND_NEG: case ND_PLUS: case ND_BITNOT: case ND_NOT: case ND_ADDR:
    case ND_SIZEOF_EXPR: case ND_SIZEOF_TYPE: case ND_ALIGNOF_EXPR:
    case ND_ALIGNOF_TYPE:
        return false;
    default:
        return e->kind < ND_MUL || e->kind > ND_LOGOR;
    }
}

/* Whether elements of specs may be structs and init may hold them whole. */
static bool holds_whole(Lower *L, Node *specs, Node *init)
{
    bool aggregate = specs_have_word(L, specs, NULL);
    for (Node *t = specs->list; t; t = t->next)
        aggregate |= t->kind == ND_STRUCT || t->kind == ND_UNION ||
                     t->kind == ND_TYPEOF;
    bool whole = false;
    for (Node *e = init->list; e; e = e->next)
        whole |= may_be_whole(e);
    return aggregate && whole;
}

/* An unsized array of structs whose initialiser may hold struct values
 * as elements is sized by counting: `T a[] = { v, { 1, 2 } }` =>
 * `T a[sizeof ((char []){ 0, 0 })];` (the zeros of put_zero_init would
 * turn v into a scalar, and a struct value is no constant). */
static bool sized_by_count(Lower *L, Var *v, Node *init)
{
    Node *d = v->declarator;
    if (init->kind != ND_INIT_LIST || d->derived->next ||
        array_suffix_end(L, d) != d->span.end)
        return false;
    return holds_whole(L, v->specs, init);
}

/* { v, [4] = w, [1].x = 2 } => (char []){ 0, [4] = 0, [1] = 0 }: an
 * element for each element of init. */
static void put_count(Lower *L, Buf *out, Node *init)
{
    buf_puts(out, "sizeof ((char []){ ");
    for (Node *e = init->list; e; e = e->next) {
        Node *first = e->kind == ND_DESIG_INIT ? e->list : NULL;
        if (first && first->kind == ND_DESIG_INDEX) {
            put_text(L, out, first->span.begin, first->span.end, NULL);
            buf_puts(out, " = ");
        }
        buf_puts(out, e->next ? "0, " : "0 ");
    }
    buf_puts(out, "})");
}

/* The specifiers of v's member, where `__auto_type x = e` becomes
 * `__typeof__(((void)0, e'))` with e' as for __typeof__ at file scope
 * (the comma takes the value's type as auto does: arrays decayed,
 * qualifiers dropped). */
static void put_member_specs(Lower *L, Buf *out, Var *v, Node *init, bool strip_const)
{
    if (!init || !specs_have_word(L, v->specs, "__auto_type")) {
        put_specs(L, out, v->specs, strip_const, true);
        return;
    }
    Buf s = {0}, t = {0};
    put_specs(L, &s, v->specs, strip_const, true);
    buf_puts(&t, "__typeof__(((void)0, ");
    put_type_expr(L, &t, init);
    buf_puts(&t, "))");
    const char *at = memmem(s.data, s.len, "__auto_type", 11);
    size_t k = at ? (size_t)(at - s.data) : s.len;
    buf_put(out, s.data, k);
    buf_put(out, t.data, t.len);
    if (at)
        buf_put(out, at + 11, s.len - k - 11);
    buf_free(&s);
    buf_free(&t);
}

/* The unsized array type of the coroutine or the file that v's specs
 * name (`typedef int U[];`, through typedefs of typedefs), or NULL; its
 * specifiers in *tspecs. */
static Node *unsized_typedef(Lower *L, Var *v, Node **tspecs)
{
    if (v->declarator->derived || !v->specs)
        return NULL;
    Node *td = typedef_of(L, v->specs, tspecs);
    for (int depth = 0; td && !td->derived && depth < 32; depth++)
        td = typedef_of(L, *tspecs, tspecs);
    Node *a = td ? td->derived : NULL;
    return a && a->kind == ND_D_ARRAY && !a->lhs && !(a->flags & FL_STAR) ? a : NULL;
}

/* `typedef int U[]; U u = { 1, 2 };` => `__typeof__((U){ 0, 0 }) u`,
 * sized like an unsized array, and for elements that may be struct
 * values, by counting: `__typeof__((*(U *)0)[0]) u[sizeof ((char []){ 0,
 * 0 })]`; `name` is the member's, or `(*)` for a typed null.  False when
 * v's type is no such array. */
static bool put_unsized_type(Lower *L, Buf *out, Var *v, Node *init,
                             bool strip_const, const char *name)
{
    Node *tspecs = NULL, *a = init ? unsized_typedef(L, v, &tspecs) : NULL;
    if (!a)
        return false;
    bool count = init->kind == ND_INIT_LIST && !a->next && holds_whole(L, tspecs, init);
    buf_puts(out, count ? "__typeof__((*(" : "__typeof__((");
    put_specs(L, out, v->specs, strip_const, true);
    if (count) {
        buf_printf(out, " *)0)[0]) %s[", name);
        put_count(L, out, init);
        buf_puts(out, "]");
        return true;
    }
    buf_puts(out, init->kind == ND_INIT_LIST ? ")" : "){ ");
    put_zero_init(L, out, init);
    buf_printf(out, "%s) %s", init->kind == ND_INIT_LIST ? "" : " }", name);
    return true;
}

/* `struct { int a; } x, *p;` => one member declaration `struct { int a; }
 * x, *p;`: declarators whose specifiers define a type share one member
 * declaration, so that the type is defined once and is the same for all
 * (two anonymous structs are two types). */
static bool joins_last_member(Lower *L, Buf *out, Var *v)
{
    return v->specs && v->specs == L->group_specs && out == &L->members &&
           out->len == L->group_end && defines_type(v->specs);
}

/* The frame member of local v: `T name;`, an unsized array sized by its
 * initialiser through __typeof__ of a compound literal, or by counting. */
static void put_member(Lower *L, Buf *out, Var *v, Node *init)
{
    Node *d = v->declarator;
    /* The member is assigned, so its own const goes: the specifiers' when
     * they qualify it, the pointer's when it is a `*const`. */
    bool ptr = first_is(d, ND_D_POINTER);
    bool strip_const = !ptr && v->specs && (v->specs->flags & FL_CONST);
    bool strip_ptr_const = ptr && (d->derived->flags & FL_CONST);
    uint32_t sfx = array_suffix_end(L, d);
    bool unsized = init && first_is(d, ND_D_ARRAY) && sfx &&
                   !d->derived->lhs && !(d->derived->flags & FL_STAR);
    if (unsized && sized_by_count(L, v, init)) {
        buf_puts(out, "    ");
        put_specs(L, out, v->specs, strip_const, true);
        buf_puts(out, " ");
        put_text(L, out, d->span.begin, d->name_span.begin, NULL);
        buf_printf(out, "%s[", v->member);
        put_count(L, out, init);
        buf_puts(out, "];\n");
        return;
    }
    if (unsized) {
        buf_puts(out, "    ");
        buf_puts(out, "__typeof__((");
        put_specs(L, out, v->specs, strip_const, true);
        buf_puts(out, " ");
        put_declarator(L, out, v, "", false);
        buf_puts(out, init->kind == ND_INIT_LIST ? ")" : "){ ");
        put_zero_init(L, out, init);
        buf_printf(out, "%s) %s;\n", init->kind == ND_INIT_LIST ? "" : " }", v->member);
        return;
    }
    size_t len = out->len;
    buf_puts(out, "    ");
    if (put_unsized_type(L, out, v, init, strip_const, v->member)) {
        buf_puts(out, ";\n");
        return;
    }
    out->len = len;
    if (joins_last_member(L, out, v)) {
        out->len -= 2;                  // the ";\n" of the last member
        buf_puts(out, ", ");
    } else {
        buf_puts(out, "    ");
        put_member_specs(L, out, v, init, strip_const);
        buf_puts(out, " ");
    }
    put_declarator(L, out, v, v->member, strip_ptr_const);
    buf_puts(out, ";\n");
    L->group_specs = v->specs;
    L->group_end = out->len;
}

/* `T x = init` => `self->x = init`, by compound literal for braces and
 * by copy for arrays. */
static const char *assign_text(Lower *L, Var *v, Node *init)
{
    const char *m = v->member, *t = text_of(L, init);
    const char *vp = member_may_be_const(L, v) ? "(void *)" : "";
    bool list = init->kind == ND_INIT_LIST;
    if (first_is(v->declarator, ND_D_ARRAY))
        return fmt(L, list ?
                   "__builtin_memcpy(%sself->%s, (__typeof__(self->%s))%s, sizeof self->%s)" :
                   "__builtin_memcpy(%sself->%s, (__typeof__(self->%s)){ %s }, sizeof self->%s)",
                   vp, m, m, t, m);
    if (type_may_be_array(L, v) && (list || init->kind == ND_STRING))
        return fmt(L, list ?
                   "__builtin_memcpy(%s&self->%s, &(__typeof__(self->%s))%s, sizeof self->%s)" :
                   "__builtin_memcpy(%s&self->%s, &(__typeof__(self->%s)){ %s }, sizeof self->%s)",
                   vp, m, m, t, m);
    /* A const member is copied from a literal: `{ e }` of a one-element
     * array, since a struct value in braces would initialise a member. */
    if (*vp)
        return fmt(L, list ?
                   "__builtin_memcpy((void *)&self->%s, &(__typeof__(self->%s))%s, sizeof self->%s)" :
                   "__builtin_memcpy((void *)&self->%s, (__typeof__(self->%s)[1]){ %s }, sizeof self->%s)",
                   m, m, t, m);
    if (init->kind == ND_INIT_LIST)
        return fmt(L, "self->%s = (__typeof__(self->%s))%s", m, m, t);
    return fmt(L, "self->%s = %s", m, t);
}

/* A declaration inside the coroutine.  Locals move to the frame and their
 * initialisers become assignments; typedefs and tag declarations are
 * hoisted; static, extern and VLA declarations stay.  In a for's init
 * (in_for) the assignments are one expression; when they hold yields they
 * are returned, to go in front of the loop. */
static const char *lower_decl(Lower *L, Node *d, bool in_for)
{
    bool keep = L->keep_locals > 0;
    for (Node *id = d->list; id; id = id->next)
        keep |= (id->flags & FL_VLA) != 0;
    if ((d->flags & FL_TYPEDEF) || !d->list) {
        lower_type_decl(L, d, keep || in_for);
        return NULL;
    }
    resolve_specs(L, d, keep);
    int nfunc = 0, n = 0;                           // `int g(int);`
    for (Node *id = d->list; id; id = id->next, n++)
        nfunc += declarator_func(id->declarator) != NULL;
    if (nfunc && nfunc < n && !keep && !(d->flags & (FL_STATIC | FL_EXTERN))) {
        error_at(L->ctx, d->span, "in a coroutine, declare functions apart "
                 "from variables (the variables move to the frame)");
        return NULL;
    }
    keep |= nfunc > 0;
    if (keep || (d->flags & (FL_STATIC | FL_EXTERN | FL_THREAD))) {
        bool fixed = d->flags & (FL_STATIC | FL_EXTERN | FL_THREAD);
        for (Node *id = d->list; id; id = id->next) {
            resolve(L, id->declarator);
            L->no_hoist += fixed;
            resolve(L, id->init);
            L->no_hoist -= fixed;
            if (id->declarator && id->declarator->name)
                declare(L, id->declarator->name, d->specs, id->declarator,
                        keep ? B_KEEP : B_STATIC)->decl = d;
        }
        if (!keep && in_units(L->hoist, d))
            hoist_anonymous_enums(L, d);
        return NULL;
    }
    const char *ind = indent_of(L, d->span.begin);
    bool yields = false;
    for (Node *id = d->list; id; id = id->next)
        yields |= has_yield(id->init);
    bool as_expr = in_for && !yields;  // for (self->i = 0, ...; ...)
    Buf lines = {0}, group = {0};
    for (Node *id = d->list; id; id = id->next) {
        resolve(L, id->declarator);
        Var *v = declare(L, id->declarator->name, d->specs, id->declarator, B_FRAME);
        resolve(L, id->init);
        v->init = id->init;
        put_member(L, &L->members, v, id->init);
        if (!id->init)
            continue;
        Buf pre = {0};
        lower_scope(L, id->init, &pre, ind);
        if (pre.len) {          // the assignments so far go first
            if (group.len)
                buf_printf(&lines, "%.*s\n", (int)group.len, group.data);
            group.len = 0;
            buf_put(&lines, pre.data, pre.len);
        }
        buf_free(&pre);
        const char *a = assign_text(L, v, id->init);
        if (as_expr)
            buf_printf(&group, "%s%s", group.len ? ", " : "", a);
        else
            buf_printf(&group, "%s%s;", group.len ? " " : ind, a);
    }
    bool semi = d->span.end > d->span.begin && src(L)[d->span.end - 1] == ';';
    if (as_expr) {
        replace(L, d->span.begin, d->span.end,
                fmt(L, "%.*s%s", (int)group.len, group.data ? group.data : "",
                    semi ? ";" : ""));
        buf_free(&group);
        return NULL;
    }
    if (group.len)
        buf_printf(&lines, "%.*s\n", (int)group.len, group.data);
    buf_free(&group);
    const char *text = take(L, &lines);
    if (in_for) {
        replace(L, d->span.begin, d->span.end, semi ? ";" : "");
        return text;
    }
    if (!*text)
        remove_stmt(L, d);
    else
        replace_stmt(L, d, false, text);
    return NULL;
}

static void push_loop(Lower *L, const char *next)
{
    GROW(L->loops, L->nloops, L->caploops);
    L->loops[L->nloops++] = (struct Loop){ next, false };
}

/* if (c) / switch (c) with yields in c: c's awaits go in front.  An
 * else-if ladder is a chain (ast.c): its ifs are lowered in a loop. */
static void lower_if(Lower *L, Node *s, bool sub)
{
    for (;; s = s->els, sub = true) {
        resolve(L, s->cond);
        if (has_yield(s->cond)) {
            Buf pre = {0};
            lower_scope(L, s->cond, &pre, stmt_indent(L, s, sub));
            prefix_stmt(L, s, sub, take(L, &pre));
        }
        lower_stmt(L, s->kind == ND_SWITCH ? s->body : s->then, true);
        if (!s->els || chain_link(s) != s->els)
            break;
    }
    lower_stmt(L, s->els, true);
}

/* The test at the top of a restructured loop body:
 *     awaits; if (!c) break; */
static const char *loop_test(Lower *L, Node *cond, const char *in)
{
    Buf pre = {0};
    lower_scope(L, cond, &pre, in);
    buf_printf(&pre, "%sif (%s)\n%s    break;", in, negate(L, cond), in);
    return take(L, &pre);
}

/* while (c) body => for (;;) { c's awaits; if (!c) break; body } */
static void lower_while(Lower *L, Node *s)
{
    resolve(L, s->cond);
    push_loop(L, NULL);
    Node *body = s->body;
    if (has_yield(s->cond)) {
        const char *ind = indent_of(L, s->span.begin);
        const char *in = fmt(L, "%s    ", ind);
        const char *test = loop_test(L, s->cond, in);
        if (body->kind == ND_BLOCK) {
            replace(L, s->span.begin, body->span.begin + 1,
                    fmt(L, "for (;;) {\n%s", test));
        } else {
            replace(L, s->span.begin, body->span.begin,
                    fmt(L, "for (;;) {\n%s\n%s%s", test,
                        mark_text(L, body->span.begin), in));
            wrap(L, body->span, NULL, fmt(L, "\n%s}", ind));
        }
        lower_stmt(L, body, false);
    } else {
        lower_stmt(L, body, true);
    }
    L->nloops--;
}

/* The end of the last statement of block b (where code appended to the
 * block goes), or just after its `{`. */
static uint32_t block_tail(Node *b)
{
    uint32_t at = b->span.begin + 1;
    for (Node *i = b->list; i; i = i->next)
        at = i->span.end;
    return at;
}

/* The code a loop runs after its body (next_N: awaits of c or of the
 * increment), appended inside the body. */
static void append_to_body(Lower *L, Node *body, int wrap_site, const char *next,
                           bool used, const char *code)
{
    const char *text = fmt(L, "\n%s%s%s", used ? next : "", used ? ":\n" : "", code);
    if (wrap_site < 0) {
        replace(L, block_tail(body), block_tail(body), text);
        return;
    }
    L->sites[wrap_site].after = fmt(L, "%s%s", text, L->sites[wrap_site].after);
}

/* do body while (c); => do { body next_N: c's awaits; } while (c); */
static void lower_do(Lower *L, Node *s)
{
    bool y = has_yield(s->cond);
    const char *next = y ? fmt(L, "next_%d", ++L->nnext) : NULL;
    const char *ind = indent_of(L, s->span.begin);
    const char *in = fmt(L, "%s    ", ind);
    int ws = -1;
    if (y && s->body->kind != ND_BLOCK) {
        ws = L->nsites;
        wrap(L, s->body->span, "{ ", fmt(L, "\n%s} ", ind));
    }
    push_loop(L, next);
    lower_stmt(L, s->body, !y);
    bool used = L->loops[L->nloops - 1].used;
    L->nloops--;
    resolve(L, s->cond);
    if (!y)
        return;
    Buf pre = {0};
    lower_scope(L, s->cond, &pre, in);
    close_last_label(&pre);
    if (pre.len && pre.data[pre.len - 1] == '\n')
        pre.len--;
    append_to_body(L, s->body, ws, next, used, take(L, &pre));
}

/* for (i; c; n) body: yields in i go in front of the loop, yields in c
 * make the test the body's first statement (as for while), yields in n
 * move n to the body's end, behind a next_N label for `continue`. */
static void lower_for(Lower *L, Node *s, bool sub)
{
    int mark = L->nscope;
    const char *ind = indent_of(L, s->span.begin);
    const char *in = fmt(L, "%s    ", ind);
    Node *body = s->body;
    bool yc = has_yield(s->cond), yn = has_yield(s->inc);
    const char *front = NULL;
    if (s->init && s->init->kind == ND_DECL) {
        front = lower_decl(L, s->init, true);
    } else if (s->init) {
        resolve(L, s->init);
        if (has_yield(s->init)) {
            Buf pre = {0};
            lower_discarded(L, s->init, &pre, stmt_indent(L, s, sub));
            front = take(L, &pre);
            remove_operand(L, s->init);
        }
    }
    if (front)
        prefix_stmt(L, s, sub, front);
    resolve(L, s->cond);
    resolve(L, s->inc);
    int ws = -1;
    if ((yc || yn) && body->kind != ND_BLOCK) {
        ws = L->nsites;
        wrap(L, body->span, fmt(L, "{\n%s%s", mark_text(L, body->span.begin), in),
             fmt(L, "\n%s}", ind));
        replace(L, brace_point(L, body), body->span.begin, " ");
    }
    if (yc) {
        const char *test = loop_test(L, s->cond, in);
        remove_operand(L, s->cond);
        if (ws < 0)
            replace(L, body->span.begin + 1, body->span.begin + 1,
                    fmt(L, "\n%s", test));
        else
            L->sites[ws].before = fmt(L, "{\n%s\n%s%s", test,
                                      mark_text(L, body->span.begin), in);
    }
    const char *next = yn ? fmt(L, "next_%d", ++L->nnext) : NULL;
    push_loop(L, next);
    lower_stmt(L, body, !(yc || yn));
    bool used = L->loops[L->nloops - 1].used;
    L->nloops--;
    if (yn) {
        Buf pre = {0};
        lower_discarded(L, s->inc, &pre, in);
        close_last_label(&pre);
        if (pre.len && pre.data[pre.len - 1] == '\n')
            pre.len--;
        remove_operand(L, s->inc);
        append_to_body(L, body, ws, next, used, take(L, &pre));
    }
    L->nscope = mark;
}

/* return v; => self->h.result = v; BL_END(co); */
static void lower_return(Lower *L, Node *s, bool sub)
{
    resolve(L, s->lhs);
    const char *ind = stmt_indent(L, s, sub);
    Buf pre = {0};
    if (!s->lhs) {
        replace(L, s->span.begin, s->span.end, "BL_END(co);");
        return;
    }
    if (L->is_void) {
        lower_discarded(L, s->lhs, &pre, ind);
        buf_printf(&pre, "%sBL_END(co);\n", ind);
    } else {
        lower_scope(L, s->lhs, &pre, ind);
        if (pre.len)
            mark(L, &pre, s->span.line);
        buf_printf(&pre, "%sself->h.result = %s; BL_END(co);\n", ind,
                   text_of(L, s->lhs));
    }
    replace_stmt(L, s, sub, take(L, &pre));
}

/* LOOP(args) body => LOOP(args') body': a loop macro's arguments have
 * their names rewritten (analyze.c refused yields there) and its body is
 * lowered as a loop's, whose `continue` is the macro's own. */
static void lower_macro_loop(Lower *L, Node *s)
{
    resolve(L, s->lhs);
    push_loop(L, NULL);
    lower_stmt(L, s->body, true);
    L->nloops--;
}

static void lower_expr_stmt(Lower *L, Node *s, bool sub)
{
    if (s->body) {
        lower_macro_loop(L, s);
        return;
    }
    resolve(L, s->lhs);
    if (!has_yield(s->lhs))
        return;
    Buf pre = {0};
    lower_discarded(L, s->lhs, &pre, stmt_indent(L, s, sub));
    replace_stmt(L, s, sub, take(L, &pre));
}

/* resume_N and next_N are the labels blc generates. */
static bool reserved_label(const char *name)
{
    const char *digits = !strncmp(name, "resume_", 7) ? name + 7 :
                         !strncmp(name, "next_", 5) ? name + 5 : NULL;
    if (!digits || !*digits)
        return false;
    return strspn(digits, "0123456789") == strlen(digits);
}

/* Stacked labels, `case 1: case 2: x: s`, a chain (ast.c): checked (and
 * case values resolved: they may name a renamed enumerator) in a loop;
 * the statement they label is returned. */
static Node *lower_labels(Lower *L, Node *s)
{
    for (; s && (s->kind == ND_LABEL || s->kind == ND_CASE ||
                 s->kind == ND_DEFAULT); s = s->body) {
        if (s->kind == ND_LABEL && reserved_label(s->name))
            error_at(L->ctx, s->name_span, "label '%s' is reserved for blc's "
                     "resume points in a coroutine", s->name);
        resolve(L, s->lhs);
        resolve(L, s->rhs);
    }
    return s;
}

/* The one switch of this stage: each statement kind to its lowering.
 * `sub`: s is the body of an if, else or loop, so generated statements
 * around it need braces. */
static void lower_stmt(Lower *L, Node *s, bool sub)
{
    if (!s)
        return;
    switch (s->kind) {
    case ND_BLOCK: {
        int mark = L->nscope;
        for (Node *i = s->list; i; i = i->next)
            lower_stmt(L, i, false);
        L->nscope = mark;
        return;
    }
    case ND_EXPR_STMT:
        lower_expr_stmt(L, s, sub);
        return;
    case ND_DECL:
        lower_decl(L, s, false);
        return;
    case ND_IF: case ND_SWITCH:
        lower_if(L, s, sub);
        return;
    case ND_WHILE:
        lower_while(L, s);
        return;
    case ND_DO:
        lower_do(L, s);
        return;
    case ND_FOR:
        lower_for(L, s, sub);
        return;
    case ND_LABEL: case ND_CASE: case ND_DEFAULT:
        lower_stmt(L, lower_labels(L, s), sub);
        return;
    case ND_RETURN:
        lower_return(L, s, sub);
        return;
    case ND_CONTINUE:
        if (L->nloops && L->loops[L->nloops - 1].next) {
            replace(L, s->span.begin, s->span.end,
                    fmt(L, "goto %s;", L->loops[L->nloops - 1].next));
            L->loops[L->nloops - 1].used = true;
        }
        return;
    case ND_FUNC: case ND_LOCAL_LABEL: case ND_GOTO: case ND_BREAK:
    case ND_EMPTY:
        return;
    default:            // asm, goto *p, _Static_assert: names only
        resolve(L, s);
        return;
    }
}

/* ------------------------------------------------------------------ */
/* The coroutine's scaffolding                                        */
/* ------------------------------------------------------------------ */

/* The span of the parameter list `(...)` right after the name of d. */
static Span params_of(Lower *L, Node *d)
{
    uint32_t i = d->name_span.end;
    while (i < L->ctx->len && src(L)[i] != '(')
        i++;
    uint32_t b = i;
    for (int depth = 0; i < L->ctx->len; i++) {
        depth += (src(L)[i] == '(') - (src(L)[i] == ')');
        if (depth == 0)
            break;
    }
    return (Span){ .begin = b, .end = i + 1 };
}

/* The result type of the function declared by specs and d, as the
 * declaration of a member named `result`; NULL for void. */
static const char *result_member(Lower *L, Node *specs, Node *d)
{
    Span p = params_of(L, d);
    Buf b = {0};
    /* `return v;` assigns the result: a top-level const of T goes. */
    Node *outer = d->derived ? d->derived->next : NULL;
    bool pointer = outer && outer->kind == ND_D_POINTER;
    put_specs(L, &b, specs, !pointer, false);
    size_t k = 0;
    while (k < b.len && (b.data[k] == ' ' || b.data[k] == '\n'))
        k++;
    bool is_void = b.len - k == 4 && !memcmp(b.data + k, "void", 4) &&
                   d->span.begin == d->name_span.begin && d->span.end == p.end;
    if (is_void) {
        buf_free(&b);
        return NULL;
    }
    buf_puts(&b, " ");
    buf_put(&b, src(L) + d->span.begin, d->name_span.begin - d->span.begin);
    buf_puts(&b, "result");
    buf_put(&b, src(L) + p.end, d->span.end - p.end);
    return take(L, &b);
}

static void put_c_string(Buf *out, const char *s)
{
    buf_puts(out, "\"");
    for (; *s; s++)
        buf_printf(out, *s == '"' || *s == '\\' ? "\\%c" : "%c", *s);
    buf_puts(out, "\"");
}

/* The name the output goes by, for #line directives about itself. */
static const char *output_name(Lower *L)
{
    const Options *o = L->ctx->opt;
    if (o && o->output)
        return strcmp(o->output, "-") ? o->output : "<stdout>";
    const char *in = L->ctx->path;
    size_t n = strlen(in);
    if (n > 4 && !strcmp(in + n - 4, ".blc"))
        n -= 4;
    return fmt(L, "%.*s.c", (int)n, in);
}

static bool no_line(Lower *L)
{
    return L->ctx->opt && L->ctx->opt->no_line;
}

/* The line of out that the next byte appended to it starts, counted from
 * the last #line naming the output (the previous coroutine's), so that a
 * file of many coroutines is not rescanned for each. */
static int output_line(Lower *L, Buf *out)
{
    Buf quoted = {0};
    put_c_string(&quoted, output_name(L));
    for (size_t i = out->len; i > 0; i--) {
        if (i > 1 && out->data[i - 2] != '\n')
            continue;
        const char *p = out->data + i - 1, *end = out->data + out->len;
        char *after;
        long n;
        if ((size_t)(end - p) < 7 || memcmp(p, "#line ", 6) ||
            (n = strtol(p + 6, &after, 10)) <= 0 || *after != ' ' ||
            (size_t)(end - after) < quoted.len + 2 ||
            memcmp(after + 1, quoted.data, quoted.len) || after[1 + quoted.len] != '\n')
            continue;
        const char *next = after + 2 + quoted.len;
        buf_free(&quoted);
        return (int)n + count_nl(next, (size_t)(end - next));
    }
    buf_free(&quoted);
    return count_nl(out->data, out->len) + 1;
}

/* #line for generated lines: they are the output's own. */
static void mark_output(Lower *L, Buf *out)
{
    if (no_line(L))
        return;
    if (out->len && out->data[out->len - 1] != '\n')
        buf_puts(out, "\n");
    buf_printf(out, "#line %d ", output_line(L, out) + 1);
    put_c_string(out, output_name(L));
    buf_puts(out, "\n");
}

/* The end of a lowered item: back to the .blc at the line of `end`. */
static void resync(Lower *L, Buf *out, uint32_t end)
{
    if (no_line(L))
        return;
    buf_puts(out, "\n");
    emit_line_marker(L->ctx, out, line_of(L, end));
}

/* The handle type, once per unit: not again when this output has it, and
 * guarded, since a header translated by blc may have declared it too. */
static void put_handle(Buf *out, const char *name, const char *result)
{
    if (!result)
        return;
    char guard[256];
    snprintf(guard, sizeof guard, "#define BL__%s__co\n", name);
    if (out->data && memmem(out->data, out->len, guard, strlen(guard)))
        return;                 // this unit has it already
    buf_printf(out, "#ifndef BL__%s__co\n%s", name, guard);
    buf_printf(out, "struct %s__co { union { bl_aw aw; bl_coro co; }; %s; };\n",
               name, result);
    buf_puts(out, "#endif\n");
}

/* `struct f__co *f(P)` or `bl_coro *f(P)`. */
static void put_constructor_head(Lower *L, Buf *out, Node *specs, Node *d,
                                 const char *result)
{
    if (specs && (specs->flags & FL_STATIC))
        buf_puts(out, "static ");
    if (result)
        buf_printf(out, "struct %s__co *%s", d->name, d->name);
    else
        buf_printf(out, "bl_coro *%s", d->name);
    Span p = params_of(L, d);
    buf_put(out, src(L) + p.begin, p.end - p.begin);
}

static void put_frame(Lower *L, Buf *out, const char *result)
{
    const char *f = L->name;
    if (L->hoisted.len)
        buf_put(out, L->hoisted.data, L->hoisted.len);
    buf_printf(out, "struct %s__frame {\n", f);
    if (result)
        buf_printf(out, "    struct %s__co h;\n", f);
    else
        buf_puts(out, "    bl_coro h;\n");
    buf_put(out, L->members.data, L->members.len);
    buf_put(out, L->temps.data, L->temps.len);
    buf_puts(out, "};\n");
    buf_printf(out, "static void %s__resume(bl_coro *co);\n", f);
    buf_printf(out, "static const unsigned %s__lines[] = {", f);
    for (int i = 0; i <= L->nresume; i++)
        buf_printf(out, "%s %u", i ? "," : "", L->lines[i]);
    buf_puts(out, " };\n");
    buf_printf(out, "static const bl_coro_info %s__info = {\n    \"%s\", ", f, f);
    put_c_string(out, L->ctx->path);
    buf_printf(out, ", %s__resume,\n    sizeof(struct %s__frame), %d, %s__lines\n};\n\n",
               f, f, L->nresume + 1, f);
}

/* A name for the constructor's own local that no parameter has. */
static const char *local_name(Lower *L, Var **params, int nparams, const char *base)
{
    const char *name = base;
    for (int k = 2;; k++) {
        bool taken = false;
        for (int i = 0; i < nparams; i++)
            taken |= !strcmp(params[i]->name, name);
        if (!taken)
            return name;
        name = fmt(L, "%s__%d", base, k);
    }
}

static void put_constructor(Lower *L, Buf *out, Var **params, int nparams,
                            const char *result)
{
    const char *f = L->name;
    const char *self = local_name(L, params, nparams, "self");
    const char *failed = local_name(L, params, nparams, "failed");
    put_constructor_head(L, out, L->fn->specs, L->fn->declarator, result);
    buf_printf(out, "\n{\n    struct %s__frame *%s = bl__frame_new(&%s__info);\n",
               f, self, f);
    buf_printf(out, "    if (!%s) {\n", self);
    if (result)
        buf_printf(out, "        static struct %s__co %s = BL_FAILED_HANDLE;\n", f, failed);
    else
        buf_printf(out, "        static bl_coro %s = BL_FAILED_HANDLE;\n", failed);
    buf_printf(out, "        return &%s;\n    }\n", failed);
    for (int i = 0; i < nparams; i++) {
        const char *m = params[i]->member, *p = params[i]->name;
        if (member_may_be_const(L, params[i]))  // a const typedef's
            buf_printf(out, "    __builtin_memcpy((void *)&%s->%s, &%s, sizeof %s);\n",
                       self, m, p, p);
        else
            buf_printf(out, "    %s->%s = %s;\n", self, m, p);
    }
    buf_printf(out, "    return &%s->h;\n}\n\n", self);
}

/* The resume function: the body, patched, behind the dispatch. */
static void put_resume(Lower *L, Buf *out, const char *body, bool ends_in_return)
{
    const char *f = L->name;
    buf_printf(out, "static void %s__resume(bl_coro *co)\n{\n", f);
    if (strstr(body, "self->"))
        buf_printf(out, "    struct %s__frame *self = (struct %s__frame *)co;\n", f, f);
    if (L->nresume) {
        buf_puts(out, "    switch (co->state) {\n    case 0: break;\n");
        for (int i = 1; i <= L->nresume; i++)
            buf_printf(out, "    case %d: goto resume_%d;\n", i, i);
        buf_puts(out, "    }\n");
    }
    buf_puts(out, body);
    if (!ends_in_return) {
        if (out->len && out->data[out->len - 1] != '\n')
            buf_puts(out, "\n");
        buf_puts(out, "    BL_END(co);\n");
    }
    buf_puts(out, "}");
}

/* Adds to `named` the units that a unit in it needs at file scope: those
 * of the names it mentions, and the other declarations of those names (a
 * `struct p;` and its definition go together), until nothing is added. */
static void close_units(Lower *L, Units *named)
{
    for (int k = 0; k < named->n; k++) {
        Span u = named->v[k]->span;
        for (int i = 0; i < L->noccs; i++) {
            Occ *o = &L->occs[i];
            if (o->at < u.begin || o->at >= u.end)
                continue;
            add_unit(L->ctx->arena, named, o->var->unit);
            for (int j = 0; j < L->noccs; j++)
                if (L->occs[j].var == o->var && L->occs[j].unit)
                    add_unit(L->ctx->arena, named, L->occs[j].unit);
        }
    }
}

/* One lowering of coroutine item into out, hoisting the units in `hoist`;
 * the units that file-scope text named go to `named`. */
static int lower_pass(Ctx *ctx, Node *item, Buf *out, const Units *hoist,
                      Units *named, bool quiet)
{
    int errors = ctx->nerrors;
    Lower state = { .ctx = ctx, .fn = item, .name = item->declarator->name,
                    .hoist = hoist, .named = named, .quiet = quiet };
    Lower *L = &state;
    Node *d = item->declarator;
    const char *result = result_member(L, item->specs, d);
    L->is_void = !result;
    GROW(L->lines, 0, L->caplines);
    L->lines[0] = d->name_span.line;

    Node *fd = declarator_func(d);
    Var **params = NULL;
    int nparams = 0, capparams = 0;
    for (Node *p = fd ? fd->list : NULL; p; p = p->next) {
        if (!p->declarator || !p->declarator->name)
            continue;
        Var *v = declare(L, p->declarator->name, p->specs, p->declarator, B_FRAME);
        v->param = true;
        put_member(L, &L->members, v, NULL);
        GROW(params, nparams, capparams);
        params[nparams++] = v;
    }
    Node *body = item->body;
    L->yields = has_yield(body);
    lower_stmt(L, body, false);

    Node *last = NULL;
    for (Node *i = body->list; i; i = i->next)
        last = i;
    /* The body's text starts on the line after its `{` when nothing but
     * blanks follow the brace. */
    uint32_t from = body->span.begin + 1, k = from;
    while (src(L)[k] == ' ' || src(L)[k] == '\t' || src(L)[k] == '\r')
        k++;
    if (src(L)[k] == '\n')
        from = k + 1;
    Buf text = {0};
    Sync sync = { &text, !no_line(L) };    // the body starts with a #line
    L->sync = &sync;
    render(L, &text, from, body->span.end - 1, NULL);
    L->sync = NULL;

    mark_output(L, out);
    put_handle(out, L->name, result);
    put_frame(L, out, result);
    put_constructor(L, out, params, nparams, result);
    put_resume(L, out, take(L, &text), last && last->kind == ND_RETURN);
    resync(L, out, item->span.end);
    buf_free(&L->members);
    buf_free(&L->temps);
    buf_free(&L->hoisted);
    close_units(L, named);
    return ctx->nerrors > errors ? -1 : 0;
}

/* Hoisting.  What a frame member's type needs at file scope is known
 * only once the frame is written, so a coroutine whose frame names one of
 * its own typedefs, tags or enumerators is lowered again, with those
 * declarations hoisted and renamed, until the hoisted set holds all that
 * the frame names (twice, as a rule: the first lowering names them all). */
int lower_coroutine(Ctx *ctx, Node *item, Buf *out)
{
    size_t len = out->len;
    Units hoist = {0};
    bool quiet = ctx->quiet;
    for (;;) {
        Units named = {0};
        int rc = lower_pass(ctx, item, out, &hoist, &named, quiet);
        bool more = false;
        for (int i = 0; i < named.n; i++)
            more |= !in_units(&hoist, named.v[i]);
        if (rc || !more) {
            ctx->quiet = quiet;
            return rc;
        }
        ctx->quiet = true;      // the first lowering said all there is
        for (int i = 0; i < hoist.n; i++)
            add_unit(ctx->arena, &named, hoist.v[i]);
        hoist = named;
        out->len = len;
    }
}

int lower_coroutine_decl(Ctx *ctx, Node *item, Buf *out)
{
    Lower L = { .ctx = ctx, .fn = item };
    mark_output(&L, out);
    for (Node *id = item->list; id; id = id->next) {
        Node *d = id->declarator;
        if (!d || !declarator_func(d)) {
            error_at(ctx, d ? d->name_span : item->span,
                     "'coroutine' applies to functions only");
            return -1;
        }
        const char *result = result_member(&L, item->specs, d);
        put_handle(out, d->name, result);
        put_constructor_head(&L, out, item->specs, d, result);
        buf_puts(out, ";\n");
    }
    if (out->len && out->data[out->len - 1] == '\n')
        out->len--;
    resync(&L, out, item->span.end);
    return 0;
}
