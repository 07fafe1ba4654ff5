/*
 * ppeval.c - the value of an #if condition (C11 6.10.1), once its macros
 * are expanded and `defined` is replaced: integer constants, character
 * constants, unary + - ~ !, the binary operators, ?: and the comma, in
 * intmax_t or uintmax_t by the usual conversions.  Any name left is 0.
 *
 * What it cannot judge (a floating constant, a multi-character constant,
 * __has_include and its kind, a malformed expression, a division by zero
 * that is evaluated) makes it say so, and the caller keeps what it had.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "blc.h"
#include "c.tab.h"

typedef struct Val {
    uintmax_t v;
    bool unsign;
} Val;

typedef struct Eval {
    const PPTok *t;
    uint32_t n, pos;
    bool bad;                   // cannot judge
} Eval;

static int kind_at(const Eval *e)
{
    return e->pos < e->n ? e->t[e->pos].kind : 0;
}

static bool accept(Eval *e, int kind)
{
    if (kind_at(e) != kind)
        return false;
    e->pos++;
    return true;
}

static Val signed_val(intmax_t v)
{
    return (Val){(uintmax_t)v, false};
}

/* 123, 0x7f, 017, 0b101, with u/U/l/L suffixes. */
static Val number(Eval *e, const PPTok *t)
{
    char buf[72];
    if (t->len >= sizeof buf) {
        e->bad = true;
        return signed_val(0);
    }
    memcpy(buf, t->text, t->len);
    buf[t->len] = '\0';
    for (uint32_t i = 0; i < t->len; i++)
        if (buf[i] == '\'')             // C2x digit separators
            memmove(&buf[i], &buf[i + 1], t->len - i);
    int base = 0;                       // 0x.. hex, 0.. octal, else decimal
    const char *p = buf;
    if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B'))
        base = 2, p += 2;
    char *end;
    uintmax_t v = strtoumax(p, &end, base);
    bool unsign = false;
    for (; *end; end++) {
        if (*end == 'u' || *end == 'U')
            unsign = true;
        else if (*end != 'l' && *end != 'L') {
            e->bad = true;              // a floating constant, or worse
            break;
        }
    }
    return (Val){v, unsign || v > INTMAX_MAX};
}

/* 'a', '\n', '\x41', '\101', L'a' (one character). */
static Val character(Eval *e, const PPTok *t)
{
    const char *p = memchr(t->text, '\'', t->len), *end = t->text + t->len - 1;
    bool plain = p == t->text;
    if (!p || p + 1 >= end) {
        e->bad = true;
        return signed_val(0);
    }
    p++;
    uintmax_t v = (unsigned char)*p++;
    if (v == '\\') {
        static const char esc[] = "n\na\ab\bf\fr\rt\tv\ve\033";
        const char *k = *p ? strchr(esc, *p) : NULL;  // not esc's own NUL
        if (*p == 'x')
            v = strtoumax(p + 1, (char **)&p, 16);
        else if (*p >= '0' && *p <= '7') {
            v = 0;
            for (int i = 0; i < 3 && *p >= '0' && *p <= '7'; i++)
                v = v * 8 + (uintmax_t)(*p++ - '0');
        } else if (k && (k - esc) % 2 == 0) {
            v = (unsigned char)k[1];
            p++;
        } else {
            v = (unsigned char)*p++;    // \' \" \\ \?
        }
    } else if (v >= 0x80) {
        e->bad = true;                  // UTF-8: not worth judging
    }
    if (p != end)
        e->bad = true;                  // a multi-character constant
    return plain ? signed_val((signed char)v) : signed_val((intmax_t)v);
}

static Val comma(Eval *e, bool live);

