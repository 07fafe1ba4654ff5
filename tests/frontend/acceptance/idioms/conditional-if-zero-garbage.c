/* An #if 0 block holding text that is not C. */
#if 0
This is a comment written as text, with 'unbalanced quotes and { braces.
#endif
int x;
