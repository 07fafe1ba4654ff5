/* String and character prefixes. */
#include <uchar.h>
#include <wchar.h>
const char *a = u8"utf-8";
const char16_t *b = u"utf-16";
const char32_t *c = U"utf-32";
const wchar_t *d = L"wide";
char16_t e = u'x'; char32_t f = U'y'; wchar_t g = L'z';
