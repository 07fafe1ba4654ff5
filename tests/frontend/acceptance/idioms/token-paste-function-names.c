/* Token pasting makes function names that are then called. */
#define DEFINE_GETTER(type, name) static type get_##name(const struct obj *o) { return o->name; }
struct obj { int size; const char *label; };
DEFINE_GETTER(int, size)
DEFINE_GETTER(const char *, label)
int use(const struct obj *o) { return get_size(o) + (get_label(o) != 0); }
