/* EXTERN that is extern in one file and nothing in another. */
#ifdef DEFINE_GLOBALS
#define EXTERN
#else
#define EXTERN extern
#endif
EXTERN int verbose;
EXTERN const char *progname;
int v(void) { return verbose; }
