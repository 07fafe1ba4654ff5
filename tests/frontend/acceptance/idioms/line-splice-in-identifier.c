/* A backslash-newline inside an identifier and a number. */
int long_na\
me = 12\
34;
int use(void) { return long_name; }
