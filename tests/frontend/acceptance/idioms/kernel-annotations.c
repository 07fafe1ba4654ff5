/* Empty annotations in pointer declarators, a section macro in the specifiers. */
#define __user
#define __iomem
#define __init __attribute__((section(".text.init")))
#define __must_check __attribute__((warn_unused_result))
static int __init setup(char __user *buf, void __iomem *regs) { return buf != 0 && regs != 0; }
int __must_check try(void) { return setup(0, 0); }
