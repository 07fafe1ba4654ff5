/* WIFEXITED / WEXITSTATUS. */
#include <sys/wait.h>
int code(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status); }
