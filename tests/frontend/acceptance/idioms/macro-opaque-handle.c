/* A macro declaring an opaque handle type (DECLARE_HANDLE). */
#define DECLARE_HANDLE(name) struct name##__ { int unused; }; typedef struct name##__ *name
DECLARE_HANDLE(HWND);
DECLARE_HANDLE(HDC);
int same(HWND a, HDC b) { return (void *)a == (void *)b; }
