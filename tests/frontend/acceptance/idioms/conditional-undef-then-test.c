/* A macro undefined, then tested. */
#define OPTION 1
#undef OPTION
#ifdef OPTION
int option = 1;
#else
int option = 0;
#endif