static Val primary(Eval *e, bool live)
{
    if (e->pos >= e->n) {
        e->bad = true;
        return signed_val(0);
    }
    const PPTok *t = &e->t[e->pos++];
    switch (t->kind) {
    case NUMBER:
        return number(e, t);
    case CHAR_CONST:
        return character(e, t);
    case '(': {
        Val v = comma(e, live);
        if (!accept(e, ')'))
            e->bad = true;
        return v;
    }
    case '+': case '-': case '~': case '!': {
        Val v = primary(e, live);
        if (t->kind == '-')
            v.v = 0 - v.v;
        else if (t->kind == '~')
            v.v = ~v.v;
        else if (t->kind == '!')
            v = signed_val(v.v == 0);
        return v;
    }
    default:
        if (t->len > 5 && memcmp(t->text, "__has", 5) == 0)
            e->bad = true;              // __has_include, __has_attribute...
        else if (t->kind != IDENTIFIER && !(t->len && (t->text[0] == '_' ||
                 ((t->text[0] | 0x20) >= 'a' && (t->text[0] | 0x20) <= 'z'))))
            e->bad = true;              // no operand
        return signed_val(0);           // a name left: 0
    }
}

/* The binary operators by precedence, lowest first; 0 ends a level. */
static const int levels[][5] = {
    {LOGOR}, {LOGAND}, {'|'}, {'^'}, {'&'}, {EQ, NE}, {'<', '>', LE, GE},
    {SHL, SHR}, {'+', '-'}, {'*', '/', '%'},
};
enum { NLEVELS = sizeof levels / sizeof *levels };

static Val apply(Eval *e, int op, Val a, Val b, bool live)
{
    bool u = a.unsign || b.unsign;
    intmax_t x = (intmax_t)a.v, y = (intmax_t)b.v;
    switch (op) {
    case LOGOR: return signed_val(a.v || b.v);
    case LOGAND: return signed_val(a.v && b.v);
    case '|': return (Val){a.v | b.v, u};
    case '^': return (Val){a.v ^ b.v, u};
    case '&': return (Val){a.v & b.v, u};
    case EQ: return signed_val(a.v == b.v);
    case NE: return signed_val(a.v != b.v);
    case '<': return signed_val(u ? a.v < b.v : x < y);
    case '>': return signed_val(u ? a.v > b.v : x > y);
    case LE: return signed_val(u ? a.v <= b.v : x <= y);
    case GE: return signed_val(u ? a.v >= b.v : x >= y);
    case SHL: return (Val){b.v >= 64 ? 0 : a.v << b.v, a.unsign};
    case SHR:
        if (a.unsign)
            return (Val){b.v >= 64 ? 0 : a.v >> b.v, true};
        return signed_val(b.v >= 64 ? (x < 0 ? -1 : 0) : x < 0 ? ~(~x >> b.v) : x >> b.v);
    case '+': return (Val){a.v + b.v, u};
    case '-': return (Val){a.v - b.v, u};
    case '*': return (Val){a.v * b.v, u};
    default:                            // '/' and '%'
        if (b.v == 0 || (!u && x == INTMAX_MIN && y == -1)) {
            e->bad |= live;             // unevaluated: no matter
            return signed_val(0);
        }
        if (u)
            return (Val){op == '/' ? a.v / b.v : a.v % b.v, true};
        return signed_val(op == '/' ? x / y : x % y);
    }
}

static Val binary(Eval *e, int level, bool live)
{
    if (level == NLEVELS)
        return primary(e, live);
    Val a = binary(e, level + 1, live);
    for (;;) {
        int op = 0;
        for (int i = 0; i < 5 && levels[level][i]; i++)
            if (kind_at(e) == levels[level][i])
                op = levels[level][i];
        if (!op)
            return a;
        e->pos++;
        bool rlive = live && !(op == LOGOR && a.v) && !(op == LOGAND && !a.v);
        Val b = binary(e, level + 1, rlive);
        a = apply(e, op, a, b, rlive);
    }
}

static Val conditional(Eval *e, bool live)
{
    Val c = binary(e, 0, live);
    if (!accept(e, '?'))
        return c;
    Val a = comma(e, live && c.v);
    if (!accept(e, ':'))
        e->bad = true;
    Val b = conditional(e, live && !c.v);
    Val r = c.v ? a : b;
    r.unsign = a.unsign || b.unsign;
    return r;
}

static Val comma(Eval *e, bool live)
{
    Val v = conditional(e, live);
    while (accept(e, ','))
        v = conditional(e, live);
    return v;
}

int pp_eval(const PPTok *toks, uint32_t n)
{
    Eval e = {.t = toks, .n = n};
    Val v = comma(&e, true);
    if (e.bad || e.pos != n)
        return -1;
    return v.v != 0;
}
