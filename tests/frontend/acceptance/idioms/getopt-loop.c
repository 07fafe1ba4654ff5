/* The getopt loop and switch. */
#include <unistd.h>
#include <stdlib.h>
int parse(int argc, char **argv)
{
    int c, verbose = 0, n = 1;
    while ((c = getopt(argc, argv, "vn:")) != -1) {
        switch (c) {
        case 'v': verbose++; break;
        case 'n': n = atoi(optarg); break;
        default: return -1;
        }
    }
    return verbose + n;
}
