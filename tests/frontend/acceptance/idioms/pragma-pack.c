/* #pragma pack around a struct. */
#pragma pack(push, 1)
struct wire { char c; int i; };
#pragma pack(pop)
int size(void) { return (int)sizeof(struct wire); }
