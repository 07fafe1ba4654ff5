/* Hex floats, binary literals (GNU), suffixes, imaginary constants. */
double h = 0x1.8p3;
float f = 1e-3f;
long double ld = 1.5L;
int bin = 0b101010;
unsigned long long u = 0xffffffffffffffffULL;
long long l = -9223372036854775807LL;
_Complex double z = 2.0i;
