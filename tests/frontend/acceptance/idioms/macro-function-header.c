/* An object-like macro that is a whole function header (flex's YY_DECL). */
#define YY_DECL int yylex(void)
YY_DECL
{
    return 0;
}
