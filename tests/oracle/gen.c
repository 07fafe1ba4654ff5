/*
 * gen.c - the erasure oracle's program generator: `gen SEED` prints a
 * random, terminating .blc program whose output does not depend on any
 * order that C leaves unspecified.  Erased (tests/oracle/erase.sh) it is a
 * sequential C program; translated by blc and run by libbluelet it must
 * print the same lines.  tests/oracle/run.sh compares the two.
 *
 * The key decision is how to stay clear of unspecified order while still
 * putting yields everywhere: coroutines come in two kinds.  Pure ones
 * (p0, p1, ...) compute an int from their arguments; they may loop, yield,
 * recurse and call other pure ones, but print nothing and touch no
 * global, so any number of them may sit in one expression.  Effectful ones
 * (e0, e1, ...) print, and one of them may appear in an expression only if
 * it is the only effect there, which C then sequences fully, including
 * inside &&, ||, ?: and comma.  Pointers to locals go only to statements
 * of their own.  Values stay small (every store is reduced modulo 1000),
 * so no arithmetic overflows.  Pure coroutines are also called through
 * coroutine pointers: a table of them (`pure_fn *const pures[]`, with
 * `typedef coroutine int pure_fn(int, int)`) and locals kept across a
 * yield.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng;

static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return n ? (unsigned)(rng % n) : 0;
}

static bool chance(unsigned percent) { return rnd(100) < percent; }

/* The variables in scope, innermost last; `fixed` ones (loop counters)
 * are read but never assigned. */
typedef struct Var {
    char name[16];
    int depth;                  // block depth where declared
    bool fixed;
    bool array;                 // int name[4]
} Var;

static Var vars[256];
static int nvars, depth, indent_level, uniq;
static int npure, neff, cur_pure;   // pure coroutines p0..p{npure-1}
static bool in_pure;                // generating a pure coroutine's body
static const char *hidden;          // a name being declared: not readable
static int loops;                   // loops around the statement generated
static int c_loops;                 // of them, C loops (break, continue)

static void line(const char *f, ...) __attribute__((format(printf, 1, 2)));
static void line(const char *f, ...)
{
    printf("%*s", 4 * indent_level, "");
    va_list ap;
    va_start(ap, f);
    vprintf(f, ap);
    va_end(ap);
    putchar('\n');
}

/* Whether vars[i] is hidden by a later declaration of its name. */
static bool shadowed(int i)
{
    for (int j = i + 1; j < nvars; j++)
        if (!strcmp(vars[j].name, vars[i].name))
            return true;
    return false;
}

static Var *pick_var(bool assignable)
{
    Var *c[256];
    int n = 0;
    for (int i = 0; i < nvars; i++)
        if (!vars[i].array && (!assignable || !vars[i].fixed) && !shadowed(i) &&
            !(hidden && !strcmp(vars[i].name, hidden)))
            c[n++] = &vars[i];
    return n ? c[rnd((unsigned)n)] : NULL;
}

static Var *pick_array(void)
{
    Var *c[256];
    int n = 0;
    for (int i = 0; i < nvars; i++)
        if (vars[i].array)
            c[n++] = &vars[i];
    return n ? c[rnd((unsigned)n)] : NULL;
}

/* Declares a new variable; sometimes it reuses (shadows) an outer name. */
static Var *new_var(bool array)
{
    Var *v = &vars[nvars++];
    memset(v, 0, sizeof *v);
    Var *outer = nvars > 1 && chance(25) ? &vars[rnd((unsigned)nvars - 1)] : NULL;
    for (int i = 0; outer && i < nvars - 1; i++)   // not twice in one block
        if (vars[i].depth == depth && !strcmp(vars[i].name, outer->name))
            outer = NULL;
    if (outer && outer->depth < depth && !outer->array && !array)
        memcpy(v->name, outer->name, sizeof v->name);
    else
        snprintf(v->name, sizeof v->name, "%c%d", array ? 'a' : 'v', uniq++);
    v->depth = depth;
    v->array = array;
    return v;
}

