#!/usr/bin/env python3
"""gencode.py - writes a large C file that looks like real code.

    gencode.py [--lines N] [--seed S] [--includes] [--no-gnu] > out.c

The output is a fake amalgamation: module after module of macros, struct,
union and enum types, typedefs (and the lexer-hack traps around them),
function-pointer tables, switch-heavy functions, loops and expressions,
in several brace and comment styles, with K&R definitions and GNU
extensions (statement expressions, nested functions, computed goto, case
ranges, __attribute__, asm with operands, __auto_type, typeof) unless
--no-gnu.  Without --includes it includes nothing, so that timing it
measures parsing and not the preprocessor.  The same seed gives the same
file.  It is valid C for gcc -std=gnu11 (with --no-gnu: for gcc and clang
-std=c11); tests/frontend/corpus.sh and `make check` hold it to that.
"""

import argparse
import random
import sys


class Gen:
    def __init__(self, rnd, gnu):
        self.r = rnd
        self.gnu = gnu
        self.out = []
        self.lines = 0

    def emit(self, text):
        self.out.append(text)
        self.lines += text.count("\n")

    # -- expressions over int locals a, b, c and a node pointer n ---------

    def atom(self, depth):
        r = self.r
        k = r.randrange(9)
        if k == 0:
            return str(r.randrange(0, 100))
        if k == 1:
            return "0x%x" % r.randrange(1, 256)
        if k == 2:
            return "n->id"
        if k == 3:
            return "(int)n->weight"
        if k == 4:
            return "n->range.lo"
        if k == 5:
            return "(int)sizeof(%s)" % r.choice(
                ["int", "long", "*n", "n->name", "struct %s_node" % self.p])
        if k == 6 and depth < 3:
            return "%s(%s, %s)" % (self.P + "_MAX", self.expr(depth + 1),
                                   self.expr(depth + 1))
        return r.choice(["a", "b", "c", "k"])

    def expr(self, depth=0):
        r = self.r
        if depth > 3 or r.random() < 0.3:
            return self.atom(depth)
        k = r.randrange(10)
        x, y = self.expr(depth + 1), self.expr(depth + 1)
        if k < 5:
            op = r.choice(["+", "-", "*", "&", "|", "^", "<<", ">>"])
            if op in ("<<", ">>"):
                y = str(r.randrange(1, 7))
            return "(%s %s %s)" % (x, op, y)
        if k == 5:
            return "(%s / (%s | 1))" % (x, y)
        if k == 6:
            return "(%s ? %s : %s)" % (self.cond(depth + 1), x, y)
        if k == 7:
            return "(int)(%s)(%s)" % (r.choice(["long", "unsigned", "short",
                                               "unsigned char"]), x)
        if k == 8:
            return "-%s" % self.atom(depth)
        return "(%s %% (%s | 1))" % (x, y)

    def cond(self, depth=0):
        r = self.r
        op = r.choice(["<", ">", "<=", ">=", "==", "!="])
        c = "%s %s %s" % (self.atom(depth), op, self.atom(depth))
        if r.random() < 0.3:
            c = "(%s) %s !(%s)" % (c, r.choice(["&&", "||"]),
                                    self.cond(depth + 1) if depth < 3 else "a")
        return c

    # -- pieces of a module --------------------------------------------------

    def comment(self, what):
        style = self.r.randrange(4)
        if style == 0:
            return "/* %s */\n" % what
        if style == 1:
            return "// %s\n" % what
        if style == 2:
            return "/*\n * %s.\n *\n * (generated)\n */\n" % what
        return "/*%s*/\n" % what

    def macros(self):
        P, p = self.P, self.p
        s = "#define %s_SCALE %d\n" % (P, self.r.randrange(2, 50))
        s += "#define %s_MAX(x, y) ((x) > (y) ? (x) : (y))\n" % P
        s += "#define %s_STR(x) #x\n#define %s_CAT(x, y) x##y\n" % (P, P)
        tmp = "__typeof__(x)" if self.gnu else "int"
        s += ("#define %s_SWAP(x, y) do {    \\\n"
              "        %s %s_tmp_ = (x);     \\\n"
              "        (x) = (y);                \\\n"
              "        (y) = %s_tmp_;            \\\n"
              "    } while (0)\n") % (P, tmp, p, p)
        s += ("#define %s_FOR_EACH(it, head) \\\n"
              "\tfor ((it) = (head); (it) != 0; (it) = (it)->next)\n") % P
        return s

    def types(self):
        P, p = self.P, self.p
        attr = " __attribute__((aligned(8)))" if self.gnu else ""
        s = "typedef struct %s_node %s_node;\n" % (p, p)
        s += "typedef int (*%s_fn)(%s_node *, int);\n" % (p, p)
        s += "typedef int %s_T;\n" % p
        s += "enum %s_kind { %s_A, %s_B = %d, %s_C = %s_B << 2, %s_D };\n" % (
            p, P, P, self.r.randrange(1, 9), P, P, P)
        s += "struct %s_node {\n" % p
        s += "    int id;\n    unsigned flags : 3;\n    unsigned : 0;\n"
        s += "    long weight;\n    double score;\n    char name[16];\n"
        s += "    %s_node *next;\n    %s_fn fn;\n" % (p, p)
        s += "    union { int i; float f; } u;\n"
        s += "    struct { short lo, hi; } range;\n"
        s += "    enum %s_kind kind;\n" % p
        s += "}%s;\n" % attr
        s += "typedef %s_node *%s_ptr, %s_arr[4];\n" % (p, p, p)
        s += "typedef int (*(*%s_getter)(int))[3];\n" % p
        return s

    def helper(self, i):
        p = self.p
        r = self.r
        name = "%s_h%d" % (p, i)
        style = r.randrange(3)
        body = ("    int a = k + %d, b = n->id, c = %s;\n"
                "    if (%s)\n        a = %s;\n"
                "    return %s;\n") % (r.randrange(100), self.expr(),
                                      self.cond(), self.expr(), self.expr())
        if style == 0:
            return "static int\n%s(%s_node *n, int k)\n{\n%s}\n" % (name, p, body)
        if style == 1:
            return "static int %s(%s_node *n, int k) {\n%s}\n" % (name, p, body)
        # K&R: old-style definition, with a prototype before it.
        return ("static int %s();\nstatic int\n%s(n, k)\n\t%s_node *n;\n"
                "\tint k;\n{\n%s}\n") % (name, name, p, body)

    def switch_fn(self, nh):
        p, P, r = self.p, self.P, self.r
        s = "static long\n%s_process(%s_node *nodes, int count)\n{\n" % (p, p)
        s += "    long total = 0;\n    int a = count, b = 1, c = 2, k = 3;\n"
        s += "    for (int i = 0; i < count; i++) {\n"
        s += "        %s_ptr n = &nodes[i];\n" % p
        s += "        switch (n->id %% %d) {\n" % (nh + 4)
        for case in range(nh + 3):
            if self.gnu and case == nh + 2:
                s += "        case %d ... %d:\n" % (case, case + 1)
            else:
                s += "        case %d:\n" % case
            if case < nh:
                s += "            total += %s_h%d(n, %s);\n" % (p, case,
                                                               self.expr(2))
            else:
                s += "            a = %s;\n" % self.expr()
                s += "            total -= a;\n"
            s += "            break;\n" if r.random() < 0.8 else \
                 "            /* fall through */\n"
        s += "        default:\n            total ^= %s;\n        }\n" % self.expr()
        s += "        if (%s)\n            continue;\n" % self.cond()
        s += "        while (b < %d && %s)\n            b += c;\n" % (
            r.randrange(10, 100), self.cond())
        s += "        %s_SWAP(a, b);\n" % P
        s += "    }\n    return total + a + b + c + k;\n}\n"
        return s

    def table(self, nh):
        p = self.p
        names = ", ".join("%s_h%d" % (p, i) for i in range(nh))
        s = "static %s_fn const %s_table[] = { %s };\n" % (p, p, names)
        s += ("static int %s_dispatch(%s_node *n, int k)\n{\n"
              "    return %s_table[(unsigned)k %% (sizeof %s_table / sizeof "
              "%s_table[0])](n, k);\n}\n") % (p, p, p, p, p)
        return s

    def traps(self):
        p = self.p
        s = "static int %s_traps(%s_node *n)\n{\n" % (p, p)
        s += "    int v = n->id;\n"
        s += "    %s_T * x = &v;              /* a declaration */\n" % p
        s += "    %s_T (y) = *x;\n" % p
        s += "    {\n        int %s_T = 3;\n" % p
        s += "        v = %s_T * y;           /* a product */\n" % p
        s += "        v += (%s_T)*y + sizeof %s_T;\n    }\n" % (p, p)
        s += "    %s_T z = (%s_T)*x + (%s_T)~0;\n" % (p, p, p)
        s += "    return z + v + (int)sizeof(%s_T);\n}\n" % p
        return s

    def init_fn(self):
        p, P = self.p, self.P
        s = "static void %s_init(%s_node *n, int id)\n{\n" % (p, p)
        s += ("    *n = (%s_node){ .id = id, .flags = 1, .weight = %s_SCALE,\n"
              "                    .name = %s_STR(%s), .range = { .lo = -1, .hi = 1 },\n"
              "                    .kind = %s_C };\n") % (p, P, P, p, P)
        s += "    n->u.i = id * %s_SCALE;\n" % P
        s += "    n->fn = %s_dispatch;\n" % p
        s += "    n->next = 0;\n}\n"
        return s

    def gnu_fn(self):
        p, r = self.p, self.r
        s = "__attribute__((noinline, unused)) static int\n"
        s += "%s_gnu(%s_node *n, int k)\n{\n" % (p, p)
        s += "    __typeof__(n->weight) c = 0;\n"
        s += "    __auto_type a = ({ int t_ = k * 2; t_ + n->id; });\n"
        s += "    typeof(a) b = %s;\n" % self.expr()
        s += "    int nested(int x) { return x + a; }\n"
        s += "    static void *const jump[] = { &&l_zero, &&l_one };\n"
        s += "    goto *jump[(unsigned)k & 1];\n"
        s += "l_zero:\n    c += nested(b);\n"
        s += "l_one:\n"
        s += "    __asm__ __volatile__(\"\" : \"+r\"(a) : \"r\"(b) : \"memory\");\n"
        s += "    if (__builtin_expect(a > %d, 0))\n" % r.randrange(1000)
        s += "        return _Generic(c, long: 1, default: 2);\n"
        s += "    return (int)c + __extension__ 0;\n}\n"
        return s

    def module(self, m):
        self.p = "m%d" % m
        self.P = "M%d" % m
        nh = self.r.randrange(3, 8)
        self.emit("\n" + self.comment("module %d" % m))
        self.emit(self.macros())
        self.emit(self.types())
        for i in range(nh):
            self.emit("\n" + self.helper(i))
        self.emit("\n" + self.table(nh))
        self.emit("\n" + self.switch_fn(nh))
        self.emit("\n" + self.traps())
        self.emit("\n" + self.init_fn())
        if self.gnu:
            self.emit("\n" + self.gnu_fn())
        self.emit("\nlong %s_run(int count);\n" % self.p)
        self.emit(("long %s_run(int count)\n{\n    %s_node nodes[8];\n"
                   "    for (int i = 0; i < 8; i++)\n"
                   "        %s_init(&nodes[i], i + count);\n"
                   "    return %s_process(nodes, 8) + %s_traps(nodes);\n}\n")
                  % (self.p, self.p, self.p, self.p, self.p))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lines", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--includes", action="store_true")
    ap.add_argument("--no-gnu", action="store_true")
    args = ap.parse_args()
    g = Gen(random.Random(args.seed), not args.no_gnu)
    g.emit("/* Generated by bench/frontend/gencode.py --lines %d --seed %d%s%s:"
           " do not edit. */\n" % (args.lines, args.seed,
                                   " --includes" if args.includes else "",
                                   " --no-gnu" if args.no_gnu else ""))
    if args.includes:
        g.emit("#include <stddef.h>\n#include <stdint.h>\n#include <string.h>\n")
    m = 0
    while g.lines < args.lines:
        g.module(m)
        m += 1
    sys.stdout.write("".join(g.out))


if __name__ == "__main__":
    main()
