/* __LINE__, __FILE__, __func__, __FUNCTION__, __PRETTY_FUNCTION__. */
#include <stdio.h>
void where(void) { printf("%s:%d %s %s %s\n", __FILE__, __LINE__, __func__, __FUNCTION__, __PRETTY_FUNCTION__); }
