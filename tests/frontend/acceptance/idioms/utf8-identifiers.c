/* UTF-8 letters in identifiers (C11 Annex D). */
int café = 1;
static int größe(int ä) { return ä + café; }
int use(void) { return größe(2); }
