/* X-macro producing switch cases. */
#define KINDS(K) K(INT, 4) K(LONG, 8) K(CHAR, 1)
enum kind {
#define K(n, s) KIND_##n,
    KINDS(K)
#undef K
};
int size_of(enum kind k)
{
    switch (k) {
#define K(n, s) case KIND_##n: return s;
    KINDS(K)
#undef K
    }
    return 0;
}
