/* GNU range designators. */
int table[16] = { [0 ... 7] = 1, [8 ... 15] = 2 };
