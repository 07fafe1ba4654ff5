/* A statement macro used without ';'. */
#define BRET(b) return (int)(b);
int m(int x) { BRET(~x) }
