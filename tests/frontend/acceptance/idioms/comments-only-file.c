/* A file with nothing but comments and blank lines. */

// and a line comment

/* and another */
