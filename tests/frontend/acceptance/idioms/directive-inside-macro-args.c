/* A conditional directive inside a macro's arguments (gcc accepts it). */
#define PICK(a, b) ((a) + (b))
int f(void)
{
    return PICK(1,
#ifdef SOMETHING_UNDEFINED
                100
#else
                2
#endif
                );
}
