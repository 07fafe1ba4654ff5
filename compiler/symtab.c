/*
 * symtab.c - the scoped table of ordinary identifiers that the lexer asks
 * (is this name a typedef name here?) and the parser's actions keep.
 *
 * Names are interned: one Sym per distinct spelling, in an open-addressing
 * hash table, holding what the name means in the innermost scope that
 * declares it.  Declaring in a scope pushes the previous meaning on an undo
 * log; leaving the scope pops the log back to the scope's mark.  Lookup,
 * declaration and scope exit are all O(1) per name.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "blc.h"

typedef struct Sym {
    const char *name;           // interned, NUL-terminated: text
    uint32_t len, hash;
    SymKind kind;               // meaning in the innermost declaring scope
    int depth;                  // that scope's depth (0: file scope)
    uint8_t self, call;         // its TypeClasses (symtab_declare_class)
    const Symtab *owner;        // the table that interned it
    char text[];                // the name's bytes, right after its Sym
} Sym;

typedef struct Undo {
    Sym *sym;
    SymKind kind;               // the meaning to restore
    int depth;
    uint8_t self, call;
} Undo;

struct Symtab {
    Arena *arena;               // the Syms and their names (not the parse's
                                // arena, whose nodes may be dropped)
    Sym **slots;                // open addressing, power-of-two size
    uint32_t nslots, nsyms;
    Undo *log;                  // meanings shadowed by inner scopes
    size_t nlog, caplog;
    size_t *marks;              // log length at each scope entry
    int depth, capmarks;
    uint32_t changes;           // declarations and scopes (symtab_changes)
};

void symtab_free(Symtab *st)
{
    if (!st)
        return;
    free(st->slots);
    free(st->log);
    free(st->marks);
    arena_free(st->arena);
    free(st);
}

Symtab *symtab_new(void)
{
    Symtab *st = xrealloc(NULL, sizeof *st);
    *st = (Symtab){.arena = arena_new()};
    st->nslots = 4096;
    st->slots = xrealloc(NULL, st->nslots * sizeof *st->slots);
    memset(st->slots, 0, st->nslots * sizeof *st->slots);
    return st;
}

/* Eight bytes a step (a byte-at-a-time FNV-1a was most of find's time:
 * every name of the headers and of -dD's definitions is interned), the
 * last one to seven as one word: its first, middle and last bytes, or two
 * overlapping 4-byte halves.  The length is in the seed, so the overlap
 * cannot make two names of different lengths alike; the high half folded
 * in, so the table's low bits depend on every byte. */
static uint32_t hash_of(const char *s, size_t n)
{
    const uint64_t k = 0x9e3779b97f4a7c15u;
    uint64_t h = (n + 1) * k, w = 0;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * k;
        h ^= h >> 32;
    }
    if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        w = (uint64_t)a << 32 | b;
    } else if (n) {
        w = (uint64_t)(unsigned char)s[0] << 16 | (uint64_t)(unsigned char)s[n / 2] << 8 |
            (unsigned char)s[n - 1];
    } else {
        w = 0;
    }
    h = (h ^ w) * k;
    return (uint32_t)(h ^ h >> 32);
}

static void grow(Symtab *st)
{
    uint32_t n = st->nslots * 2;
    Sym **slots = xrealloc(NULL, n * sizeof *slots);
    memset(slots, 0, n * sizeof *slots);
    for (uint32_t i = 0; i < st->nslots; i++) {
        Sym *s = st->slots[i];
        if (!s)
            continue;
        uint32_t j = s->hash & (n - 1);
        while (slots[j])
            j = (j + 1) & (n - 1);
        slots[j] = s;
    }
    free(st->slots);
    st->slots = slots;
    st->nslots = n;
}

