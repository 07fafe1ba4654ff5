# bluelet.py - gdb commands for programs that use libbluelet.
#
#   info coroutines           every live coroutine of every running loop:
#                             its task (numbered as bl_dump numbers them),
#                             name, .blc file:line, what it waits on, and
#                             its await chain (a coroutine that "calls"
#                             the one indented under it)
#   coroutine print TASK NAME a local or parameter of task TASK's
#                             coroutines, by its name in the .blc source
#   coroutine locals TASK     every local and parameter of task TASK's
#                             coroutines
#
# Load it with `source PREFIX/share/bluelet/gdb/bluelet.py` (bluelet(3)).
#
# The key decision: everything is read from memory, nothing is called in
# the program, so the commands work the same on a live process stopped
# anywhere and on a core file.  The walk starts at the global bl__loops
# (every running loop; runtime/internal.h), and follows what bl_dump
# follows (runtime/sched.c): a task is a slot whose generation is odd,
# its chain runs from roots[slot] through each coroutine's `awaited`
# while that is a coroutine that has not ended.  A frame's members are
# read through the type of `self` in the coroutine's resume function
# (blc's `struct NAME__frame`, whose members keep their source names, a
# shadowed one renamed NAME__2); so libbluelet and the program need their
# debug information (-g).

import re

import gdb

K_CORO = 2        # BL_K_CORO (runtime/internal.h)
F_PENDING = 1     # BL_F_PENDING
DONE = -1         # BL_DONE (bluelet.h)
# BL_OP_* in order, as io.c's io_describe names them.
IO_OPS = ("read", "write", "recv", "send", "sendall", "readline", "accept",
          "connect", "signal", "sendfile", "wait", "work", "recvfrom",
          "sendto")


class Error(Exception):
    pass


def _loops():
    """The running loops, each a gdb.Value of type bl__loop."""
    try:
        head = gdb.parse_and_eval("bl__loops")
    except gdb.error:
        raise Error("no symbol bl__loops: is libbluelet (with its debug "
                    "information) in this program?")
    loops = []
    try:
        while int(head) != 0:
            loop = head.dereference()
            loops.append(loop)
            head = loop["next_loop"]
    except gdb.MemoryError:
        raise Error("cannot read bl__loops: no live process or core file?")
    return loops


def _string(ptr):
    try:
        return ptr.string() if int(ptr) else "?"
    except gdb.error:
        return "?"


def _tasks(loop):
    """(slot, number, root coroutine) of each live task of loop."""
    for i in range(int(loop["nslots"])):
        if int(loop["gens"][i]) & 1:
            yield i, int(loop["nums"][i]), loop["roots"][i]


def _task_number(loop, task_id):
    """The number of the live task with id task_id, or None."""
    slot = task_id & 0xFFFFFFFF
    if slot < int(loop["nslots"]):
        gen = int(loop["gens"][slot])
        if gen & 1 and (gen << 32 | slot) == task_id:
            return int(loop["nums"][slot])
    return None


def _where(co):
    """'name (file:line)', as bl_dump writes it."""
    info = co["info"].dereference()
    state = int(co["state"])
    line = "?"
    if int(info["lines"]) and 0 <= state < int(info["nstates"]):
        line = str(int(info["lines"][state]))
    return "%s (%s:%s)" % (_string(info["name"]), _string(info["file"]), line)


def _kind_name(kind):
    try:
        return _string(gdb.parse_and_eval("bl__kinds")[kind]["name"])
    except gdb.error:
        return "kind %d" % kind


def _describe(loop, aw):
    """What the pending awaitable aw (a bl_aw *) is, as bl_dump says it."""
    kind = int(aw["kind"])
    name = _kind_name(kind)
    ev = aw.cast(gdb.lookup_type("bl__ev").pointer())
    if name in ("io", "fd"):
        io = aw.cast(gdb.lookup_type("bl__io").pointer())
        op = int(io["op"])
        opname = IO_OPS[op] if op < len(IO_OPS) else "op %d" % op
        return "%s %s fd %d" % (name, opname, int(io["fd"]))
    if name == "join":
        n = _task_number(loop, int(ev["r"]["t"]))
        return name + (" task %d" % n if n is not None else " a task that ended")
    if name in ("sleep", "deadline"):
        t = aw.cast(gdb.lookup_type("bl__timer").pointer())
        due = (int(t["deadline"]) - int(loop["now"])) / 1e9
        return "%s (due in %.3fs of the loop's last clock reading)" % (name, due)
    try:
        return name + _details(name, aw)
    except gdb.error:  # a type without debug information: the kind alone
        return name


def _as(aw, type_name):
    return aw.cast(gdb.lookup_type(type_name).pointer()).dereference()


def _pointer(v):
    return "0x%x" % int(v) if int(v) else "(nil)"


def _details(name, aw):
    """What the other kinds' describe functions add (chan.c, signal.c,
    group.c, work.c)."""
    if name == "chan":
        op = _as(aw, "chan_op")
        return " %s %s" % ("send" if int(op["send"]) else "recv", _pointer(op["ch"]))
    if name == "cond":
        return " " + _pointer(_as(aw, "chan_op")["val"])
    if name == "signal":
        bits = int(_as(aw, "sigwaiter")["set"])
        return "".join(" %d" % (s + 1) for s in range(64) if bits >> s & 1)
    if name in ("group any", "group all"):
        g = _as(aw, "gwait")["g"]
        return " %s (%d alive)" % (_pointer(g), int(g["nlive"])) if int(g) else ""
    if name == "work":
        job = _as(aw, "bl__work")["job"]
        return " " + (_string(job["what"]) if int(job) else "?")
    return ""


