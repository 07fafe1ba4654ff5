/* GNU named variadic parameter `args...`. */
#include <stdio.h>
#define ERR(fmt, args...) fprintf(stderr, fmt, ##args)
void f(const char *s) { ERR("oops\n"); ERR("%s\n", s); }