/* Hides the variables of blocks deeper than `depth`. */
static void end_block(void)
{
    while (nvars > 0 && vars[nvars - 1].depth > depth)
        nvars--;
}

static void expr(char *out, size_t cap, int level, bool *effect);

/* A call of a pure coroutine that may be called from here: a lower index
 * (so recursion is only the explicit, bounded kind). */
static void pure_call(char *out, size_t cap, int level, bool *effect)
{
    int limit = in_pure ? cur_pure : npure;
    char a[512], b[512];
    if (chance(15)) {   /* an array that must outlive the caller's yield */
        expr(a, sizeof a, level + 1, effect);
        expr(b, sizeof b, level + 1, effect);
        snprintf(out, cap, "(yield psum((int[]){ %s, %s, %u }, 3))", a, b, rnd(9));
        return;
    }
    if (limit == 0) {
        snprintf(out, cap, "(yield bl_null())");
        return;
    }
    expr(a, sizeof a, level + 1, effect);
    expr(b, sizeof b, level + 1, effect);
    if (chance(25))     /* through the table of coroutine pointers */
        snprintf(out, cap, "(yield pures[%u](%s, %s))", rnd((unsigned)limit), a, b);
    else
        snprintf(out, cap, "(yield p%u(%s, %s))", rnd((unsigned)limit), a, b);
}

/* An int expression; *effect says whether an effectful call is still
 * allowed in it (and is cleared when one is used). */
static void expr(char *out, size_t cap, int level, bool *effect)
{
    char a[1024], b[1024], c[1024];
    Var *v = pick_var(false);
    Var *arr = pick_array();
    unsigned k = level > 2 ? rnd(4) : rnd(16);
    switch (k) {
    case 0: case 1:
        snprintf(out, cap, "%u", rnd(20));
        return;
    case 2: case 3:
        if (v) {
            snprintf(out, cap, "%s", v->name);
            return;
        }
        snprintf(out, cap, "%u", rnd(9));
        return;
    case 4:
        if (arr) {
            expr(a, sizeof a, level + 1, effect);
            snprintf(out, cap, "%s[(%s) & 3]", arr->name, a);
            return;
        }
        /* fallthrough */
    case 5:
        pure_call(out, cap, level, effect);
        return;
    case 6:
        if (*effect && !in_pure && neff) {
            *effect = false;
            expr(a, sizeof a, level + 1, &(bool){ false });
            snprintf(out, cap, "(yield e%u(%s))", rnd((unsigned)neff), a);
            return;
        }
        snprintf(out, cap, "(yield bl_null())");
        return;
    case 7: case 8:
        expr(a, sizeof a, level + 1, effect);
        expr(b, sizeof b, level + 1, effect);
        snprintf(out, cap, "(%s %s %s)", a, rnd(2) ? "+" : "-", b);
        return;
    case 9:
        snprintf(a, sizeof a, "%u", rnd(5));
        expr(b, sizeof b, level + 3, effect);  // a leaf: no overflow
        snprintf(out, cap, "(%s * %s)", a, b);
        return;
    case 10:
        expr(a, sizeof a, level + 1, effect);
        expr(b, sizeof b, level + 1, effect);
        snprintf(out, cap, "(%s %s %s)", a, rnd(2) ? "&&" : "||", b);
        return;
    case 11:
        expr(a, sizeof a, level + 1, effect);
        expr(b, sizeof b, level + 1, effect);
        expr(c, sizeof c, level + 1, effect);
        snprintf(out, cap, "(%s ? %s : %s)", a, b, c);
        return;
    case 12:
        expr(a, sizeof a, level + 1, effect);
        expr(b, sizeof b, level + 1, effect);
        snprintf(out, cap, "(%s %s %s)", a, (const char *[]){ "<", ">", "==", "!=" }[rnd(4)], b);
        return;
    case 13:
        expr(a, sizeof a, level + 1, effect);
        snprintf(out, cap, "((%s) %% 7)", a);
        return;
    case 15: {  /* a statement expression, yields inside (and a local) */
        int id = uniq++;
        expr(a, sizeof a, level + 1, effect);
        expr(b, sizeof b, level + 1, effect);
        snprintf(out, cap, "({ int s%d = (%s) %% 1000; (s%d + %s) %% 1000; })",
                 id, a, id, b);
        return;
    }
    default:
        expr(a, sizeof a, level + 1, effect);
        snprintf(out, cap, "(!%s)", a);
        return;
    }
}

