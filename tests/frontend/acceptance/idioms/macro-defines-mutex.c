/* A macro defining an initialised object (pthread style). */
#include <pthread.h>
#define DEFINE_LOCK(name) pthread_mutex_t name = PTHREAD_MUTEX_INITIALIZER
static DEFINE_LOCK(table_lock);
int lock(void) { return pthread_mutex_lock(&table_lock); }
