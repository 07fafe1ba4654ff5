/* A packed attribute macro after a struct. */
#define PACKED __attribute__((packed))
struct header { unsigned char kind; unsigned int len; } PACKED;
int len(const struct header *h) { return (int)h->len; }