static void full_expr(char *out, size_t cap)
{
    bool effect = true;
    expr(out, cap, 0, &effect);
}

static void stmts(int n, bool decls);

static void block(int n)
{
    line("{");
    indent_level++;
    depth++;
    stmts(n, true);
    depth--;
    end_block();
    indent_level--;
    line("}");
}

static void assign_stmt(void)
{
    char e[4096];
    Var *v = pick_var(true);
    full_expr(e, sizeof e);
    if (!v) {
        line("(void)%s;", e);
        return;
    }
    switch (rnd(4)) {
    case 0:
        line("%s = (%s) %% 1000;", v->name, e);
        break;
    case 1:
        line("%s += %s;", v->name, e);
        line("%s %%= 1000;", v->name);
        break;
    case 2: {
        Var *arr = pick_array();
        if (arr) {
            line("%s[%u] = (%s) %% 1000;", arr->name, rnd(4), e);
            break;
        }
        line("%s = (%s) %% 1000;", v->name, e);
        break;
    }
    default:
        line("%s = (%s, %s %% 1000);", v->name, "(void)0", e);
        break;
    }
}

static void print_stmt(void)
{
    char e[4096];
    if (in_pure) {          // a pure coroutine prints nothing
        line(";");
        return;
    }
    full_expr(e, sizeof e);
    line("printf(\"%%d\\n\", %s);", e);
}

static void decl_stmt(void)
{
    char e[4096];
    if (chance(20)) {
        Var *a = new_var(true);
        line("int %s[4] = { %u, %u, %u, %u };", a->name, rnd(9), rnd(9), rnd(9), rnd(9));
        return;
    }
    Var *v = new_var(false);
    nvars--;                // in C, the initialiser already sees the new name
    hidden = v->name;
    full_expr(e, sizeof e);
    hidden = NULL;
    nvars++;
    line("int %s = (%s) %% 1000;", v->name, e);
}

static void pointer_stmt(void)
{
    Var *v = pick_var(true);
    if (!v || in_pure || !neff)
        return;
    char e[4096];
    full_expr(e, sizeof e);
    line("{");
    indent_level++;
    line("int *ptr = &%s;", v->name);
    line("yield eset(ptr, (%s) %% 1000);", e);
    line("printf(\"set %%d\\n\", *ptr);");
    indent_level--;
    line("}");
}

/* A local coroutine pointer, kept across a yield, then called. */
static void coroutine_pointer_stmt(void)
{
    int limit = in_pure ? cur_pure : npure;
    Var *v = pick_var(true);
    if (!v || limit == 0)
        return;
    char a[4096], b[4096];
    bool effect = !in_pure && neff > 0;     // one effect for both operands
    expr(a, sizeof a, 0, &effect);
    expr(b, sizeof b, 0, &effect);
    line("{");
    indent_level++;
    if (chance(50))
        line("coroutine int (*op)(int, int) = p%u;", rnd((unsigned)limit));
    else
        line("pure_fn *op = pures[%u];", rnd((unsigned)limit));
    line("yield bl_null();");
    line("%s = (%s + (yield op((%s) %% 1000, (%s) %% 1000))) %% 1000;",
         v->name, v->name, a, b);
    indent_level--;
    line("}");
}

