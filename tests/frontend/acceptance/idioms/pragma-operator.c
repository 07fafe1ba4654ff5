/* _Pragma in a macro around a declaration. */
#define IGNORE_UNUSED_BEGIN _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wunused-variable\"")
#define IGNORE_UNUSED_END _Pragma("GCC diagnostic pop")
void f(void)
{
    IGNORE_UNUSED_BEGIN
    int unused;
    IGNORE_UNUSED_END
}
