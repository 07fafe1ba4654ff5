/*
 * test_parse.c - the front end in process: typedef-name traps, the GNU
 * extensions, yield's precedence, spans, the VLA flag, diagnostics and
 * recovery, nesting limits, and many parses in one process.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "blc.h"

typedef struct Parsed {
    Ctx ctx;
    Options opt;
    char *diag;                 // what the diagnostics said
    size_t diag_len;
    int rc;
} Parsed;

static Parsed *parse(const char *src)
{
    Parsed *p = calloc(1, sizeof *p);
    p->opt.input = "t.blc";
    p->opt.no_cpp = true;
    ctx_init(&p->ctx, &p->opt, "t.blc", src, strlen(src));
    p->ctx.diag = open_memstream(&p->diag, &p->diag_len);
    cpp_declare_builtin_typedefs(&p->ctx);
    scan_directives(&p->ctx);
    p->rc = parse_source(&p->ctx);
    fflush(p->ctx.diag);
    return p;
}

static void done(Parsed *p)
{
    fclose(p->ctx.diag);
    free(p->diag);
    ctx_free(&p->ctx);
    free(p);
}

/* The nth node (from 0, in source order) of a kind under n. */
typedef struct Find {
    NodeKind kind;
    int nth;
    Node *found;
} Find;

static int find_walk(Node *n, void *arg)
{
    Find *f = arg;
    if (n->kind == f->kind && f->nth-- == 0) {
        f->found = n;
        return 1;
    }
    return visit_children(n, find_walk, arg);
}

static Node *find(Parsed *p, NodeKind kind, int nth)
{
    Find f = {kind, nth, NULL};
    visit_children(p->ctx.tu, find_walk, &f);
    return f.found;
}

static char *text(Parsed *p, Span s)
{
    static char buf[256];
    snprintf(buf, sizeof buf, "%.*s", (int)(s.end - s.begin), p->ctx.text + s.begin);
    return buf;
}

/* The kind of the first statement of the last function's body, or of the
 * statement after `skip` others. */
static NodeKind stmt_kind(Parsed *p, int skip)
{
    Node *fn = NULL;
    for (Node *n = p->ctx.tu->list; n; n = n->next)
        if (n->kind == ND_FUNC)
            fn = n;
    assert_non_null(fn);
    Node *s = fn->body->list;
    while (skip-- > 0 && s)
        s = s->next;
    assert_non_null(s);
    return s->kind;
}

static void ok(Parsed *p)
{
    if (p->rc != 0)
        fprintf(stderr, "unexpected diagnostics:\n%s", p->diag);
    assert_int_equal(p->rc, 0);
}

/* ------------------------------------------------- typedef-name traps */

static void test_typedef_star(void **state)
{
    (void)state;
    Parsed *p = parse("typedef int T; void f(void) { T * x; }");
    ok(p);
    assert_int_equal(stmt_kind(p, 0), ND_DECL);
    done(p);
    p = parse("int T; void f(int x) { T * x; }");
    ok(p);
    assert_int_equal(stmt_kind(p, 0), ND_EXPR_STMT);
    assert_non_null(find(p, ND_MUL, 0));
    done(p);
}

static void test_typedef_paren_call(void **state)
{
    (void)state;
    Parsed *p = parse("typedef int T; void f(void) { T(x); x = 1; }");
    ok(p);
    assert_int_equal(stmt_kind(p, 0), ND_DECL);
    assert_string_equal(find(p, ND_INIT_DECL, 1)->name, "x");
    done(p);
    p = parse("int T(int); void f(int x) { T(x); }");
    ok(p);
    assert_non_null(find(p, ND_CALL, 0));
    done(p);
}

static void test_cast_and_sizeof(void **state)
{
    (void)state;
    Parsed *p = parse("typedef int T; int f(int *p) { return (T)*p + sizeof(T) + sizeof *p; }");
    ok(p);
    assert_non_null(find(p, ND_CAST, 0));
    assert_non_null(find(p, ND_SIZEOF_TYPE, 0));
    assert_non_null(find(p, ND_SIZEOF_EXPR, 0));
    done(p);
    p = parse("int T; int f(int *p) { return (T)*p + sizeof(T); }");
    ok(p);
    assert_null(find(p, ND_CAST, 0));
    assert_non_null(find(p, ND_SIZEOF_EXPR, 0));
    done(p);
}

static void test_inner_scope_shadowing(void **state)
{
    (void)state;
    Parsed *p = parse("typedef int T;\n"
                      "void f(int y) { { int T = 2; T * y; } T * x; }\n"
                      "void g(int T) { T * 3; }\n"
                      "T z;\n");
    ok(p);
    assert_non_null(find(p, ND_MUL, 0));        // inner block: T * y
    assert_non_null(find(p, ND_MUL, 1));        // parameter T: T * 3
    assert_null(find(p, ND_MUL, 2));            // T * x; is a declaration
    done(p);
}

