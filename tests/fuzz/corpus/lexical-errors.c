int x = "unterminated;
char c = 'a;
/* open comment
