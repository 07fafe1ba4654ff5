/* A macro holding qualifiers and a storage class together. */
#define SCONST static const
#define VCONST volatile const
SCONST int limit = 10;
extern VCONST int hw_reg;
int f(void) { return limit; }
