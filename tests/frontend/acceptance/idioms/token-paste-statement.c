/* Token pasting into statements. */
#define SET(field, v) s->field##_value = (v); s->field##_set = 1
struct opts { int width_value, width_set, depth_value, depth_set; };
void apply(struct opts *s) { SET(width, 80); SET(depth, 3); }
