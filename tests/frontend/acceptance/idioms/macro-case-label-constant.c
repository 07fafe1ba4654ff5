/* Macros as case labels. */
#define CMD_OPEN 1
#define CMD_CLOSE (CMD_OPEN + 1)
#define CMD_BASE 0x100
int f(int c) { switch (c) { case CMD_OPEN: return 1; case CMD_CLOSE: return 2; case CMD_BASE | 3: return 3; } return 0; }
