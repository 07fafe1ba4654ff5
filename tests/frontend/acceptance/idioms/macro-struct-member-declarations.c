/* A macro among a struct's members that expands to members. */
#define REFCOUNTED int refs; void (*release)(void *)
#define PAD(n) char pad_##n[n]
struct buffer {
    REFCOUNTED;
    PAD(4);
    char *data;
};
int refs(struct buffer *b) { return b->refs; }
