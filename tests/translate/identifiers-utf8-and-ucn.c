/* UTF-8 letters and universal character names in identifiers. */
#include <bluelet.h>
#include <stdio.h>

typedef int entier;
typedef long \u00e9norme;
typedef int éauto;

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
struct délai__frame {
    struct bl__co_int h;
    int étape;
};
static void délai__resume(bl_coro *co);
static const unsigned délai__lines[] = { 9, 11 };
static const bl_coro_info délai__info = {
    "délai", "identifiers-utf8-and-ucn.blc", délai__resume,
    sizeof(struct délai__frame), 2, délai__lines, NULL
};

BL_MUST_USE struct bl__co_int *délai(int étape)
{
    struct délai__frame *self = bl__frame_new(&délai__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->étape = étape;
    return &self->h;
}

static void délai__resume(bl_coro *co)
{
    struct délai__frame *self = (struct délai__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 11 */
    self->h.result = self->étape * 2; BL_END(co);
}

#ifndef BL__co_7énorme
#define BL__co_7énorme
struct bl__co_7énorme { union { bl_aw aw; bl_coro co; }; énorme result; };
#endif
struct café__frame {
    struct bl__co_7énorme h;
    entier crème;
    int été;
    énorme somme;
    int λ;
    éauto k;
};
static void café__resume(bl_coro *co);
static const unsigned café__lines[] = { 15, 18, 21 };
static const bl_coro_info café__info = {
    "café", "identifiers-utf8-and-ucn.blc", café__resume,
    sizeof(struct café__frame), 3, café__lines, NULL
};

BL_MUST_USE struct bl__co_7énorme *café(entier crème, int \U000000e9t\u00e9)
{
    struct café__frame *self = bl__frame_new(&café__info);
    if (!self) {
        static struct bl__co_7énorme failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->crème = crème;
    self->été = été;
    return &self->h;
}

static void café__resume(bl_coro *co)
{
    struct café__frame *self = (struct café__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    self->somme = self->crème;
    BL_AWAIT(co, 1, délai(self->été));
resume_1: /* line 18 */
    self->λ = BL_RESULT(co, délai(self->été));
    self->somme += self->λ;
    self->k = 3;
    BL_AWAIT(co, 2, bl_null());
resume_2:; /* line 21 */
    self->somme += self->k;
    {
        int \u03bb = 100;
        self->somme += λ;
    }
    self->h.result = self->somme + self->λ; BL_END(co);
}

struct racine__frame {
    bl_coro h;
    \u00e9norme r;
};
static void racine__resume(bl_coro *co);
static const unsigned racine__lines[] = { 30, 32 };
static const bl_coro_info racine__info = {
    "racine", "identifiers-utf8-and-ucn.blc", racine__resume,
    sizeof(struct racine__frame), 2, racine__lines, NULL
};

BL_MUST_USE bl_coro *racine(void)
{
    struct racine__frame *self = bl__frame_new(&racine__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void racine__resume(bl_coro *co)
{
    struct racine__frame *self = (struct racine__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, caf\u00e9(1, 20));
resume_1: /* line 32 */
    self->r = BL_RESULT(co, caf\u00e9(1, 20));
    printf("café %ld\n", (long)self->r);
    BL_END(co);
}

int main(void)
{
    return bl_run(racine());
}
