/* __extension__ before declarations and expressions. */
__extension__ typedef long long ll;
__extension__ static ll big = 1LL << 40;
ll f(void) { return __extension__ (big + 1); }