static void test_typedef_as_member_label_enumerator(void **state)
{
    (void)state;
    Parsed *p = parse("typedef int T;\n"
                      "struct s { T T; int x; };\n"
                      "int f(struct s *p) {\n"
                      "  T: p->T = 1;\n"
                      "  goto T;\n"
                      "  { enum { T = 3 }; return T * 2; }\n"
                      "}\n"
                      "T after;\n");
    ok(p);
    Node *m = find(p, ND_MEMBER, 0);
    assert_string_equal(m->name, "T");
    assert_string_equal(find(p, ND_LABEL, 0)->name, "T");
    assert_string_equal(find(p, ND_GOTO, 0)->name, "T");
    assert_non_null(find(p, ND_MUL, 0));
    done(p);
}

static void test_typedef_redeclared_as_object(void **state)
{
    (void)state;
    Parsed *p = parse("typedef int T; void f(void) { T T; T = 2; T * 3; }");
    ok(p);
    assert_int_equal(stmt_kind(p, 0), ND_DECL);
    assert_int_equal(stmt_kind(p, 1), ND_EXPR_STMT);
    assert_int_equal(stmt_kind(p, 2), ND_EXPR_STMT);
    done(p);
}

/* The scope of a name begins right after its declarator (C11 6.2.1p7). */
static void test_scope_starts_after_declarator(void **state)
{
    (void)state;
    Parsed *p = parse("typedef int T;\n"
                      "void f(void) { double T = 2, U = T * 3; (void)U; }\n"
                      "int g(T T, int n[sizeof T]);\n"
                      "void (*fp)(int T);\n"
                      "T after;\n");
    ok(p);
    assert_non_null(find(p, ND_MUL, 0));
    assert_non_null(find(p, ND_SIZEOF_EXPR, 0));
    done(p);
}

/* ... so a typedef name redeclared as an object is the object in its own
 * initialiser. */
static void test_typedef_in_its_own_initializer(void **state)
{
    (void)state;
    Parsed *p = parse("typedef long T;\n"
                      "void f(void) { T *T = (void *)sizeof(*T); (void)T; }\n"
                      "int g(void) { int T = 1, U = T; return U; }\n");
    ok(p);
    assert_non_null(find(p, ND_SIZEOF_EXPR, 0));
    assert_null(find(p, ND_SIZEOF_TYPE, 0));
    done(p);
}

/* Old C that gcc still takes: implicit int in declarations (specifiers
 * without a type) and definitions (with no specifiers at all). */
static void test_implicit_int(void **state)
{
    (void)state;
    Parsed *p = parse("typedef int T;\n"
                      "static x = 0; const y = 1; extern *z; static T t;\n"
                      "main() { register i = 0; auto j = 2; static k; return i + j + k; }\n"
                      "f(a, b) { return a + b; }\n"
                      "g(int argc, char **argv) { return argc + !argv; }\n"
                      "h(void) { return 0; }\n"
                      "static s(c) char c; { return c; }\n"
                      "v(int n, ...) { return n; }\n"
                      "int w(register r, const *p) { return r + !p + (int)sizeof(const *); }\n"
                      "bare, *bare_ptr, bare_arr[2];\n");
    ok(p);
    assert_string_equal(find(p, ND_INIT_DECL, 1)->name, "x");
    assert_string_equal(find(p, ND_INIT_DECL, 4)->name, "t");   // T is the type
    Node *f = find(p, ND_FUNC, 1);
    assert_string_equal(f->name, "f");
    assert_string_equal(declarator_func(f->declarator)->knr->next->name, "b");
    Node *g = find(p, ND_FUNC, 2);
    assert_string_equal(declarator_func(g->declarator)->list->next->name, "argv");
    assert_non_null(find(p, ND_FUNC, 4)->knr);
    assert_true(declarator_func(find(p, ND_FUNC, 5)->declarator)->flags & FL_VARIADIC);
    Node *last = p->ctx.tu->list;
    while (last->next)
        last = last->next;
    assert_int_equal(last->kind, ND_DECL);
    assert_string_equal(last->list->next->next->name, "bare_arr");
    Node *w = declarator_func(find(p, ND_FUNC, 6)->declarator);
    assert_string_equal(w->list->next->name, "p");
    assert_non_null(find(p, ND_SIZEOF_TYPE, 0));
    done(p);
    p = parse("f(a, int b) { return 0; }\n");
    assert_int_not_equal(p->rc, 0);
    assert_non_null(strstr(p->diag, "t.blc:1:6: error: expected identifier before int"));
    done(p);
    p = parse("f(a, ...) { return 0; }\n");
    assert_int_not_equal(p->rc, 0);
    assert_non_null(strstr(p->diag, "t.blc:1:6: error: expected identifier before ..."));
    done(p);
}

/* GNU C: designators without '=' (`[3] 7`, `[1 ... 2] 5`, `x: 1`), an
 * attribute before a later declarator of a list, a last member without
 * its ';'. */
