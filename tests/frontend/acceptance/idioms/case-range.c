/* GNU case ranges. */
int kind(int c)
{
    switch (c) {
    case '0' ... '9': return 1;
    case 'a' ... 'z': case 'A' ... 'Z': return 2;
    default: return 0;
    }
}
