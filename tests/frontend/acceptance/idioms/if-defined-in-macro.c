/* `defined` spelled out and in the #elif chain. */
#define FEATURE_A
#if defined(FEATURE_A) && !defined FEATURE_B
int mode = 1;
#elif defined(FEATURE_B)
int mode = 2;
#endif