static void test_gnu_old_style_declarations(void **state)
{
    (void)state;
    Parsed *p = parse("int a[6] = { [3] 7, [1 ... 2] 5, [5] = 1 };\n"
                      "struct p { int x, y, z; } q = { y: 2, x: 1 };\n"
                      "int m = 1, __attribute__((unused)) n = 2;\n"
                      "void f(void) { int c = 1, __attribute__((unused)) d = 2; (void)c; }\n"
                      "struct last { int x; struct { int y } in };\n");
    ok(p);
    assert_int_equal(find(p, ND_DESIG_INIT, 0)->list->kind, ND_DESIG_INDEX);
    assert_non_null(find(p, ND_DESIG_INDEX, 1)->rhs);           // [1 ... 2]
    assert_string_equal(find(p, ND_DESIG_FIELD, 0)->name, "y");
    assert_string_equal(find(p, ND_INIT_DECL, 4)->name, "q");
    assert_string_equal(find(p, ND_INIT_DECL, 6)->name, "n");
    assert_string_equal(find(p, ND_INIT_DECL, 8)->name, "d");
    assert_string_equal(find(p, ND_INIT_DECL, 11)->name, "in");  // no ';' before '}'
    assert_string_equal(find(p, ND_INIT_DECL, 10)->name, "y");
    done(p);
}

static void test_coroutine_only_on_functions(void **state)
{
    (void)state;
    /* A declarator with a function is a coroutine type (a pointer, a
     * typedef, a member): accepted; one without is refused. */
    Parsed *p = parse("struct ops { coroutine int (*step)(void); int n; };\n"
                      "int g(coroutine int x);\n"
                      "typedef coroutine int step_fn(void);\n"
                      "typedef coroutine int counter;\n"
                      "coroutine int fine(void);\n");
    assert_int_equal(p->ctx.nerrors, 2);
    assert_non_null(strstr(p->diag, "t.blc:2:21: error: 'coroutine' applies to functions only"));
    assert_non_null(strstr(p->diag, "t.blc:4:23: error:"));
    done(p);
}

static void test_typedef_anywhere_in_specifiers(void **state)
{
    (void)state;
    Parsed *p = parse("int typedef U; unsigned typedef long UL; U x; UL y;"
                      "void f(void) { U * a; }");
    ok(p);
    assert_int_equal(stmt_kind(p, 0), ND_DECL);
    done(p);
}

static void test_prototype_scope(void **state)
{
    (void)state;
    Parsed *p = parse("typedef int T; void f(int T); T x; void g(T); "
                      "void h(int (T)); T y;");
    ok(p);
    done(p);
}

/* ------------------------------------------------------ the language */

static void test_yield_precedence(void **state)
{
    (void)state;
    Parsed *p = parse("coroutine int g(int a);\n"
                      "coroutine void f(int a) { int x; x = yield g(a) + 1;"
                      " if ((yield g(x)) > 3) x = 0; yield (yield g(1)); }");
    ok(p);
    Node *as = find(p, ND_ASSIGN, 0);
    assert_int_equal(as->rhs->kind, ND_YIELD);
    assert_int_equal(as->rhs->lhs->kind, ND_ADD);
    Node *gt = find(p, ND_GT, 0);
    assert_int_equal(gt->lhs->kind, ND_PAREN);
    assert_int_equal(gt->lhs->lhs->kind, ND_YIELD);
    assert_true(p->ctx.tu->list->flags & FL_COROUTINE);
    assert_int_equal(p->ctx.tu->list->kind, ND_DECL);
    assert_true(p->ctx.tu->list->next->flags & FL_COROUTINE);
    done(p);
    p = parse("void f(int a) { a = a + yield a; }");
    assert_int_equal(p->rc, -1);
    done(p);
}

