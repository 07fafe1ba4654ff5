/* Empty statements in every position. */
int f(int x)
{
    ;
    if (x) ; else ;
    while (0) ;
    for (;;) break;
    do ; while (0);
    return x;;
}
