/* A threaded interpreter: labels as values, goto * from a macro. */
#define NEXT goto *dispatch[*ip++]
int run(const unsigned char *ip)
{
    static void *dispatch[] = { &&op_halt, &&op_inc, &&op_dec };
    int acc = 0;
    NEXT;
op_inc:
    acc++;
    NEXT;
op_dec:
    acc--;
    NEXT;
op_halt:
    return acc;
}