static void test_gnu_extensions(void **state)
{
    (void)state;
    Parsed *p = parse(
        "__extension__ typedef unsigned long long ull;\n"
        "static __inline __attribute__((always_inline)) int f(int x)\n"
        "{ __label__ out; void *t[] = {&&out}; int y = ({ int z = x; z; });\n"
        "  switch (x) { case 1 ... 3: y = x ?: 2; break; default: goto *t[0]; }\n"
        "  __asm__ __volatile__(\"\" : \"=r\"(y) : \"r\"(x) : \"memory\");\n"
        "  int nested(int q) { return q + y; }\n"
        "  int a[10] = { [1 ... 3] = 5, [4] = 1 }; struct { int m; } s = { .m = 1 };\n"
        "  __typeof__(x) w = __builtin_offsetof(struct { int m[3]; }, m[1]);\n"
        "  _Static_assert(sizeof(int) == 4, \"int\");\n"
        "  __auto_type v = _Generic(x, int: 1, default: 2);\n"
        "  __real__ w; _Atomic(int) at; _Alignas(16) char buf[16];\n"
        "  _Thread_local static int tl; __int128 big; _Float128 fl;\n"
        "  return y + nested(2) + __builtin_types_compatible_p(int, long) + v;\n"
        " out: return 0; }\n"
        "int knr(a, b) int a; char *b; { return a; }\n"
        "int asmname(void) __asm__(\"other\") __attribute__((noinline));\n");
    ok(p);
    assert_non_null(find(p, ND_CASE, 0)->rhs);                 // case range
    assert_null(find(p, ND_COND, 0)->then);                    // ?: omitted
    assert_non_null(find(p, ND_LABEL_ADDR, 0));
    assert_non_null(find(p, ND_GOTO_PTR, 0));
    assert_non_null(find(p, ND_STMT_EXPR, 0));
    assert_non_null(find(p, ND_LOCAL_LABEL, 0));
    assert_non_null(find(p, ND_ASM_OPERAND, 1));
    assert_non_null(find(p, ND_DESIG_INDEX, 0)->rhs);          // [1 ... 3]
    assert_non_null(find(p, ND_OFFSETOF, 0));
    assert_non_null(find(p, ND_GENERIC_ASSOC, 1));
    assert_non_null(find(p, ND_TYPES_COMPAT, 0));
    assert_non_null(find(p, ND_FUNC, 1));                      // nested
    Node *knr = find(p, ND_FUNC, 2);
    assert_non_null(knr->knr);
    assert_string_equal(declarator_func(knr->declarator)->knr->name, "a");
    done(p);
}

static void test_unexpanded_macros(void **state)
{
    (void)state;
    Parsed *p = parse("#include <stdarg.h>\n"
                      "#define FMT \"%d\"\n"
                      "int f(int n, ...) { va_list ap; va_start(ap, n);\n"
                      "  int x = va_arg(ap, int); va_end(ap);\n"
                      "  printf(\"x=\" FMT \"\\n\", x); return x; }\n");
    ok(p);
    Node *call = find(p, ND_CALL, 1);                          // va_arg
    assert_int_equal(call->list->next->kind, ND_TYPENAME);
    done(p);
}

/* The parser reads the expansion (here of the file's own #defines, with
 * no preprocessor): a loop macro is the `for` it expands to, braced or
 * not; a type macro's call the struct it writes, the specifiers' span its
 * call; a declaration macro's call the declaration it writes.  Each
 * construct's span says whether a macro made its first token; an X-macro
 * that is no macro here stays a fragment among enumerators. */
static void test_macros_read_expanded(void **state)
{
    (void)state;
    Parsed *p = parse("#define EACH(i, n) for ((i) = 0; (i) < (n); (i)++)\n"
                      "#define ENTRY(t) struct { struct t *next; }\n"
                      "#define NEW(t) for (t x_ = 0; x_ < 1; x_++)\n"
                      "#define DECLARE(t, n) t n\n"
                      "struct n { int v; ENTRY(n) link; };\n"
                      "enum c { COLS(AS_ENUM) C_MAX, E(X) = 3, LAST };\n"
                      "DECLARE(static int, counter) = 3;\n"
                      "int f(int k) { int i, t = 0; EACH(i, k) t++; NEW(int) t--;\n"
                      "  EACH(i, k) { t++; } return t + (int)sizeof(ENTRY(n)); }\n");
    ok(p);
    Node *loop = find(p, ND_FUNC, 0)->body->list->next;
    assert_int_equal(loop->kind, ND_FOR);
    assert_int_equal(loop->body->kind, ND_EXPR_STMT);     // t++;, unbraced
    assert_true(loop->span.prov & SP_MADE);
    assert_true(span_editable(loop->span));               // the call, t++;
    assert_false(span_editable(loop->cond->span));        // inside the body
    assert_int_equal(loop->next->kind, ND_FOR);
    assert_int_equal(loop->next->init->kind, ND_DECL);    // t x_ = 0
    assert_int_equal(loop->next->next->body->kind, ND_BLOCK);
    Node *member = find(p, ND_STRUCT, 0)->list->next;
    assert_int_equal(member->specs->list->kind, ND_STRUCT);
    assert_string_equal(text(p, member->specs->span), "ENTRY(n)");
    Node *en = find(p, ND_ENUM, 0)->list;
    assert_int_equal(en->kind, ND_CALL);
    assert_string_equal(en->next->name, "C_MAX");
    Node *decl = p->ctx.tu->list->next->next;
    assert_int_equal(decl->kind, ND_DECL);
    assert_true(decl->flags & FL_STATIC);
    assert_string_equal(decl->list->declarator->name, "counter");
    assert_non_null(decl->list->init);
    done(p);
    p = parse("int f(int k) { int i; EACH(i, k) i++; return i; }\n");
    assert_int_equal(p->rc, -1);        // not defined here: a plain call
    done(p);
}

