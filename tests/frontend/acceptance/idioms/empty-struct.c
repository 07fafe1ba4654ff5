/* An empty struct (GNU). */
struct empty {};
struct empty e;
int size(void) { return (int)sizeof e; }
