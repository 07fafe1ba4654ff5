/* htons / ntohl, macros or inline functions. */
#include <arpa/inet.h>
#include <endian.h>
unsigned f(unsigned short port, unsigned addr) { return htons(port) + ntohl(addr) + be32toh(addr); }
