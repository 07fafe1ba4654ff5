/* READ_ONCE / WRITE_ONCE with volatile __typeof__. */
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) do { *(volatile __typeof__(x) *)&(x) = (v); } while (0)
int flag;
int poll_flag(void) { while (!READ_ONCE(flag)) ; WRITE_ONCE(flag, 0); return 1; }
