/* #if arithmetic with character constants and shifts. */
#if 'A' == 65 && (1 << 4) == 16 && -1 < 0
int ascii = 1;
#else
int ascii = 0;
#endif
