#!/usr/bin/env python3
"""mutate.py SEED COUNT OUTDIR FILE... - writes COUNT damaged copies of the
given C files into OUTDIR (m000.blc, m001.blc, ...): each is truncated, has
a byte range deleted or duplicated, or gets one of C's dangerous bytes
inserted ({ } ( ) " ' /* \\ NUL 0xff @ yield coroutine).  The same seed
writes the same files.  For tests/frontend/badinput.sh: blc must answer
each with exit 0 or 1, never a crash or a hang."""

import os
import random
import sys

SPICE = [b"{", b"}", b"(", b")", b"[", b"\"", b"'", b"/*", b"*/", b"\\\n",
         b"\0", b"\xff", b"@", b"#if 0\n", b"#endif\n", b" yield ",
         b"coroutine ", b";", b"typedef int ", b"__attribute__((", b"..."]


def mutate(r, data):
    n = len(data)
    kind = r.randrange(4)
    at = r.randrange(n + 1)
    if kind == 0:
        return data[:at]
    if kind == 1:
        end = min(n, at + r.randrange(1, 40))
        return data[:at] + data[end:]
    if kind == 2:
        end = min(n, at + r.randrange(1, 200))
        return data[:end] + data[at:]
    return data[:at] + r.choice(SPICE) * r.randrange(1, 4) + data[at:]


def main():
    seed, count, outdir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    sources = [open(f, "rb").read() for f in sys.argv[4:]]
    r = random.Random(seed)
    os.makedirs(outdir, exist_ok=True)
    for i in range(count):
        data = r.choice(sources)
        for _ in range(r.randrange(1, 4)):
            data = mutate(r, data)
        with open(os.path.join(outdir, "m%03d.blc" % i), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
