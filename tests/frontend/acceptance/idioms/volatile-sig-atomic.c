/* volatile sig_atomic_t set from a signal handler. */
#include <signal.h>
static volatile sig_atomic_t got_signal;
static void handler(int sig) { got_signal = sig; }
int install(void) { struct sigaction sa = { .sa_handler = handler }; sigemptyset(&sa.sa_mask); return sigaction(SIGINT, &sa, 0); }
