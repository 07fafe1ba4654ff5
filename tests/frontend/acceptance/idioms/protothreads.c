/* Protothreads: switch-based coroutines from macros with __LINE__. */
struct pt { unsigned short lc; };
#define PT_BEGIN(pt) switch ((pt)->lc) { case 0:
#define PT_YIELD(pt) do { (pt)->lc = __LINE__; return 0; case __LINE__:; } while (0)
#define PT_END(pt) } (pt)->lc = 0; return 1
int blink(struct pt *pt, int *led)
{
    PT_BEGIN(pt);
    *led = 1;
    PT_YIELD(pt);
    *led = 0;
    PT_YIELD(pt);
    PT_END(pt);
}
