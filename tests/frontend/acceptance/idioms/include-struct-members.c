/* An #include that supplies a struct's members. */
struct options {
#include "members.inc"
};
int width(struct options *o) { return o->width; }
