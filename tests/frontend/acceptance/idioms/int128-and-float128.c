/* __int128 and _Float128. */
__int128 wide(long a, long b) { return (__int128)a * b; }
unsigned __int128 uwide;
_Float128 q = 1.0;
