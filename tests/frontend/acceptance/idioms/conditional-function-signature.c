/* A conditional that changes a function's parameter list. */
#define HAVE_FLAGS 1
int open_thing(const char *name
#if HAVE_FLAGS
               , int flags
#endif
              )
{
    return name[0]
#if HAVE_FLAGS
           + flags
#endif
           ;
}
