/* Enum and initializer lists with trailing commas. */
enum state { IDLE, RUNNING, DONE, };
static const int values[] = { 1, 2, 3, };
struct pt { int x, y; } origin = { .x = 0, .y = 0, };