static void test_if_groups_without_cpp(void **state)
{
    (void)state;
    Parsed *p = parse("#if A\n"
                      "int f(void) {\n"
                      "#else\n"
                      "int f(int x) {\n"
                      "#endif\n"
                      "  return 0;\n"
                      "}\n"
                      "#if 0\n"
                      "this is not C\n"
                      "#elif B\n"
                      "int g;\n"
                      "#endif\n");
    ok(p);
    assert_int_equal(p->ctx.cpp.ndirs, 6);
    assert_int_equal(p->ctx.cpp.nskips, 2);
    done(p);
}

/* -------------------------------------------------------- AST details */

static void test_spans(void **state)
{
    (void)state;
    Parsed *p = parse("static int  counter = 1, *q;\n"
                      "int f(int a, char *b) { return counter + a; }\n");
    ok(p);
    Node *d = p->ctx.tu->list;
    assert_int_equal(d->kind, ND_DECL);
    assert_true(d->flags & FL_STATIC);
    assert_string_equal(text(p, d->span), "static int  counter = 1, *q;");
    assert_string_equal(text(p, d->specs->span), "static int");
    assert_string_equal(text(p, d->list->span), "counter = 1");
    assert_string_equal(text(p, d->list->declarator->span), "counter");
    assert_string_equal(text(p, d->list->next->declarator->span), "*q");
    assert_string_equal(text(p, d->list->next->name_span), "q");
    Node *fn = d->next;
    Node *params = declarator_func(fn->declarator)->list;
    assert_string_equal(text(p, params->span), "int a");
    assert_string_equal(text(p, params->next->span), "char *b");
    assert_string_equal(params->next->name, "b");
    Node *id = find(p, ND_IDENT, 0);
    assert_string_equal(text(p, id->span), "counter");
    assert_int_equal(id->span.line, 2);
    assert_int_equal(id->span.col, 32);
    done(p);
}

static void test_vla_flag(void **state)
{
    (void)state;
    Parsed *p = parse("enum { N = 4 };\n"
                      "void f(int n) { char a[n]; char b[N * 2]; char c[BUFSIZ];"
                      " int d[3][n]; int (*e)[n]; char g[sizeof(int)]; }");
    ok(p);
    const int vla[] = {1, 0, 0, 1, 0, 0};
    for (int i = 0; i < 6; i++)
        assert_int_equal(!!(find(p, ND_INIT_DECL, i)->flags & FL_VLA), vla[i]);
    done(p);
}

/* ------------------------------------------------ errors and recovery */

static void test_errors_and_recovery(void **state)
{
    (void)state;
    Parsed *p = parse("int f(void)\n{\n\tint x = 1\n\treturn x;\n}\n"
                      "int g(void) { return 1 + ; }\n"
                      "int ok_after(void) { return 2; }\n");
    assert_int_equal(p->rc, -1);
    assert_int_equal(p->ctx.nerrors, 2);
    assert_non_null(strstr(p->diag, "t.blc:4:2: error: expected"));
    assert_non_null(strstr(p->diag, "\n \treturn x;\n \t^\n"));
    assert_non_null(strstr(p->diag, "t.blc:6:"));
    done(p);
    p = parse("int f(void) {\n  if (1) {\n");
    assert_non_null(strstr(p->diag, "(to close '{' at line 2)"));
    done(p);
}

static void test_lexical_errors(void **state)
{
    (void)state;
    static const char src[] = "int a; /* open\n";
    Parsed *p = parse(src);
    assert_non_null(strstr(p->diag, "t.blc:1:8: error: unterminated comment"));
    done(p);
    p = parse("char *s = \"abc;\nint b;\n");
    assert_non_null(strstr(p->diag, "t.blc:1:11: error: missing terminating"));
    done(p);
    Options opt = {.input = "t.blc", .no_cpp = true};
    Ctx ctx;
    ctx_init(&ctx, &opt, "t.blc", "int a\0;\x01", 8);
    char *d = NULL;
    size_t dn = 0;
    ctx.diag = open_memstream(&d, &dn);
    scan_directives(&ctx);
    assert_int_equal(parse_source(&ctx), -1);
    fclose(ctx.diag);
    assert_non_null(strstr(d, "stray byte 0x00"));
    assert_non_null(strstr(d, "stray byte 0x01"));
    free(d);
    ctx_free(&ctx);
}

/* blc keeps in the tree only the items with coroutine syntax
 * (ctx.drop_plain): the others' typedef names still count. */
/* symtab_lookup_interned answers for the table asked, whichever table
 * interned the name (its own: without hashing). */
