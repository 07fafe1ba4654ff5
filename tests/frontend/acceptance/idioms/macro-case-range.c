/* A GNU case range written by a macro. */
#define LOWER 'a' ... 'z'
int lower(int c) { switch (c) { case LOWER: return 1; } return 0; }
