/* A header macro that names a variable of its user's (for
 * refuse-macro-names-parameter-from-header.blc). */
void log_to(void *ctx, const char *msg);
#define LOG(msg) log_to(ctx, msg)
