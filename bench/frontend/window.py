#!/usr/bin/env python3
"""bench/frontend/window.py - how long cpp's output of the main file's own
code takes to come, after the main file's last #include: the time a main
parse that followed the stream there could overlap (issue 10 (b)).

    window.py [--runs N] FILE.c

Runs the command blc runs (`cc -E -dD -x c FILE.c`, $CC if set) N times
(9), reading its output from a pipe as blc does (the pipe asked for 1 MB,
reads of up to 64 KB as they come), and prints the medians of: the time
from the start to when the output has passed the main file's last
#include line (a line marker of the main file for a later line, at the
depth of the main file), the time to the output's end, the window between
the two, and the bytes after that point.  Wall-clock: shared machines
make it noisy; say the load average with it.
"""
import fcntl
import os
import re
import shlex
import statistics
import subprocess
import sys
import time

INCLUDE = re.compile(rb'^[ \t]*#[ \t]*(include|import)\b', re.M)
MARKER = re.compile(rb'^# (\d+) "((?:[^"\\]|\\.)*)"((?: \d)*)$', re.M)


def last_include_line(path):
    with open(path, 'rb') as f:
        text = f.read()
    last = 0
    for m in INCLUDE.finditer(text):
        last = text.count(b'\n', 0, m.start()) + 1
    return last


def passed(out, start, state, after):
    """Walks the line markers in out[start:] (whole lines only); true once
    one puts the main file at depth 0 on a line after `after`."""
    end = out.rfind(b'\n', start) + 1
    for m in MARKER.finditer(out, start, end):
        line, name, flags = int(m.group(1)), m.group(2), m.group(3).split()
        if state['main'] is None:
            state['main'] = name
        if b'1' in flags:
            state['depth'] += 1
        elif b'2' in flags and state['depth'] > 0:
            state['depth'] -= 1
        if state['depth'] == 0 and name == state['main'] and line > after:
            return True, end
    return False, end


def one_run(argv, after):
    r, w = os.pipe()
    try:
        fcntl.fcntl(r, 1031, 1 << 20)          # F_SETPIPE_SZ, as blc asks
    except OSError:
        pass
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=w, stdin=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    os.close(w)
    out = bytearray()
    scanned, state, t_pass, at_pass = 0, {'main': None, 'depth': 0}, None, 0
    while True:
        b = os.read(r, 64 << 10)
        if not b:
            break
        out += b
        if t_pass is None:
            ok, scanned = passed(out, scanned, state, after)
            if ok:
                t_pass, at_pass = time.perf_counter(), len(out) - len(b)
    t_eof = time.perf_counter()
    os.close(r)
    if p.wait() != 0:
        sys.exit('window.py: the preprocessor failed: %s' % ' '.join(argv))
    if t_pass is None:
        t_pass, at_pass = t_eof, len(out)
    return t_pass - t0, t_eof - t0, len(out) - at_pass, len(out)


def main():
    args = sys.argv[1:]
    runs = 9
    if len(args) == 3 and args[0] == '--runs':
        runs, args = int(args[1]), args[2:]
    if len(args) != 1:
        sys.exit(__doc__)
    path = args[0]
    cc = os.environ.get('CC') or 'cc'
    argv = shlex.split(cc) + ['-E', '-dD', '-x', 'c', path]
    after = last_include_line(path)
    res = [one_run(argv, after) for _ in range(runs)]
    med = lambda i: statistics.median(x[i] for x in res)
    window = statistics.median(x[1] - x[0] for x in res)
    print('window: %s, last #include on line %d; %d runs, medians:'
          % (' '.join(argv), after, runs))
    print('window: output passes the last #include at %.2f ms, ends at '
          '%.2f ms: %.2f ms to overlap; %d of %d bytes after it'
          % (med(0) * 1e3, med(1) * 1e3, window * 1e3, med(2), med(3)))


if __name__ == '__main__':
    main()
