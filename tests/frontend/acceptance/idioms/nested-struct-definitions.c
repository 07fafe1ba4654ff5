/* Structs defined inside structs (visible outside in C). */
struct outer {
    struct inner { int a; } in;
    enum kind { K_A, K_B } kind;
    union { int i; float f; } u;
};
struct inner loose;
enum kind k = K_B;
