/*
 * gnu-extensions.c - the GNU C that real code (the kernel, glibc, gcc
 * itself) leans on, all in one file: statement expressions, nested
 * functions, computed goto, case ranges, __attribute__ in every position,
 * asm with operands, _Generic, __auto_type, typeof, zero-length arrays,
 * designated ranges, conditionals with omitted operands, local labels.
 * Part of the front-end corpus: it must pass through blc byte for byte and
 * still compile with gcc -std=gnu11.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define max(a, b) ({                    \
        __typeof__(a) _a = (a);         \
        __typeof__(b) _b = (b);         \
        _a > _b ? _a : _b;              \
    })
#define container_of(ptr, type, member) ({                      \
        const typeof(((type *)0)->member) *__mptr = (ptr);      \
        (type *)((char *)__mptr - offsetof(type, member));      \
    })
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]) + \
        sizeof(struct { int:-!!__builtin_types_compatible_p(typeof(a), typeof(&(a)[0])); }))
#define TYPE_NAME(x) _Generic((x),                      \
        char: "char", signed char: "signed char",       \
        int: "int", unsigned: "unsigned",               \
        long: "long", double: "double",                 \
        char *: "char *", default: "other")

struct list_head { struct list_head *next, *prev; };

struct __attribute__((packed)) wire_header {
    uint8_t  version;
    uint16_t length;
    uint32_t sequence;
    uint8_t  payload[];             /* flexible array member */
};

struct legacy {
    int count;
    char data[0];                   /* the GNU spelling of the above */
} __attribute__((aligned(16)));

struct item {
    int key;
    struct list_head link;
    char tag[8];
};

typedef int vec4 __attribute__((vector_size(16)));
typedef struct { int x, y; } __attribute__((may_alias)) point_alias;

static int table[16] = { [0 ... 3] = 1, [4 ... 7] = 2, [12] = 9 };

__attribute__((const)) static inline int square(int x) { return x * x; }
static int __attribute__((noinline)) cube(int x) { return x * square(x); }
extern void fatal(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void *xalloc(size_t n) __attribute__((malloc, alloc_size(1), unused));
static void *xalloc(size_t n) { (void)n; return 0; }
int __attribute__((weak)) hook(void);
static int counter __attribute__((unused)) = 0;
static const char banner[] __attribute__((section(".rodata.banner"), used)) = "gnu";

static int classify(int c)
{
    switch (c) {
    case '0' ... '9':
        return 1;
    case 'a' ... 'z':
    case 'A' ... 'Z':
        return 2;
    case 0x80 ... 0xff:
        return 3;
    default:
        return 0;
    }
}

static int interpret(const unsigned char *code, int n)
{
    static const void *const dispatch[] = {
        &&op_halt, &&op_inc, &&op_dec, &&op_dbl,
    };
    int acc = 0, pc = 0;
#define NEXT() do { if (pc >= n) goto op_halt; goto *dispatch[code[pc++] & 3]; } while (0)
    NEXT();
op_inc:
    acc++;
    NEXT();
op_dec:
    acc--;
    NEXT();
op_dbl:
    acc *= 2;
    NEXT();
op_halt:
    return acc;
#undef NEXT
}

static int sum_with_nested(const int *v, int n)
{
    int total = 0;
    auto void add(int x);           /* a forward declaration of a nested function */
    void add(int x) { total += x; }
    int scaled(int x) { return x * n; }
    for (int i = 0; i < n; i++)
        add(scaled(v[i]));
    return total;
}

static int local_labels(int x)
{
    int r = ({
        __label__ out;
        int y = x;
        if (y < 0)
            goto out;
        y *= 2;
    out:
        y;
    });
    return r ?: -1;                 /* the omitted middle operand */
}

static uint64_t rdtsc_like(uint32_t a, uint32_t b)
{
    uint32_t lo = a, hi = b;
#if defined(__x86_64__) || defined(__i386__)
    __asm__ __volatile__("addl %[b], %[lo]\n\t"
                         "adcl $0, %[hi]"
                         : [lo] "+r" (lo), [hi] "+r" (hi)
                         : [b] "r" (b)
                         : "cc");
#else
    __asm__ volatile ("" : "+r" (lo), "+r" (hi) : : "memory");
#endif
    asm ("" ::: "memory");
    return ((uint64_t)hi << 32) | lo;
}

static int vectors(void)
{
    vec4 a = { 1, 2, 3, 4 }, b = { 10, 20, 30, 40 };
    vec4 c = a + b * 2;
    return c[0] + c[3];
}

static const char *names(void)
{
    __auto_type p = "text";
    typeof(p) q = p + 1;
    typeof(int [4]) arr = { 1, 2, 3, 4 };
    __typeof__(*q) ch = q[0];
    (void)arr;
    (void)ch;
    return TYPE_NAME(p);
}

static int item_key(struct list_head *l)
{
    struct item *it = container_of(l, struct item, link);
    return it->key;
}

static int complex_and_builtins(void)
{
    _Complex double z = 1.0 + 2.0i;
    __int128 big = (__int128)1 << 100;
    int bits = __builtin_popcount(0xF0F0u) + __builtin_ctz(8);
    unsigned long long ov;
    if (__builtin_mul_overflow(1ULL << 40, 1ULL << 30, &ov))
        bits++;
    return (int)__real__ z + (int)__imag__ z + (int)(big >> 99) + bits
        + __builtin_offsetof(struct item, tag) + __alignof__(struct legacy);
}

int gnu_corpus_main(void);
int gnu_corpus_main(void)
{
    static const unsigned char prog[] = { 1, 1, 3, 2, 0 };
    int v[] = { 1, 2, 3 };
    struct item it = { .key = 7, .tag = "seven" };
    int r = interpret(prog, (int)sizeof prog) + sum_with_nested(v, 3)
        + local_labels(21) + classify('q') + cube(3) + vectors()
        + max(table[12], 4) + (int)ARRAY_SIZE(v) + item_key(&it.link)
        + complex_and_builtins();
    if (unlikely(r < 0) || likely(names() != 0))
        r += (int)rdtsc_like(1, 2);
    return r + (int)strlen(banner);
}
