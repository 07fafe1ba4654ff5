/* A macro expanding to several case labels. */
#define CASE_DIGIT case '0': case '1': case '2': case '3': case '4': \
                   case '5': case '6': case '7': case '8': case '9'
int digit(int c) { switch (c) { CASE_DIGIT: return 1; default: return 0; } }
