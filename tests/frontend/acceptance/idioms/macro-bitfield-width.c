/* Macros as bit-field widths. */
#define TYPE_BITS 4
#define FLAG_BITS (8 - TYPE_BITS)
struct packed_hdr { unsigned type : TYPE_BITS; unsigned flags : FLAG_BITS; unsigned : 0; unsigned rest : 3; };
