/* A stringified macro in an array dimension. */
#define STR_(x) #x
#define STR(x) STR_(x)
#define MAX_PID 4194304
char pid_buf[sizeof(STR(MAX_PID))];
