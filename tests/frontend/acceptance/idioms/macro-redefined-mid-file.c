/* A macro redefined mid-file changes meaning between uses. */
#define SIZE 4
static int a[SIZE];
#undef SIZE
#define SIZE 8
static int b[SIZE];
int sizes(void) { return (int)(sizeof a + sizeof b); }