static void test_lookup_interned_across_tables(void **state)
{
    (void)state;
    Symtab *a = symtab_new(), *b = symtab_new();
    const char *in_a = symtab_intern(a, "T", 1), *in_b = symtab_intern(b, "T", 1);
    symtab_declare(a, "T", SYM_TYPEDEF);
    assert_int_equal(symtab_lookup_interned(a, in_a), SYM_TYPEDEF);
    assert_int_equal(symtab_lookup_interned(b, in_a), SYM_NONE);
    assert_int_equal(symtab_lookup_interned(a, in_b), SYM_TYPEDEF);
    assert_int_equal(symtab_lookup_interned(b, in_b), SYM_NONE);
    assert_int_equal(symtab_interned_len(in_b), 1);
    symtab_free(a);
    symtab_free(b);
}

static void test_drop_plain(void **state)
{
    (void)state;
    static const char src[] = "typedef int T; int a;\n"
        "struct s { int m; } s1; struct s s2;\n"
        "coroutine T f(void) { yield g(); }\n"
        "int b(void) { T x = 0; return x; }\n"
        "void k(void) { yield g(); }\n"
        "static int c = 1;\n";
    Options opt = {.input = "t.blc", .no_cpp = true};
    Ctx ctx;
    ctx_init(&ctx, &opt, "t.blc", src, strlen(src));
    ctx.drop_plain = true;
    ctx.quiet = true;
    cpp_declare_builtin_typedefs(&ctx);
    scan_directives(&ctx);
    assert_int_equal(parse_source(&ctx), 0);
    Node *t = ctx.tu->list;                         // a typedef: kept
    assert_non_null(t);
    assert_int_equal(t->kind, ND_DECL);
    assert_true(t->flags & FL_TYPEDEF);
    Node *d = t->next;                  // `int a;` dropped; struct s defined
    assert_non_null(d);
    assert_int_equal(d->kind, ND_DECL);
    assert_false(d->flags & FL_TYPEDEF);
    Node *f = d->next;                              // `struct s s2;` dropped
    assert_non_null(f);
    assert_int_equal(f->kind, ND_FUNC);
    assert_string_equal(f->name, "f");
    assert_non_null(f->next);
    assert_string_equal(f->next->name, "k");      // a yield: kept, checked
    assert_null(f->next->next);
    assert_int_equal(analyze(&ctx), -1);
    ctx_free(&ctx);
}

static void test_spliced_identifier(void **state)
{
    (void)state;
    Parsed *p = parse("typedef int my\\\ntype; my\\\r\ntype x;\nint split\\\n_name = 1;");
    ok(p);
    assert_string_equal(find(p, ND_INIT_DECL, 2)->name, "split_name");
    done(p);
}

/* UTF-8 letters and UCNs are identifier characters; a name is its UTF-8
 * spelling, so the two spellings of one character name one identifier. */
static void test_extended_identifiers(void **state)
{
    (void)state;
    Parsed *p = parse("int caf\xc3\xa9 = 1; int \\u00e9t = 2; int \\U000000e9x = 3;\n"
                      "int \xce\xbb\\u03bb$\xf0\x9f\x98\x80 = caf\\u00e9;");
    ok(p);
    assert_string_equal(find(p, ND_INIT_DECL, 0)->name, "caf\xc3\xa9");
    assert_string_equal(find(p, ND_INIT_DECL, 1)->name, "\xc3\xa9t");
    assert_string_equal(find(p, ND_INIT_DECL, 2)->name, "\xc3\xa9x");
    assert_string_equal(find(p, ND_INIT_DECL, 3)->name,
                        "\xce\xbb\xce\xbb$\xf0\x9f\x98\x80");
    assert_string_equal(find(p, ND_IDENT, 0)->name, "caf\xc3\xa9");
    Span s = find(p, ND_IDENT, 0)->span;    // the span is the spelling
    assert_int_equal(s.end - s.begin, strlen("caf\\u00e9"));
    done(p);
    p = parse("typedef int \\u00e9; void f(void) { \xc3\xa9 * x; }");
    ok(p);
    assert_int_equal(stmt_kind(p, 0), ND_DECL);
    done(p);
    p = parse("typedef int \xc3\xa9; void f(int x) { int \\u00e9 = 2; \xc3\xa9 * x; }");
    ok(p);
    assert_int_equal(stmt_kind(p, 1), ND_EXPR_STMT);      // é is a variable here
    done(p);
}

