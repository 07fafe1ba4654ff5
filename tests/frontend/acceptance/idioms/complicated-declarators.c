/* Nested declarators: arrays of function pointers returning pointers. */
int (*(*fp)(int))[3];
char *(*(**table[][8])(void))[];
void (*signal_like(int, void (*)(int)))(int);
int (*const funcs[2])(const char *);
typedef int (*(*nested_t)(void))(int);
