/* Pointers to incomplete types, completed later. */
struct later;
typedef struct later later_t;
later_t *make(void);
struct later { int x; };
int get(later_t *l) { return l->x; }
