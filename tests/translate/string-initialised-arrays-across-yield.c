/* Arrays initialised by string literals live across a yield: sized and
 * unsized, narrow, wide, u8, u and U strings, a string in braces, and a
 * struct member array initialised by a string in a braced initialiser. */
#include <bluelet.h>
#include <stdio.h>
#include <uchar.h>
#include <wchar.h>

typedef char name_t[8];

struct strings__frame {
    bl_coro h;
    char w[3];
    __typeof__((char []){ "hello" }) s;
    __typeof__((char []){ "const" }) cs;
    __typeof__((wchar_t []){ L"wide" }) ws;
    __typeof__((char []){ u8"utf" }) u8s;
    __typeof__((char16_t []){ u"u16" }) us;
    char32_t Us[4];
    char a[4];
    __typeof__((char []){ "braced" }) b;
    __typeof__((char [][4]){ "ab", "cd", "ef" }) rows;
    name_t n;
    struct { int n; char tag[8]; } st;
    __typeof__((struct { int n; char tag[8]; } []){ { 0, "one" }, { 0, "two" } }) sts;
};
static void strings__resume(bl_coro *co);
static const unsigned strings__lines[] = { 11, 26 };
static const bl_coro_info strings__info = {
    "strings", "string-initialised-arrays-across-yield.blc", strings__resume,
    sizeof(struct strings__frame), 2, strings__lines, NULL
};

BL_MUST_USE bl_coro *strings(void)
{
    struct strings__frame *self = bl__frame_new(&strings__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void strings__resume(bl_coro *co)
{
    struct strings__frame *self = (struct strings__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    __builtin_memcpy(self->w, (__typeof__(self->w)){ "ab" }, sizeof self->w);
    __builtin_memcpy(self->s, (__typeof__(self->s)){ "hello" }, sizeof self->s);
    __builtin_memcpy(self->cs, (__typeof__(self->cs)){ "const" }, sizeof self->cs);
    __builtin_memcpy(self->ws, (__typeof__(self->ws)){ L"wide" }, sizeof self->ws);
    __builtin_memcpy(self->u8s, (__typeof__(self->u8s)){ u8"utf" }, sizeof self->u8s);
    __builtin_memcpy(self->us, (__typeof__(self->us)){ u"u16" }, sizeof self->us);
    __builtin_memcpy(self->Us, (__typeof__(self->Us)){ U"U32" }, sizeof self->Us);
    __builtin_memcpy(self->a, (__typeof__(self->a)){ "abc" }, sizeof self->a);
    __builtin_memcpy(self->b, (__typeof__(self->b)){ "braced" }, sizeof self->b);
    __builtin_memcpy(self->rows, (__typeof__(self->rows)){ "ab", "cd", "ef" }, sizeof self->rows);
    __builtin_memcpy(&self->n, &(__typeof__(self->n)){ "typedef" }, sizeof self->n);
    self->st = (__typeof__(self->st)){ 1, "tag" };
    __builtin_memcpy(self->sts, (__typeof__(self->sts)){ { 1, "one" }, { 2, "two" } }, sizeof self->sts);
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 26 */
    printf("%s %s %s %ls %s %d %d %s %s %s %s\n", self->w, self->s, self->cs, self->ws, self->u8s, self->us[1],
           (int)self->Us[2], self->a, self->b, self->rows[2], self->n);
    printf("%zu %zu %zu %zu %zu\n", sizeof self->s, sizeof self->ws / sizeof self->ws[0],
           sizeof self->b, sizeof self->rows / sizeof self->rows[0], sizeof self->n);
    printf("%d %s %s %zu\n", self->st.n, self->st.tag, self->sts[1].tag, sizeof self->sts / sizeof self->sts[0]);
    BL_END(co);
}

int main(void)
{
    return bl_run(strings());
}
