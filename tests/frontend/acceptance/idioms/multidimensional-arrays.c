/* Multidimensional arrays, initialised and indexed. */
static const int grid[2][3] = { { 1, 2, 3 }, { 4, 5, 6 } };
static const char names[][8] = { "one", "two" };
int f(int i, int j) { return grid[i][j] + names[i][0]; }
