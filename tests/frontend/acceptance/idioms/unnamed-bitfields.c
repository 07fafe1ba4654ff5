/* Unnamed and zero-width bit-fields. */
struct bits { unsigned a : 3; unsigned : 2; unsigned b : 1; int : 0; unsigned c : 7; };
