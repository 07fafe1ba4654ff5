/* alias and weak attributes. */
int real_impl(void) { return 1; }
int alias_name(void) __attribute__((alias("real_impl")));
int __attribute__((weak)) maybe(void) { return 0; }
