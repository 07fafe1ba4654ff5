/* A macro that declares a variable, with and without an initializer. */
#define DECLARE_COUNTER(name) static unsigned long name##_count
DECLARE_COUNTER(reads);
DECLARE_COUNTER(writes) = 10;
unsigned long total(void) { return reads_count + writes_count; }
