/* The GNU conditional with an omitted middle operand. */
const char *or_default(const char *s) { return s ?: "default"; }
