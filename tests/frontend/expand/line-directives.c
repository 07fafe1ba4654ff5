/* #line in the main file: the text stays the main file's, __LINE__ and
 * __FILE__ say the presumed line and name, and a macro defined after the
 * directive is in effect from its physical line on. */
#include <stddef.h>
#line 100 "generated.y"
int a = __LINE__;
const char *f = __FILE__;
#define AFTER 7
int b = AFTER + __LINE__;
#if 0
#line 1 "dead.y"
#endif




int c = __LINE__;               /* after a resync of blank lines */
#line 20
const char *g = __FILE__ + __LINE__;
# 40 "gnu-form.c"
int d = __LINE__;
#line 3 "dir/base.c"
const char *h = __FILE_NAME__;
