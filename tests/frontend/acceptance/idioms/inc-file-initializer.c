/* An #include inside an array initializer. */
static const unsigned char table[] = {
#include "bytes.inc"
};
unsigned sum(void) { unsigned s = 0; for (unsigned i = 0; i < sizeof table; i++) s += table[i]; return s; }
