#!/usr/bin/env python3
"""tests/translate/gen-long-chains.py - writes long-chains-in-coroutine.blc
and its expected .out: flat chains far past the old 2000-level limit inside
coroutines (a 20 000-term sum, a 5 000-term || chain and comma list, with yields in
them,
a 5 000-long else-if ladder with yields in its arms and some conditions,
3 000 stacked case labels).  The expected output is computed here, from
C's meaning, not by running blc.  Run it from the repository root."""

N_SUM, N_TERMS, N_LADDER, N_CASES = 20000, 5000, 5000, 3000


def wrap(terms, sep, indent="        ", per_line=16):
    lines = []
    for i in range(0, len(terms), per_line):
        lines.append(sep.join(terms[i:i + per_line]))
    return (sep.rstrip() + "\n" + indent).join(lines)


def sum_src():
    terms = ["x"] * N_SUM
    terms[0], terms[N_SUM // 2], terms[-1] = "(yield id(x))", "(yield id(7))", "(yield id(1))"
    value = lambda x: (N_SUM - 3) * x + x + 7 + 1
    return "    long s = " + wrap(terms, "+", per_line=40) + ";\n", value


def or_src():
    terms = ["x<0"] * (N_TERMS - 1) + ["(yield id(x)) == x"]
    return "    int any = " + wrap(terms, "||", per_line=24) + ";\n"


def comma_src():
    terms = ["t+=%d" % (i % 7) for i in range(N_TERMS)]
    terms[N_TERMS // 3] = "yield id(0)"
    terms[-1] = "t += (yield id(5))"
    total = sum(i % 7 for i in range(N_TERMS)) - (N_TERMS // 3) % 7 \
        - (N_TERMS - 1) % 7 + 5
    return "    " + wrap(terms, ",", "    ", per_line=24) + ";\n", total


def ladder_src():
    out = ["    if (x == 0)\n        r = yield id(0);\n"]
    for i in range(1, N_LADDER):
        if i % 1000 == 500:     # a yield in the condition itself
            out.append("    else if (x == %d && (yield id(%d)) == %d)\n"
                       "        r = -%d;\n" % (i, i, i, i))
        else:
            out.append("    else if (x == %d) r = yield id(%d);\n" % (i, 3 * i))
    out.append("    else\n        r = -1;\n")
    def value(x):
        if x < 0 or x >= N_LADDER:
            return -1
        return -x if x % 1000 == 500 else 3 * x
    return "".join(out), value


def cases_src():
    labels = ["case %d:" % i for i in range(N_CASES)]
    return ("    switch (x) {\n    " + wrap(labels, " ", "    ", per_line=20) +
            "\n        r = yield id(1);\n        break;\n"
            "    default:\n        r = 0;\n    }\n")


def main():
    s, sum_value = sum_src()
    c, comma_total = comma_src()
    ladder, ladder_value = ladder_src()
    xs = [0, 1, 499, 500, 1500, 2500, 4999, 5000]
    blc = ["/* Flat chains far past the old 2000-level nesting limit in coroutines,",
           " * written by tests/translate/gen-long-chains.py (which computes the",
           " * .out from C's meaning): a %d-term sum, a %d-term || chain" % (N_SUM, N_TERMS),
           " * and comma list, all with yields in them, a %d-long else-if" % N_LADDER,
           " * ladder with yields in its arms and in some conditions, and %d" % N_CASES,
           " * stacked case labels. */",
           "#include <bluelet.h>", "#include <stdio.h>", "",
           "coroutine int id(int v)", "{", "    yield bl_null();", "    return v;", "}", "",
           "coroutine long chains(int x)", "{", s.rstrip("\n"), or_src().rstrip("\n"),
           "    int t = 0;", c.rstrip("\n"),
           "    return s + any + t;", "}", "",
           "coroutine int ladder(int x)", "{", "    int r;", ladder.rstrip("\n"),
           "    return r;", "}", "",
           "coroutine int cases(int x)", "{", "    int r;", cases_src().rstrip("\n"),
           "    return r;", "}", "",
           "coroutine void root(void)", "{",
           "    static const int xs[] = { %s };" % ", ".join(map(str, xs)),
           "    for (int i = 0; i < %d; i++) {" % len(xs),
           "        int x = xs[i];",
           "        long c = yield chains(x);",
           "        int l = yield ladder(x);",
           "        int k = yield cases(x);",
           '        printf("x %d: chains %ld, ladder %d, cases %d\\n", x, c, l, k);',
           "    }", "}", "",
           "int main(void)", "{", "    return bl_run(root());", "}", ""]
    out = []
    for x in xs:
        chains = sum_value(x) + 1 + comma_total
        cases = 1 if 0 <= x < N_CASES else 0
        out.append("x %d: chains %d, ladder %d, cases %d\n" % (x, chains, ladder_value(x), cases))
    with open("tests/translate/long-chains-in-coroutine.blc", "w") as f:
        f.write("\n".join(blc))
    with open("tests/translate/long-chains-in-coroutine.out", "w") as f:
        f.write("".join(out))


main()
