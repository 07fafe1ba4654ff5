/* Repeated tentative definitions and a redundant typedef. */
int counter;
int counter;
extern int counter;
typedef int num;
typedef int num;
num counter;
