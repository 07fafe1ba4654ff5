/* S_ISDIR and st_mtime, a macro that names a nested member. */
#include <sys/stat.h>
long age(const struct stat *st) { return S_ISDIR(st->st_mode) ? 0 : (long)st->st_mtime; }