static void if_stmt(int n)
{
    char e[4096];
    full_expr(e, sizeof e);
    line("if (%s)", e);
    block(n);
    if (chance(50)) {
        line("else");
        block(n);
    }
}

static Var *counter(void)
{
    Var *c = new_var(false);
    c->fixed = true;
    return c;
}

static void loop_stmt(int n)
{
    char e[4096];
    full_expr(e, sizeof e);
    unsigned bound = 1 + rnd(3);
    line("{");
    indent_level++;
    depth++;
    switch (rnd(3)) {
    case 0: {
        Var *c = counter();
        if (chance(50))
            line("for (int %s = 0; %s < %u && (%s); %s++)", c->name, c->name, bound, e, c->name);
        else    /* a yield in the increment, run after each `continue` too */
            line("for (int %s = 0; %s < %u && (%s); %s += 1 + 0 * (yield bl_null()))",
                 c->name, c->name, bound, e, c->name);
        break;
    }
    case 1: {
        Var *c = counter();
        line("int %s = 0;", c->name);
        line("while (%s++ < %u && (%s))", c->name, bound, e);
        break;
    }
    default: {
        Var *c = counter();
        line("int %s = 0;", c->name);
        line("do");
        c_loops++;
        block(n);
        c_loops--;
        line("while (++%s < %u && (%s));", c->name, bound, e);
        depth--;
        end_block();
        indent_level--;
        line("}");
        return;
    }
    }
    line("{");
    indent_level++;
    c_loops++;
    stmts(n, true);
    c_loops--;
    if (chance(30))
        line("if (%s) continue;", pick_var(false) ? pick_var(false)->name : "0");
    print_stmt();
    indent_level--;
    line("}");
    depth--;
    end_block();
    indent_level--;
    line("}");
}

static void switch_stmt(int n)
{
    char e[4096];
    full_expr(e, sizeof e);
    line("switch ((%s) %% 3) {", e);
    for (int c = 0; c < 3; c++) {
        line("case %d:", c);
        indent_level++;
        stmts(n, false);
        if (chance(60))
            line("break;");
        else
            line("/* fallthrough */");
        indent_level--;
    }
    line("default:");
    indent_level++;
    line("break;");
    indent_level--;
    line("}");
}

static void goto_stmt(int n)
{
    char e[4096];
    int label = uniq++;
    full_expr(e, sizeof e);
    line("if (%s)", e);
    line("    goto skip%d;", label);
    stmts(n, false);    // no declaration is jumped over
    printf("skip%d:\n", label);
    print_stmt();
}

/* A backward goto, bounded by a counter. */
static void again_stmt(int n)
{
    int label = uniq++;
    line("{");
    indent_level++;
    depth++;
    if (chance(50))     /* GCC's local label: the same, block-scoped */
        line("__label__ again%d;", label);
    Var *c = counter();
    line("int %s = 0;", c->name);
    printf("again%d:\n", label);
    stmts(n, false);
    line("if (++%s < 2)", c->name);
    line("    goto again%d;", label);
    depth--;
    end_block();
    indent_level--;
    line("}");
}

/* A user switch whose case labels sit inside a loop (Duff's device). */
static void duff_stmt(int n)
{
    char e[4096];
    full_expr(e, sizeof e);
    line("{");
    indent_level++;
    depth++;
    Var *c = counter();
    line("int %s = 0;", c->name);
    line("switch ((%s) %% 3) {", e);
    line("case 0:");
    line("    do {");
    indent_level += 2;
    stmts(n, false);
    indent_level -= 2;
    line("    /* fallthrough */");
    line("case 1:");
    indent_level += 2;
    stmts(n, false);
    indent_level -= 2;
    line("    /* fallthrough */");
    line("case 2:");
    indent_level += 2;
    print_stmt();
    indent_level -= 2;
    line("    } while (++%s < 2);", c->name);
    line("}");
    depth--;
    end_block();
    indent_level--;
    line("}");
}

