#!/usr/bin/env python3
"""tests/run/kv_oracle.py PORT SEED COUNT CHUNKS - a random pipeline of
COUNT commands (GET, SET, DEL, INCR, PING, arrays of bulk strings and
inline lines, any case, binary values, numbers at int64's edges) sent to
127.0.0.1:PORT, then QUIT (inline lines only of plain words: kv reads
no quotes); every byte of the replies, to the server's end
of stream, on stdout.  The same SEED writes the same commands, so the
output of examples/kv and of redis-server can be compared byte for byte.

CHUNKS 0 sends the pipeline in one write; N > 0 cuts it at random places
into about N writes, each after a pause, so that the server sees commands
split anywhere: inside a length, between "\\r" and "\\n", inside a value.
Bounded: 30 s in all.
"""
import random
import socket
import sys
import time


def bulk(b):
    return b"$%d\r\n%s\r\n" % (len(b), b)


def array(words):
    return b"*%d\r\n" % len(words) + b"".join(bulk(w) for w in words)


def commands(rng, count):
    keys = [b"oracle:%d" % i for i in range(12)] + [b"oracle:\x00\r\n\xff", b"o" * 300]
    numbers = [b"0", b"41", b"-1", b"9223372036854775806", b"9223372036854775807",
               b"-9223372036854775808", b"007", b"+1", b" 1", b"1 ", b"", b"x", b"12a"]
    out = []
    for _ in range(count):
        key = rng.choice(keys)
        what = rng.randrange(11)
        if what < 3:
            name, words = b"SET", [key, rng.choice(numbers) if rng.random() < 0.4 else
                                   bytes(rng.randrange(256) for _ in range(rng.choice([0, 1, 3, 20, 5000])))]
        elif what < 6:
            name, words = b"GET", [key]
        elif what < 8:
            name, words = b"INCR", [key]
        elif what < 9:
            name, words = b"DEL", rng.sample(keys, rng.randrange(1, 4))
        else:
            name, words = b"PING", [] if rng.random() < 0.5 else [b"hello \x00 there"]
        name = bytes(c | 0x20 if rng.random() < 0.3 else c for c in name)
        # Inline only where words need no quoting (kv reads no quotes).
        plain = all(w and all(chr(c).isalnum() or c in b":+-" for c in w) for w in words)
        if plain and rng.random() < 0.15:
            out.append(b" ".join([name] + words) + rng.choice([b"\r\n", b"\n"]))
        else:
            out.append(array([name] + words))
    return b"".join(out) + array([b"QUIT"])


def main():
    port, seed, count, chunks = (int(a) for a in sys.argv[1:5])
    rng = random.Random(seed)
    data = commands(rng, count)
    cuts = sorted(rng.sample(range(1, len(data)), min(chunks, len(data) - 1))) if chunks else []
    deadline = time.monotonic() + 30
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        prev = 0
        for cut in cuts + [len(data)]:
            s.sendall(data[prev:cut])
            prev = cut
            if chunks:
                time.sleep(0.002)
        got = []
        while time.monotonic() < deadline:
            b = s.recv(65536)
            if not b:
                break
            got.append(b)
    sys.stdout.buffer.write(b"".join(got))


if __name__ == "__main__":
    main()
