/* An API macro between the return type and the name. */
#define API
#define CDECL
int API CDECL add(int a, int b);
int API CDECL add(int a, int b) { return a + b; }