static void test_extended_identifier_errors(void **state)
{
    (void)state;
    static const struct { const char *src, *diag; } cases[] = {
        {"int caf\xc3 = 1;", "t.blc:1:8: error: stray byte 0xc3 in program"},
        {"int \x80x = 1;", "t.blc:1:5: error: stray byte 0x80 in program"},
        {"int \xc0\xafy;", "t.blc:1:5: error: stray byte 0xc0 in program"},
        {"int \xed\xa0\x80;", "t.blc:1:5: error: stray byte 0xed in program"},
        {"int \xf4\x90\x80\x80;", "t.blc:1:5: error: stray byte 0xf4 in program"},
        {"int a\\u12 = 1;", "t.blc:1:6: error: stray '\\' in program"},
        {"int \\U0000e9;", "t.blc:1:5: error: stray '\\' in program"},
        {"int x\\u0041;", "t.blc:1:6: error: character U+0041 is not allowed"},
        {"int x\xc2\xa0;", "t.blc:1:6: error: character U+00A0 is not allowed"},
        {"int \\ud800;", "t.blc:1:5: error: character U+D800 is not allowed"},
        {"int \xcc\x81x;", "t.blc:1:5: error: character U+0301 cannot start"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        Parsed *p = parse(cases[i].src);
        assert_int_equal(p->rc, -1);
        if (!strstr(p->diag, cases[i].diag))
            fprintf(stderr, "case %zu: %s", i, p->diag);
        assert_non_null(strstr(p->diag, cases[i].diag));
        done(p);
    }
    Parsed *p = parse("int y\xcc\x81 = 1;");    // a combining mark after a letter
    ok(p);
    done(p);
}

/* A source of n repetitions of `unit` between `head` and `tail`. */
static char *repeat(const char *head, const char *unit, size_t n, const char *tail)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    char *src = malloc(hl + ul * n + tl + 1), *q = src;
    memcpy(q, head, hl);
    q += hl;
    for (size_t i = 0; i < n; i++, q += ul)
        memcpy(q, unit, ul);
    memcpy(q, tail, tl + 1);
    return src;
}

/* Genuine nesting is refused, with a diagnostic and no stack overflow. */
static void refused_as_too_deep(char *src)
{
    Parsed *p = parse(src);
    assert_int_equal(p->rc, -1);
    assert_non_null(strstr(p->diag, "nesting too deep"));
    done(p);
    free(src);
}

static void test_nesting_limits(void **state)
{
    (void)state;
    char *open = repeat("int x = ", "(", 10000, "1");
    refused_as_too_deep(repeat(open, ")", 10000, ";"));
    free(open);
    refused_as_too_deep(repeat("int x = ", "- ", 10000, "1;"));
    refused_as_too_deep(repeat("int f(int x) { ", "if (x) ", 10000, "x++; }"));
    refused_as_too_deep(repeat("int f(int x) { ", "while (x) ", 10000, "x++; }"));
}

/* Every ND_IDENT under a node, walked with visit_flat: how many, and
 * whether they came in source order. */
typedef struct Idents {
    size_t n;
    uint32_t last;
    bool in_order;
} Idents;

static int count_idents(Node *n, void *arg)
{
    Idents *c = arg;
    if (n->kind == ND_IDENT) {
        c->in_order &= c->n == 0 || n->span.begin > c->last;
        c->last = n->span.begin;
        c->n++;
    }
    return visit_flat(n, count_idents, arg);
}

/* A flat chain of n terms parses, is low, and is walked in source order
 * without recursing along it. */
static void flat_chain_ok(const char *head, const char *unit, size_t n,
                          const char *tail, size_t idents)
{
    char *src = repeat(head, unit, n, tail);
    Parsed *p = parse(src);
    ok(p);
    assert_true(p->ctx.tu->list->height < 20);
    Idents c = {0, 0, true};
    count_idents(p->ctx.tu, &c);
    assert_int_equal(c.n, idents);
    assert_true(c.in_order);
    done(p);
    free(src);
}

static void test_flat_chains(void **state)
{
    (void)state;
    size_t n = 100000;
    flat_chain_ok("int f(int x) { return x", " + x", n, "; }", n + 1);
    flat_chain_ok("int f(int x) { return x", " || x", n, "; }", n + 1);
    flat_chain_ok("int f(int x) { return x", " * 2 - x", n, "; }", n + 1);
    flat_chain_ok("int f(int x) { return (x", ", x", n, "); }", n + 1);
    flat_chain_ok("int f(int x) { int a[] = { x", ", x", n, " }; return a[0]; }",
                  n + 2);
    flat_chain_ok("char *s = \"a\"", " \"b\"", n, ";", 0);
    flat_chain_ok("int f(int x) { if (x == 0) return x;",
                  " else if (x == 1) return x;", 20000, " return -1; }",
                  2 * 20000 + 2);
    flat_chain_ok("int f(int x) { switch (x) {", " case 1: L: default:", 20000,
                  " return x; } return 0; }", 2);
    /* The links' other operands still count: a deep term in a chain. */
    char *head = repeat("int x = 0", " + 0", 1000, " + ");
    refused_as_too_deep(repeat(head, "- ", 3000, "1;"));
    free(head);
}

/* chain_link names the next link of each chain, and nothing else. */
static void test_chain_links(void **state)
{
    (void)state;
    Parsed *p = parse("int f(int a) { if (a) a + 1 - 2, a; else if (a) ; "
                      "else a = (a + 1) * 2; }");
    ok(p);
    Node *comma = find(p, ND_COMMA, 0), *sub = find(p, ND_SUB, 0);
    assert_ptr_equal(chain_link(comma), comma->lhs);       // , over -
    assert_ptr_equal(chain_link(sub), find(p, ND_ADD, 0)); // - over +
    assert_null(chain_link(find(p, ND_ADD, 0)));           // + over a, 1
    Node *if1 = find(p, ND_IF, 0);
    assert_ptr_equal(chain_link(if1), find(p, ND_IF, 1));
    assert_null(chain_link(find(p, ND_IF, 1)));
    assert_null(chain_link(find(p, ND_MUL, 0)));           // (a + 1): a paren
    assert_null(chain_link(find(p, ND_ASSIGN, 0)));
    done(p);
}

