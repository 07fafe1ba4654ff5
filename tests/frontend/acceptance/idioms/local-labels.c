/* __label__ in a statement-expression macro. */
#define FIND(arr, n, v) ({ __label__ found; int i_; \
    for (i_ = 0; i_ < (n); i_++) if ((arr)[i_] == (v)) goto found; \
    i_ = -1; found: i_; })
int f(const int *a) { return FIND(a, 4, 3) + FIND(a, 4, 7); }
