/* A multi-character constant (implementation-defined, accepted). */
int tag = 'ABCD';
int eq(int x) { return x == 'ab'; }