static void test_many_parses(void **state)
{
    (void)state;
    for (int i = 0; i < 200; i++) {
        Parsed *p = parse("typedef struct s { int a; } S; S *f(S *p) { return p; }");
        ok(p);
        done(p);
    }
}

/* The reference of the check (cpp's text of the main file) as built
 * from cpp's output learnt in one piece; *n: its length (under 60). */
static void reference(const char *out, size_t len, size_t split, char *ref, size_t *n)
{
    static const char src[] = "int a;\n";
    Options opt = {.input = "t.c"};
    Ctx ctx;
    ctx_init(&ctx, &opt, "t.c", src, sizeof src - 1);
    Expander *ex = expand_new(&ctx);
    size_t used = 0;
    if (split == (size_t)-1) {          // a line at a time
        for (size_t k = 0; k < len; k++)
            if (out[k] == '\n')
                used += expand_learn_more(ex, out + used, k + 1 - used, false);
    } else {
        used = expand_learn_more(ex, out, split, false);
    }
    expand_learn_more(ex, out + used, len - used, true);
    const char *r;
    *n = expand_check_context(ex, &r);
    assert_true(*n < 60);
    memcpy(ref, r, *n);
    expand_free(ex);
    ctx_free(&ctx);
}

/* The reference is built as cpp's output streams in (expand_learn_more):
 * whatever the pieces, it is what the whole output gives at once.  A
 * literal that a backslash carries onto the next line is looked at
 * whole; a name that is not plain ASCII after plain lines has the lexer
 * spell all of the text, nothing of it twice. */
static void test_reference_in_pieces(void **state)
{
    (void)state;
    static const char *outs[] = {
        "# 0 \"t.c\"\n# 1 \"t.c\"\nint a = 1 ;\nchar * s = \"x\\\n\xc3\xa9\" ;\nint b ;\n",
        "# 0 \"t.c\"\n# 1 \"t.c\"\nint a = 1 ;\nint b ;\nint \\u00e9 = 2 ;\n",
    };
    for (size_t i = 0; i < sizeof outs / sizeof *outs; i++) {
        size_t len = strlen(outs[i]), n, m;
        char whole[64], piece[64];
        reference(outs[i], len, 0, whole, &n);      // all at the end
        for (size_t k = 1; k <= len; k++) {
            reference(outs[i], len, k, piece, &m);
            assert_int_equal(m, n);
            assert_memory_equal(piece, whole, n);
        }
        reference(outs[i], len, (size_t)-1, piece, &m);
        assert_int_equal(m, n);
        assert_memory_equal(piece, whole, n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_typedef_star),
        cmocka_unit_test(test_typedef_paren_call),
        cmocka_unit_test(test_cast_and_sizeof),
        cmocka_unit_test(test_inner_scope_shadowing),
        cmocka_unit_test(test_typedef_as_member_label_enumerator),
        cmocka_unit_test(test_typedef_redeclared_as_object),
        cmocka_unit_test(test_scope_starts_after_declarator),
        cmocka_unit_test(test_typedef_in_its_own_initializer),
        cmocka_unit_test(test_implicit_int),
        cmocka_unit_test(test_gnu_old_style_declarations),
        cmocka_unit_test(test_coroutine_only_on_functions),
        cmocka_unit_test(test_typedef_anywhere_in_specifiers),
        cmocka_unit_test(test_prototype_scope),
        cmocka_unit_test(test_yield_precedence),
        cmocka_unit_test(test_gnu_extensions),
        cmocka_unit_test(test_unexpanded_macros),
        cmocka_unit_test(test_macros_read_expanded),
        cmocka_unit_test(test_if_groups_without_cpp),
        cmocka_unit_test(test_spans),
        cmocka_unit_test(test_vla_flag),
        cmocka_unit_test(test_errors_and_recovery),
        cmocka_unit_test(test_lexical_errors),
        cmocka_unit_test(test_lookup_interned_across_tables),
        cmocka_unit_test(test_drop_plain),
        cmocka_unit_test(test_spliced_identifier),
        cmocka_unit_test(test_extended_identifiers),
        cmocka_unit_test(test_extended_identifier_errors),
        cmocka_unit_test(test_nesting_limits),
        cmocka_unit_test(test_flat_chains),
        cmocka_unit_test(test_chain_links),
        cmocka_unit_test(test_many_parses),
        cmocka_unit_test(test_reference_in_pieces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