/* A block of its own enum, struct and typedef, under the same names in
 * every such block (and at file scope), with a string-initialised char
 * array (its size sometimes from the enum, so that it moves too), all
 * read after a yield. */
static void types_stmt(void)
{
    char a[4096];
    full_expr(a, sizeof a);
    int id = uniq++;
    line("{");
    indent_level++;
    line("enum { RED = %u, GREEN };", rnd(9));
    line("struct pt { int a, b; };");
    line("typedef struct pt pt_t;");
    line("pt_t t%d = { (%s) %% 1000, GREEN };", id, a);
    static const char *const sizes[] = { "", "8", "GREEN + 8" };
    line("char w%d[%s] = \"w%d\";", id, sizes[rnd(3)], id);
    line("yield bl_null();");
    if (!in_pure)
        line("printf(\"t %%d %%d %%d %%s\\n\", t%d.a, t%d.b, RED, w%d);", id, id, id);
    else
        line("x = (x + t%d.b + w%d[1]) %% 1000;", id, id);
    indent_level--;
    line("}");
}

/* A struct local, its members read and written around yields. */
static void struct_stmt(void)
{
    char a[4096], b[4096];
    if (chance(30)) {
        types_stmt();
        return;
    }
    full_expr(a, sizeof a);
    full_expr(b, sizeof b);
    int id = uniq++;
    line("{");
    indent_level++;
    line("struct { int a, b; } s%d = { (%s) %% 1000, (%s) %% 1000 };", id, a, b);
    full_expr(a, sizeof a);
    line("s%d.b = (s%d.a + (%s)) %% 1000;", id, id, a);
    if (!in_pure)
        line("printf(\"s %%d %%d\\n\", s%d.a, s%d.b);", id, id);
    else
        line("x = (x + s%d.b) %% 1000;", id);
    indent_level--;
    line("}");
}

/* A block with a cleanup local, which prints when the block is left:
 * by its end, or by a break, continue or goto out of it. */
static void cleanup_stmt(int n)
{
    char e[4096];
    if (in_pure) {
        block(n);
        return;
    }
    full_expr(e, sizeof e);
    line("{");
    indent_level++;
    depth++;
    int id = uniq++;
    line("__attribute__((cleanup(note))) int c%d = (%s) %% 1000;", id, e);
    stmts(n, true);
    if (c_loops && chance(30))
        line("if (c%d %% 2) %s;", id, rnd(2) ? "break" : "continue");
    depth--;
    end_block();
    indent_level--;
    line("}");
}

/* ?: as a statement, each arm a yield of its own. */
static void cond_stmt(void)
{
    char e[4096];
    full_expr(e, sizeof e);
    if (in_pure || !neff) {
        line("(%s) ? (void)(yield bl_null()) : (void)0;", e);
        return;
    }
    line("(%s) ? (void)(yield e0(1)) : (void)(yield e0(2));", e);
}

static void stmts(int n, bool decls)
{
    for (int i = 0; i < n; i++) {
        unsigned k = depth > 3 ? rnd(5) : rnd(16);
        if (!decls && (k == 2 || k == 10))
            k = 0;
        if ((k == 6 || k == 10 || k == 12) && (in_pure || loops >= 2))
            k = 5;      // bounded work: few nested loops, none in pure ones
        switch (k) {
        case 0: case 1: assign_stmt(); break;
        case 2: decl_stmt(); break;
        case 3: print_stmt(); break;
        case 4: pointer_stmt(); break;
        case 5: if_stmt(n / 2); break;
        case 6: loops++; loop_stmt(n / 2); loops--; break;
        case 7: switch_stmt(n / 2); break;
        case 8: goto_stmt(n / 2); break;
        case 9: block(n / 2); break;
        case 10: loops++; again_stmt(n / 2); loops--; break;
        case 12: loops++; duff_stmt(n / 2); loops--; break;
        case 13: struct_stmt(); break;
        case 14: cond_stmt(); break;
        case 15: cleanup_stmt(n / 2); break;
        case 11: coroutine_pointer_stmt(); break;
        default: {
            char e[4096];
            if (in_pure) {
                assign_stmt();
                break;
            }
            bool effect = false;    // the statement's one effect is e0
            expr(e, sizeof e, 0, &effect);
            line("yield e0(%s);", e);
        }
        }
    }
}

