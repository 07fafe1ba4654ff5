int f(void)
{
	int x = 1
	return x;
}
int g(void) { return 1 + ; }
