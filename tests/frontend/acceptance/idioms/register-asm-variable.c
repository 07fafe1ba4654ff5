/* A register variable bound to a named register. */
int f(void)
{
    register long rbx_value __asm__("rbx") = 1;
    __asm__ volatile ("" : "+r" (rbx_value));
    return (int)rbx_value;
}
