/* A type macro followed by a star: a declaration, not a product. */
#define handle_t struct handle
struct handle { int fd; };
int f(handle_t *h) { handle_t * p = h; return p->fd; }
