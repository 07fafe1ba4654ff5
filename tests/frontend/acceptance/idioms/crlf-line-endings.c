/* A file with CRLF line endings. */
int f(void)
{
    return 1;
}
