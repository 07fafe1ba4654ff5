/* Anonymous structs and unions (C11). */
struct value {
    int kind;
    union { int i; double d; struct { short lo, hi; }; };
};
int lo(struct value *v) { return v->lo + v->i; }
