/* A typedef name used as a member name and a label. */
typedef int size;
struct buf { size size; char *data; };
int f(struct buf *b)
{
    goto size;
size:
    return b->size;
}
