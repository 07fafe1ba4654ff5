/* #if groups among enumerators. */
enum opt {
    OPT_A,
#ifdef EXTRA
    OPT_EXTRA,
#endif
    OPT_B,
#if 0
    OPT_NEVER
#endif
};
