/* A kernel-style registration macro after a definition. */
#define EXPORT_SYMBOL(sym) extern int __export_##sym __attribute__((unused))
#define module_init(fn) static int (*__init_fn)(void) __attribute__((used)) = fn
int shared_helper(void) { return 1; }
EXPORT_SYMBOL(shared_helper);
static int start(void) { return shared_helper(); }
module_init(start);
