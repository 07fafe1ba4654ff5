/* X-macro producing struct members and an initializer. */
#define FIELDS(F) F(int, width, 80) F(int, height, 24) F(double, scale, 1.0)
struct config {
#define F(t, n, d) t n;
    FIELDS(F)
#undef F
};
static const struct config defaults = {
#define F(t, n, d) .n = d,
    FIELDS(F)
#undef F
};
double area(void) { return defaults.width * defaults.height * defaults.scale; }