def _chain(co):
    """The coroutines of a task's await chain, from its root down."""
    chain = [co]
    coro_p = co.type
    for _ in range(100000):
        aw = co["awaited"]
        if not int(aw) or int(aw["kind"]) != K_CORO:
            break
        callee = aw.cast(coro_p)
        if int(callee["state"]) == DONE:
            break
        chain.append(callee)
        co = callee
    return chain


def _status(loop, slot, co):
    """The last coroutine of a chain: what it is doing."""
    aw = co["awaited"]
    if int(aw) and int(aw["flags"]) & F_PENDING:
        return "waits on " + _describe(loop, aw)
    if bool(loop["running"]) and int(loop["cur"]) == slot:
        return "running"
    return "not started" if int(co["state"]) == 0 else "ready"


def _backend(loop):
    try:
        return _string(loop["be"]["name"])
    except gdb.error:
        return "?"


def info_coroutines():
    out = []
    loops = _loops()
    if not loops:
        return ("bluelet: no loop is running (no process, or bl_run has not started "
                "or has returned)\n")
    for loop in loops:
        out.append("bluelet: %d task(s), backend %s, loop %s"
                   % (int(loop["ntasks"]), _backend(loop), loop.address))
        for slot, num, root in _tasks(loop):
            task_id = int(loop["gens"][slot]) << 32 | slot
            out.append("task %d%s  [id %d]" % (num, " (root)" if slot == int(loop["root"]) else "", task_id))
            chain = _chain(root)
            for depth, co in enumerate(chain):
                what = "calls" if depth + 1 < len(chain) else _status(loop, slot, co)
                out.append("  %s%s %s  [frame %s]" % ("  " * depth, _where(co), what, co))
    return "\n".join(out) + "\n"


def _find_task(number):
    for loop in _loops():
        for slot, num, root in _tasks(loop):
            if num == number:
                return root
    raise Error("no live task %d (info coroutines lists them)" % number)


def _frame(co):
    """co's frame as its own struct (a gdb.Value), through `self`'s type in
    its resume function."""
    resume = int(co["info"]["resume"])
    block = gdb.block_for_pc(resume)
    if block is None:
        raise Error("%s: no debug information for its resume function" % _where(co))
    sym = gdb.lookup_symbol("self", block)[0]
    if sym is None:
        raise Error("%s: its resume function has no `self`" % _where(co))
    return co.cast(sym.type).dereference()


def _members(frame):
    """(member name, value) of a frame, past the coroutine header."""
    fields = frame.type.strip_typedefs().fields()
    for f in fields[1:]:
        if f.name:
            yield f.name, frame[f.name]


def _task_and_rest(arg, what):
    args = gdb.string_to_argv(arg)
    if len(args) < 1 or not args[0].isdigit():
        raise Error("usage: coroutine %s TASK%s" % (what, " NAME" if what == "print" else ""))
    return int(args[0]), args[1:]


def coroutine_print(arg):
    number, rest = _task_and_rest(arg, "print")
    if len(rest) != 1:
        raise Error("usage: coroutine print TASK NAME")
    name = rest[0]
    same = re.compile(r"^%s(__[0-9]+)?$" % re.escape(name))
    out = []
    for co in reversed(_chain(_find_task(number))):
        frame = _frame(co)
        for member, value in _members(frame):
            if same.match(member):
                label = name if member == name else "%s (%s)" % (name, member)
                out.append("%s: %s = %s" % (_where(co), label, value.format_string()))
    if not out:
        raise Error("task %d: no coroutine of its chain has a local `%s` in its frame "
                    "(a local used only between two yields stays in the resume "
                    "function, and is not kept)" % (number, name))
    return "\n".join(out) + "\n"


def coroutine_locals(arg):
    number, rest = _task_and_rest(arg, "locals")
    if rest:
        raise Error("usage: coroutine locals TASK")
    out = []
    for co in _chain(_find_task(number)):
        out.append(_where(co))
        for member, value in _members(_frame(co)):
            out.append("  %s = %s" % (member, value.format_string()))
    return "\n".join(out) + "\n"


class _Command(gdb.Command):
    """A command whose errors are printed as gdb errors."""

    def __init__(self, name, cls, run, prefix=False):
        super().__init__(name, cls, prefix=prefix)
        self._run = run

    def invoke(self, arg, from_tty):
        try:
            gdb.write(self._run(arg))
        except Error as e:
            raise gdb.GdbError("bluelet: %s" % e)


class InfoCoroutines(_Command):
    """Every live coroutine of every running libbluelet loop: its task, its
name, the .blc file:line where it is suspended, what it waits on, and its
await chain (a coroutine that "calls" the one indented under it).
Reads memory only: works on a live process and on a core file."""

    def __init__(self):
        super().__init__("info coroutines", gdb.COMMAND_STATUS, lambda arg: info_coroutines())


class Coroutine(gdb.Command):
    """Commands on libbluelet coroutines: coroutine print, coroutine locals."""

    def __init__(self):
        super().__init__("coroutine", gdb.COMMAND_DATA, prefix=True)


class CoroutinePrint(_Command):
    """coroutine print TASK NAME: the local or parameter NAME (its name in the
.blc source) of the coroutines of task TASK (numbered as info coroutines
numbers them), innermost first."""

    def __init__(self):
        super().__init__("coroutine print", gdb.COMMAND_DATA, coroutine_print)


class CoroutineLocals(_Command):
    """coroutine locals TASK: every local and parameter kept in the frames of
task TASK's coroutines, from its root down."""

    def __init__(self):
        super().__init__("coroutine locals", gdb.COMMAND_DATA, coroutine_locals)


InfoCoroutines()
Coroutine()
CoroutinePrint()
CoroutineLocals()
