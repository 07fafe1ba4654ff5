/* The extern "C" guard of headers, in a .c file. */
#ifdef __cplusplus
extern "C" {
#endif
int c_linkage(int);
#ifdef __cplusplus
}
#endif
