/* A macro that is a function's whole body. */
#define STUB_BODY { return 0; }
int not_implemented(void) STUB_BODY
int also_missing(int x) STUB_BODY
