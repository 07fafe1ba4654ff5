/* A computed #include from a macro. */
#define HEADER <stddef.h>
#include HEADER
#define STR_(x) #x
#define STR(x) STR_(x)
#define LOCAL once.h
#include STR(LOCAL)
size_t n = once_value;
