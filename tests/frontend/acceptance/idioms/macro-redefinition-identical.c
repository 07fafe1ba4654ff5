/* An identical redefinition is allowed. */
#define LIMIT (10 + 2)
#define LIMIT (10 + 2)
int a[LIMIT];