/* The Sym of s, created (SYM_NONE) if new when create is set. */
static Sym *find(Symtab *st, const char *s, size_t n, bool create)
{
    uint32_t h = hash_of(s, n), i = h & (st->nslots - 1);
    for (Sym *y; (y = st->slots[i]); i = (i + 1) & (st->nslots - 1))
        if (y->hash == h && y->len == n && memcmp(y->name, s, n) == 0)
            return y;
    if (!create)
        return NULL;
    Sym *y = arena_alloc(st->arena, sizeof *y + n + 1);
    memcpy(y->text, s, n);              // zeroed: NUL-terminated
    y->name = y->text;
    y->owner = st;
    y->len = (uint32_t)n;
    y->hash = h;
    st->slots[i] = y;
    if (++st->nsyms * 2 > st->nslots)
        grow(st);
    return y;
}

const char *symtab_intern(Symtab *st, const char *s, size_t n)
{
    return find(st, s, n, true)->name;
}

SymKind symtab_lookup(Symtab *st, const char *s, size_t n)
{
    Sym *y = find(st, s, n, false);
    return y ? y->kind : SYM_NONE;
}

/* An interned name's Sym is right before its bytes: no hashing when st
 * interned it; a name another table interned is looked up in st. */
SymKind symtab_lookup_interned(Symtab *st, const char *name)
{
    const Sym *y = (const Sym *)(name - offsetof(Sym, text));
    return y->owner == st ? y->kind : symtab_lookup(st, name, y->len);
}

size_t symtab_interned_len(const char *name)
{
    return ((const Sym *)(name - offsetof(Sym, text)))->len;
}

SymKind symtab_lookup_intern(Symtab *st, const char *s, size_t n,
                             const char **name)
{
    Sym *y = find(st, s, n, true);
    *name = y->name;
    return y->kind;
}

void symtab_declare_class(Symtab *st, const char *name, SymKind kind,
                          TypeClass self, TypeClass call)
{
    Sym *y = find(st, name, strlen(name), true);
    st->changes++;
    if (y->depth != st->depth && st->depth > 0) {
        if (st->nlog == st->caplog) {
            st->caplog = st->caplog ? st->caplog * 2 : 256;
            st->log = xrealloc(st->log, st->caplog * sizeof *st->log);
        }
        st->log[st->nlog++] = (Undo){y, y->kind, y->depth, y->self, y->call};
        y->depth = st->depth;
    }
    y->kind = kind;
    y->self = (uint8_t)self;
    y->call = (uint8_t)call;
}

void symtab_declare(Symtab *st, const char *name, SymKind kind)
{
    symtab_declare_class(st, name, kind, TC_UNKNOWN, TC_UNKNOWN);
}

TypeClass symtab_class(Symtab *st, const char *name, bool call)
{
    Sym *y = find(st, name, strlen(name), false);
    return !y ? TC_UNKNOWN : (TypeClass)(call ? y->call : y->self);
}

void symtab_swap(Symtab **st, Symtab **from)
{
    while ((*from)->depth > 0)          // a parse that stopped in a block
        symtab_pop(*from);
    Symtab *t = *st;
    *st = *from;
    *from = t;
}

void symtab_push(Symtab *st)
{
    if (st->depth + 1 >= st->capmarks) {
        st->capmarks = st->capmarks ? st->capmarks * 2 : 64;
        st->marks = xrealloc(st->marks, (size_t)st->capmarks * sizeof *st->marks);
    }
    st->changes++;
    st->marks[++st->depth] = st->nlog;
}

void symtab_pop(Symtab *st)
{
    if (st->depth == 0)
        return;
    st->changes++;
    size_t mark = st->marks[st->depth--];
    while (st->nlog > mark) {
        Undo *u = &st->log[--st->nlog];
        u->sym->kind = u->kind;
        u->sym->depth = u->depth;
        u->sym->self = u->self;
        u->sym->call = u->call;
    }
}

uint32_t symtab_changes(const Symtab *st)
{
    return st->changes;
}

int symtab_depth(Symtab *st)
{
    return st->depth;
}

int symtab_decl_depth(Symtab *st, const char *s, size_t n)
{
    Sym *y = find(st, s, n, false);
    return y && y->kind != SYM_NONE ? y->depth : -1;
}
