/* __alignof__ on types and expressions. */
struct s { char c; double d; };
int a = __alignof__(struct s);
int b = __alignof__(a);