static void pure_coroutine(int i)
{
    cur_pure = i;
    in_pure = true;
    printf("coroutine int p%d(int x, int y)\n{\n", i);
    indent_level = 1;
    nvars = 0;
    depth = 1;
    Var *x = new_var(false), *y = new_var(false);
    snprintf(x->name, sizeof x->name, "x");
    snprintf(y->name, sizeof y->name, "y");
    line("int r = (x + y) %% 1000;");
    Var *r = new_var(false);
    snprintf(r->name, sizeof r->name, "r");
    if (chance(50))
        line("if (x > 2 && x < 50) r = (r + (yield p%d(x / 4, y))) %% 1000;", i);
    stmts(1 + (int)rnd(3), true);
    line("return (r + x * 3 + y) %% 1000;");
    printf("}\n\n");
    in_pure = false;
}

int main(int argc, char **argv)
{
    rng = argc > 1 ? strtoull(argv[1], NULL, 10) * 2654435761u + 1 : 1;
    for (int i = 0; i < 4; i++)
        rnd(2);
    npure = 2 + (int)rnd(3);
    neff = 1 + (int)rnd(2);
    printf("/* generated by tests/oracle/gen %s */\n", argc > 1 ? argv[1] : "1");
    printf("#include <bluelet.h>\n#include <stdio.h>\n\n");
    printf("struct pt { char c; };\nstatic int GREEN = 5;\n"
           "typedef long pt_t;\n\n");     // met by types_stmt's names
    printf("coroutine int psum(const int *v, int n)\n{\n    int s = 0;\n"
           "    for (int i = 0; i < n; i++) {\n        yield bl_null();\n"
           "        s = (s + v[i]) %% 1000;\n    }\n    return s;\n}\n\n");
    /* Coroutine types: one pointer type for every pure coroutine. */
    for (int i = 0; i < npure; i++)
        printf("coroutine int p%d(int x, int y);\n", i);
    printf("typedef coroutine int pure_fn(int x, int y);\n"
           "static pure_fn *const pures[] = {");
    for (int i = 0; i < npure; i++)
        printf(" p%d,", i);
    printf(" };\n\n");
    for (int i = 0; i < npure; i++)
        pure_coroutine(i);
    for (int i = 0; i < neff; i++) {
        printf("coroutine int e%d(int v)\n{\n    printf(\"e%d %%d\\n\", v);\n"
               "    yield bl_null();\n    return (v * %d + %d) %% 1000;\n}\n\n",
               i, i, i + 2, i);
    }
    printf("coroutine void eset(int *p, int v)\n{\n    yield bl_null();\n"
           "    *p = v;\n}\n\n");
    printf("static void note(int *p)\n{\n    printf(\"cleanup %%d\\n\", *p);\n}\n\n");
    printf("coroutine void start(void)\n{\n");
    indent_level = 1;
    nvars = 0;
    depth = 1;
    stmts(6 + (int)rnd(6), true);
    line("printf(\"end\\n\");");
    printf("}\n\n");
    printf("int main(void)\n{\n    struct bl_stats st;\n    int rc = bl_run(start());\n"
           "    bl_stats(&st);\n    printf(\"rc %%d, frames %%zu, events %%zu\\n\", rc,"
           " st.frames, st.events);\n    return 0;\n}\n");
    return 0;
}
