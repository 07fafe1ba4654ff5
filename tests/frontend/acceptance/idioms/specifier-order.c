/* Specifiers in unusual orders. */
int typedef myint;
long unsigned int long big;
const static volatile short int s = 1;
unsigned typedef char byte;
int const *const p = 0;
char signed sc;
