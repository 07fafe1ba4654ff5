/*
 * cpp.c - what blc learns from the preprocessor, and the main file's own
 * preprocessor lines.
 *
 * The main file is parsed with its macros expanded (expand.c), but the
 * parser must know the typedef names of the headers.  So the system
 * preprocessor runs once (`$CC -E -x c`, or --cpp CMD, with the -I -D -U
 * given to blc) and its output is parsed with the same grammar: the
 * file-scope typedef names it declares go to the symbol table for the
 * real parse.  The output is parsed as it streams in from the pipe, so
 * this header pass runs on one core while the preprocessor works on the
 * other, and it builds no tree (parse.c drops each declaration's nodes).
 * The main file's own text in it is left out, unit by unit, except what
 * may declare typedef names that later text needs (parse.c, "the main file
 * in the cpp output"), and past the main file's last #include the main
 * parse itself may run there ("overlapping the main parse", at the end of
 * this file).  If the preprocessor is missing or fails, one
 * warning, and a built-in list of standard and POSIX typedef names stands
 * in: what the header pass learnt counts only when the preprocessor
 * succeeded (it has a symbol table of its own until then).
 *
 * Macros: the preprocessor runs with -dD, so its output also says every
 * #define and #undef where it happens; expand.c learns them from it
 * (expand_learn), expands the main file's macros as cpp did, and checks
 * its expansion against the main file's text in that output.  blc does
 * not guess what a macro means: the parser reads the expansion.  Without
 * a preprocessor (or line markers) the main file's own #define lines are
 * the definitions.
 *
 * #if groups (the rule, also in the docs): a group of the main file is
 * parsed when the preprocessor printed code from one of its lines (the
 * line markers of its output say which lines those are); every other group
 * is skipped, like the preprocessor did (a group that printed nothing has
 * nothing to parse).  When the preprocessor did not run (or its output
 * had no line markers), each chain keeps its first group not known to be
 * false, and skips the others; a group is known false when its condition is literally 0
 * or asks for C++ (`#ifdef __cplusplus`).  So `#if A ... { #else ... {
 * #endif` parses, and `#if 0` blocks are never parsed.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "blc.h"


/* The length of a directive's '#' at p: 1 for '#', 2 for its digraph
 * '%:' (C11 6.4.6p3), 3 for its trigraph '??=' when tri, 0 if none. */
static size_t hash_len(const char *p, const char *end, bool tri)
{
    if (p < end && *p == '#')
        return 1;
    if (tri && end - p >= 3 && p[0] == '?' && p[1] == '?' && p[2] == '=')
        return 3;
    return end - p >= 2 && p[0] == '%' && p[1] == ':' ? 2 : 0;
}

/* ----------------------------------------------------- typedef names */

static const char *const gcc_typedefs[] = {
    "__builtin_va_list", "__builtin_ms_va_list", "__int128_t", "__uint128_t",
    "bool",
};

static const char *const std_typedefs[] = {
    "size_t", "ssize_t", "ptrdiff_t", "wchar_t", "wint_t", "max_align_t",
    "va_list", "__gnuc_va_list", "FILE", "fpos_t", "off_t", "off64_t",
    "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t",
    "uint32_t", "uint64_t", "int_least8_t", "int_least16_t",
    "int_least32_t", "int_least64_t", "uint_least8_t", "uint_least16_t",
    "uint_least32_t", "uint_least64_t", "int_fast8_t", "int_fast16_t",
    "int_fast32_t", "int_fast64_t", "uint_fast8_t", "uint_fast16_t",
    "uint_fast32_t", "uint_fast64_t", "intptr_t", "uintptr_t", "intmax_t",
    "uintmax_t", "time_t", "clock_t", "suseconds_t", "useconds_t",
    "clockid_t", "timer_t", "pid_t", "uid_t", "gid_t", "id_t", "mode_t",
    "dev_t", "ino_t", "nlink_t", "blksize_t", "blkcnt_t", "fsblkcnt_t",
    "fsfilcnt_t", "key_t", "socklen_t", "sa_family_t", "in_addr_t",
    "in_port_t", "nfds_t", "sigset_t", "sig_atomic_t", "sighandler_t",
    "pthread_t", "pthread_attr_t", "pthread_mutex_t", "pthread_mutexattr_t",
    "pthread_cond_t", "pthread_condattr_t", "pthread_key_t",
    "pthread_once_t", "pthread_rwlock_t", "pthread_rwlockattr_t",
    "pthread_spinlock_t", "pthread_barrier_t", "pthread_barrierattr_t",
    "jmp_buf", "sigjmp_buf", "div_t", "ldiv_t", "lldiv_t", "mbstate_t",
    "locale_t", "DIR", "regex_t", "regmatch_t", "regoff_t", "glob_t",
    "fd_set", "epoll_data_t", "char16_t", "char32_t", "float_t", "double_t",
    "atomic_bool", "atomic_char", "atomic_int", "atomic_uint", "atomic_long",
    "atomic_ulong", "atomic_llong", "atomic_ullong", "atomic_size_t",
    "atomic_intptr_t", "atomic_uintptr_t", "atomic_flag", "memory_order",
    "cnd_t", "thrd_t", "tss_t", "mtx_t", "once_flag", "thrd_start_t",
    "tss_dtor_t", "imaxdiv_t", "wctype_t", "wctrans_t", "iconv_t",
    "posix_spawn_file_actions_t", "posix_spawnattr_t", "caddr_t", "u_char",
    "u_short", "u_int", "u_long", "rlim_t", "sem_t", "mqd_t", "stack_t",
    "siginfo_t", "ucontext_t", "nl_item", "cpu_set_t", "loff_t",
};

static void declare_all(Ctx *ctx, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        symtab_declare(ctx->syms, names[i], SYM_TYPEDEF);
}

bool cpp_input_preprocessed(const Ctx *ctx)
{
    const char *in = ctx->opt ? ctx->opt->input : NULL;
    return ctx->opt && ctx->opt->no_cpp && in && strlen(in) > 2 &&
           strcmp(in + strlen(in) - 2, ".i") == 0;
}

void cpp_declare_builtin_typedefs(Ctx *ctx)
{
    declare_all(ctx, gcc_typedefs, sizeof gcc_typedefs / sizeof *gcc_typedefs);
    if (cpp_input_preprocessed(ctx))
        return;                         // preprocessed: it declares its own
    declare_all(ctx, std_typedefs, sizeof std_typedefs / sizeof *std_typedefs);
}

/* ------------------------------------------------------- lexemes */


static bool ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_';
}

unsigned cpp_count_typedefs(const char *p, const char *end)
{
    unsigned n = 0;
    while (p < end) {
        if (*p == '"' || *p == '\'' || (*p == '/' && p + 1 < end && (p[1] == '*' || p[1] == '/'))) {
            p = c_skip_lexeme(p, end);
            continue;
        }
        const char *w = p;
        while (p < end && ident_char(*p))
            p++;
        n += p - w == 7 && memcmp(w, "typedef", 7) == 0;
        p += p == w;
    }
    return n;
}

/* The preprocessor's output streams into one reserved mapping that never
 * moves, so offsets and pointers into it stay valid while it grows; the
 * lexer takes it as it arrives (cpp_read_more), so the headers are parsed
 * on one core while the preprocessor still writes them on the other. */
struct Stream {
    int fd;                     // the pipe's read end
    char *base;                 // the reservation: base[0, size)
    size_t size, writable;      // reserved; read-write from base
    bool eof;                   // the pipe is closed (or reading failed)
    bool failed;                // a read failed, or the output is too big
    const char *main;           // the main file's source, for its lines
    uint32_t *lines;            // where its line n + 1 starts, n < nlines
    uint32_t nlines;
    Expander *learn;            // learns the macros as the output comes
    size_t learnt;              // the bytes it has read
};

enum {
    GROW = 1 << 20,             // made writable this much at a time
    READ_MAX = 64 << 10,        // room asked for each read
    PIPE_SIZE = 1 << 20,        // asked of the pipe, so cpp seldom waits
};

/* Reserves address space for the output (inaccessible until it grows):
 * 4 GB, the limit of a uint32_t offset, or 256 MB where that is too much. */
static bool reserve(Stream *s)
{
    size_t sizes[] = {(size_t)UINT32_MAX + 1 - GROW, (size_t)256 << 20};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        void *p = mmap(NULL, sizes[i], PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p != MAP_FAILED && sizes[i] > GROW) {
            s->base = p;
            s->size = sizes[i];
            return true;
        }
    }
    return false;
}

static bool grow(Stream *s)
{
    if (s->size - s->writable < GROW ||
        mprotect(s->base + s->writable, GROW, PROT_READ | PROT_WRITE) < 0)
        return false;
    s->writable += GROW;
    return true;
}

static bool stop(Stream *s, bool failed)
{
    s->eof = true;
    s->failed |= failed;
    return false;
}

/* The text grows by what the pipe holds (waiting for some); false at the
 * end.  A NUL always follows the text: the mapping's pages start zeroed. */
bool cpp_read_more(Ctx *ctx)
{
    Stream *s = ctx->cpp.stream;
    if (!s || s->eof)
        return false;
    while (s->writable - ctx->len < READ_MAX + 1)
        if (!grow(s))
            return stop(s, true);
    ssize_t r;
    do
        r = read(s->fd, s->base + ctx->len, s->writable - ctx->len - 1);
    while (r < 0 && errno == EINTR);
    if (r <= 0)
        return stop(s, r < 0);
    ctx->len += (uint32_t)r;
    if (s->learn)                       // on this core, while cpp works
        s->learnt += expand_learn_more(s->learn, s->base + s->learnt,
                                       ctx->len - s->learnt, false);
    return true;
}

/* ------------------------------------------------ running the command */

/* Splits cmd at blanks into argv[], which has room for every word. */
static int split_command(Arena *a, const char *cmd, const char **argv)
{
    int n = 0;
    for (const char *p = cmd; *p;) {
        while (*p == ' ' || *p == '\t')
            p++;
        size_t len = strcspn(p, " \t");
        if (len)
            argv[n++] = arena_strndup(a, p, len);
        p += len;
    }
    return n;
}

/* gcc's preprocessor tracks each token a macro makes back to the macro's
 * definition (-ftrack-macro-expansion=2, its default), for diagnostics
 * that blc does not read: the preprocessor's stderr is /dev/null.  Its
 * output has the same tokens on the same lines without it, only fewer
 * line markers (a system header's macro expanded in the main file is no
 * longer framed by markers flagged 3), and cc1 runs faster: on
 * bench/frontend's typical file, `gcc -E -dD` 1.060 times as long as
 * `gcc -E`, and 1.028 with tracking off (bench/README.md, frontend, by
 * interleave.c).  So blc turns it off, before the
 * flags it hands on (so that a user's own -ftrack-macro-expansion wins).
 * clang refuses the option: it is given to a command whose file name,
 * found on PATH and with its symbolic links followed, says gcc (cc is
 * x86_64-linux-gnu-gcc-12 on Debian), and when the preprocessor then
 * fails having printed nothing (a clang named gcc, a gcc before 4.7),
 * translate() runs it again without the option (CppFacts.gnu). */
static const char *const gnu_options[] = {"-ftrack-macro-expansion=0"};

static bool is_gcc(const char *path)
{
    char *real = realpath(path, NULL);
    if (!real)
        return false;
    const char *base = strrchr(real, '/');
    base = base ? base + 1 : real;
    bool gcc = strstr(base, "gcc") && !strstr(base, "clang");
    free(real);
    return gcc;
}

/* Whether the command `name` (a path, or a name searched on PATH) is gcc. */
static bool gnu_command(const char *name)
{
    if (strchr(name, '/'))
        return is_gcc(name);
    const char *path = getenv("PATH");
    for (const char *p = path ? path : "/usr/local/bin:/usr/bin:/bin"; *p;) {
        size_t n = strcspn(p, ":");
        char file[4096];
        if (snprintf(file, sizeof file, "%.*s%s%s", (int)n, p, n ? "/" : "", name) <
                (int)sizeof file && access(file, X_OK) == 0)
            return is_gcc(file);
        p += n + (p[n] == ':');
    }
    return false;
}

/* The preprocessor's command line: --cpp CMD or `$CC -E`, then gcc's own
 * options (above), then every flag blc hands it, in order (none is
 * dropped), NULL-terminated. */
static const char **build_argv(Ctx *ctx)
{
    const char *cmd = ctx->opt->cpp;
    char *dflt = NULL;
    if (!cmd) {
        const char *cc = getenv("CC");
        size_t n = strlen(cc && *cc ? cc : "cc") + 4;
        dflt = arena_alloc(ctx->arena, n);
        snprintf(dflt, n, "%s -E", cc && *cc ? cc : "cc");
        cmd = dflt;
    }
    size_t ngnu = sizeof gnu_options / sizeof *gnu_options;
    size_t cap = strlen(cmd) / 2 + 1 + ngnu + (size_t)ctx->opt->ncpp_args + 5;
    const char **argv = arena_alloc(ctx->arena, cap * sizeof *argv);
    int n = split_command(ctx->arena, cmd, argv);
    ctx->cpp.gnu = ctx->cpp.gnu && n > 0 && gnu_command(argv[0]);
    for (size_t i = 0; ctx->cpp.gnu && i < ngnu; i++)
        argv[n++] = gnu_options[i];
    for (int i = 0; i < ctx->opt->ncpp_args; i++)
        argv[n++] = ctx->opt->cpp_args[i];
    argv[n++] = "-dD";                  // every #define and #undef, in place
    argv[n++] = "-x";
    argv[n++] = "c";
    argv[n++] = ctx->opt->input;
    argv[n] = NULL;
    return argv;
}

/* Runs argv with the pipe's end `out` as its stdout, /dev/null as its
 * stdin and stderr.  posix_spawn: no copy of blc's page tables. */
static pid_t spawn(const char **argv, int out)
{
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa) != 0)
        return -1;
    pid_t pid = -1;
    if (posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0) ||
        posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0) ||
        posix_spawn_file_actions_adddup2(&fa, out, 1) ||
        posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ))
        pid = -1;
    posix_spawn_file_actions_destroy(&fa);
    return pid;
}

unsigned cpp_source_typedefs(Ctx *ctx, uint32_t line)
{
    Stream *s = ctx->cpp.stream;
    if (!s || line == 0 || line >= s->nlines)
        return 0;
    return cpp_count_typedefs(s->main + s->lines[line - 1], s->main + s->lines[line]);
}

/* Starts the preprocessor; returns its pid (its output on *fd), or -1. */
static pid_t start_cpp(const char **argv, int *fd)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0)
        return -1;
#ifdef F_SETPIPE_SZ
    fcntl(fds[0], F_SETPIPE_SZ, PIPE_SIZE);
#endif
    pid_t pid = spawn(argv, fds[1]);
    close(fds[1]);
    if (pid < 0)
        close(fds[0]);
    else
        *fd = fds[0];
    return pid;
}

/* Waits for the preprocessor; true if it succeeded, else a warning, or
 * none when it refused gcc's options (it failed and printed nothing):
 * then ctx->cpp.gnu_refused. */
static bool cpp_succeeded(Ctx *ctx, pid_t pid, const char *name, bool failed,
                          bool printed)
{
    int status = 0;
    while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (pid > 0 && code == 0 && !failed)
        return true;
    if (pid > 0 && code != 127 && ctx->cpp.gnu && !printed && !failed) {
        ctx->cpp.gnu_refused = true;
        return false;
    }
    if (pid < 0 || code == 127)
        warning_plain(ctx, "cannot run the preprocessor '%s'; using the "
                      "standard typedef names", name);
    else
        warning_plain(ctx, "the preprocessor '%s' failed (exit status %d); "
                      "using the standard typedef names", name, code);
    return false;
}

/* --------------------------------------------- parsing the output */

/* The main file's line starts, lines[n] for its line n + 1, and its end
 * after the last: count + 1 entries; returns count. */
static uint32_t line_starts(Ctx *ctx, uint32_t **lines)
{
    const char *t = ctx->text, *end = t + ctx->len;
    uint32_t n = 1;
    for (const char *p = t; (p = memchr(p, '\n', (size_t)(end - p))); p++)
        n++;
    uint32_t *at = arena_alloc(ctx->arena, (n + 1) * sizeof *at), i = 0;
    at[i++] = 0;
    for (const char *p = t; (p = memchr(p, '\n', (size_t)(end - p))); p++)
        at[i++] = (uint32_t)(p + 1 - t);
    at[i] = ctx->len;
    *lines = at;
    return n;
}

/* Whether the main file has an #include line (or might have one), or a
 * flag includes a file before it (-include, -imacros). */
static bool has_include(const Ctx *ctx)
{
    for (int i = 0; i < ctx->opt->ncpp_args; i++)
        if (!strncmp(ctx->opt->cpp_args[i], "-include", 8) ||
            !strncmp(ctx->opt->cpp_args[i], "-imacros", 8))
            return true;
    const char *t = ctx->text, *end = t + ctx->len;
    for (const char *p = t; p < end; p++) {
        p += strspn(p, " \t");
        if (hash_len(p, end, ctx->cpp.trigraphs)) {
            p += hash_len(p, end, ctx->cpp.trigraphs);
            p += strspn(p, " \t");
            if (!strncmp(p, "include", 7) || !strncmp(p, "import", 6))
                return true;
        }
        p = memchr(p, '\n', (size_t)(end - p));
        if (!p)
            break;
    }
    return false;
}

/* The Ctx that parses the preprocessor's output as it streams in, for its
 * typedef names, its line markers and its -dU macro definitions.  It has
 * a symbol table of its own: what it learnt counts only if the
 * preprocessor succeeds (adopt).  A file that includes nothing has no
 * header to learn from: its output is only lexed (skimmed). */
static void begin_output(Ctx *ctx, Ctx *sub, Stream *s)
{
    ctx_init(sub, ctx->opt, "<preprocessed>", NULL, 0);
    cpp_declare_builtin_typedefs(sub);  // as ctx has them
    sub->text = s->base;
    sub->cpp.stream = s;
    sub->cpp.owner = ctx;                   // the macros it defines
    sub->quiet = true;
    sub->max_errors = 100;
    sub->cpp.track_live = true;
    sub->cpp.skim = !has_include(ctx);
    s->main = ctx->text;
    s->nlines = line_starts(ctx, &s->lines) + 1;
    sub->cpp.nlive = s->nlines + 1;
    sub->cpp.live_lines = arena_alloc(ctx->arena, sub->cpp.nlive / 8 + 1);
}

/* The preprocessor succeeded: its typedef names, macro classes and live
 * lines are the main file's. */
static void adopt(Ctx *ctx, Ctx *sub, int rc)
{
    symtab_swap(&ctx->syms, &sub->syms);
    if (rc < 0 && sub->cpp.error)       // errors of the main file come later
        warning_plain(ctx, "cannot parse the preprocessed headers (%s); "
                      "some typedef names may be unknown", sub->cpp.error);
    ctx->cpp.live_lines = sub->cpp.live_lines;
    ctx->cpp.nlive = sub->cpp.nlive;
    for (uint32_t i = 0; i <= sub->cpp.nlive / 8 && !ctx->cpp.have_live; i++)
        ctx->cpp.have_live = sub->cpp.live_lines[i] != 0;   // no markers: no rule
    if (ctx->opt->deps)
        deps_note_cpp_output(ctx, sub->text, sub->len);
}

/* Whether cpp's output starts with a line marker (`# 0 "f.c"`). */
static bool has_markers(const Ctx *sub)
{
    return sub->len > 2 && sub->text[0] == '#' && sub->text[1] == ' ' &&
           sub->text[2] >= '0' && sub->text[2] <= '9';
}

static bool overlap_allowed(Ctx *ctx);
static bool overlap_spoilt(Ctx *ctx, const Ctx *sub, bool ok);

int cpp_learn_typedefs(Ctx *ctx)
{
    const char **argv = build_argv(ctx);
    Stream s = {.fd = -1};
    pid_t pid = ctx->len > UINT32_MAX / 2 || !reserve(&s) ? -1 : start_cpp(argv, &s.fd);
    Ctx sub;
    int rc = -1;
    if (ctx->cpp.overlap == OVERLAP_MAY && !overlap_allowed(ctx))
        ctx->cpp.overlap = OVERLAP_NO;
    if (pid > 0) {
        begin_output(ctx, &sub, &s);
        s.learn = expand_new_in(ctx, sub.syms);    // adopted with them
        if (ctx->cpp.overlap == OVERLAP_MAY)    // while cpp starts
            lex_prelex(ctx, sub.syms, s.fd);
        rc = parse_source(&sub);        // the main parse, if it overlaps
        while (cpp_read_more(&sub))     // what the parse left: for -M, and
            ;                           // so that cpp can finish
        close(s.fd);
    }
    bool quiet = ctx->quiet;
    ctx->quiet |= ctx->cpp.parsed;      // a failure then: said when the
    bool ok = cpp_succeeded(ctx, pid, argv[0], s.failed,    // serial run
                            pid > 0 && sub.len > 0);        // says it
    ctx->quiet = quiet;
    if (ctx->cpp.gnu_refused) {
        // translate() runs it again, without gcc's options
    } else if (ctx->cpp.parsed && overlap_spoilt(ctx, &sub, ok)) {
        ctx->cpp.overlap = OVERLAP_SPOILT;  // translate() starts again
        expand_keep(ctx->expander, s.base, s.size);     // its macros
        s.base = NULL;                                  // point into it
    } else if (ok) {
        adopt(ctx, &sub, rc);
        if (has_markers(&sub)) {                  // its macros, and what it printed
            if (!ctx->cpp.parsed) {     // (learnt already if it overlapped)
                expand_learn_more(s.learn, sub.text + s.learnt, sub.len - s.learnt, true);
                ctx->expander = s.learn;
                s.learn = NULL;
            }
            expand_keep(ctx->expander, s.base, s.size);     // they point
            s.base = NULL;                                  // into it
            ctx->expand_check = true;
        } else {        // the file's own #defines then (parse_source)
            warning_plain(ctx, "the preprocessor printed no line markers "
                          "(-P?): the macros of the headers are unknown");
        }
        if (ctx->cpp.held)              // the main parse's, after these
            fwrite(ctx->cpp.held, 1, ctx->cpp.nheld, ctx->diag);
    } else {                            // a failed run teaches nothing
        cpp_declare_builtin_typedefs(ctx);
    }
    free(ctx->cpp.held);
    ctx->cpp.held = NULL;
    lex_prelex_free(ctx);               // names in sub's table
    expand_free(s.learn);               // names in sub's table, if kept
    if (pid > 0) {
        sub.text = NULL;
        ctx_free(&sub);
    }
    if (s.base)
        munmap(s.base, s.size);
    return ok ? rc : -1;
}

/* ------------------------------------------ the main file's directives */

typedef struct Chain {
    int ngroups;                // groups seen (only 64 are remembered)
    uint32_t dirs[64];          // opening directive of each group (capped)
    bool zero[64];              // its condition is literally 0
} Chain;

typedef struct Scan {
    Ctx *ctx;
    uint32_t *dline;            // line of each directive's first byte
    uint32_t *dend_line;        // line of its last byte
    uint32_t capdirs, capskips;
    Chain *chains;
    int nchains, capchains;
} Scan;

/* Skips a comment or literal at p (if any); returns where scanning goes on. */
const char *c_skip_lexeme(const char *p, const char *end)
{
    if (p[0] == '/' && p + 1 < end && p[1] == '*') {
        const char *q = p + 2;
        while (q + 1 < end && !(q[0] == '*' && q[1] == '/'))
            q++;
        return q + 1 < end ? q + 2 : end;
    }
    if (p[0] == '/' && p + 1 < end && p[1] == '/') {
        for (p += 2; p < end && !(*p == '\n' && p[-1] != '\\'); p++)
            ;
        return p;
    }
    if (*p == '"' || *p == '\'') {
        char q = *p++;
        for (; p < end && *p != q && *p != '\n'; p++)
            if (*p == '\\' && p + 1 < end)
                p++;
        return p < end && *p == q ? p + 1 : p;
    }
    return p + 1;
}

/* The end of the directive line starting at p: after its newline. */
static const char *directive_end(const char *p, const char *end)
{
    while (p < end && *p != '\n') {
        if (*p == '\\' && p + 1 < end && p[1] == '\n')
            p += 2;
        else if (*p == '\r' && p + 2 < end && p[-1] == '\\' && p[1] == '\n')
            p += 2;
        else
            p = c_skip_lexeme(p, end);
    }
    return p < end ? p + 1 : end;
}

static uint32_t lines_in(const char *b, const char *e)
{
    uint32_t n = 0;
    for (; (b = memchr(b, '\n', (size_t)(e - b))); b++)
        n++;
    return n;
}

/* The directive's keyword (if, ifdef, else...) and what follows it. */
static size_t keyword(const char *p, const char *end, const char **rest)
{
    while (p < end && (*p == ' ' || *p == '\t' || hash_len(p, end, true)))
        p += hash_len(p, end, true) ? hash_len(p, end, true) : 1;
    const char *k = p;
    while (p < end && ((*p >= 'a' && *p <= 'z') || *p == '_'))
        p++;
    *rest = p;
    return (size_t)(p - k);
}

static bool is_kw(const char *k, size_t n, const char *word)
{
    return strlen(word) == n && memcmp(k, word, n) == 0;
}

static bool literally_zero(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p < end && *p == '0' && (p + 1 == end || !(p[1] >= '0' && p[1] <= '9') ||
                                     p[1] == ' ');
}

/* Without the preprocessor: is this group's condition known false?  It is
 * when literally 0, or when it asks for C++ (#ifdef __cplusplus). */
static bool known_false(const char *k, size_t n, const char *rest, const char *end)
{
    while (rest < end && (*rest == ' ' || *rest == '\t' || *rest == '('))
        rest++;
    if (end - rest >= 7 && memcmp(rest, "defined", 7) == 0 && is_kw(k, n, "if"))
        return known_false("ifdef", 5, rest + 7, end);
    if (is_kw(k, n, "if") || is_kw(k, n, "elif"))
        return literally_zero(rest, end) ||
               (end - rest >= 11 && memcmp(rest, "__cplusplus", 11) == 0);
    return is_kw(k, n, "ifdef") && end - rest >= 11 &&
           memcmp(rest, "__cplusplus", 11) == 0 && !ident_char(rest[11]);
}

static bool group_has_live_line(Scan *s, uint32_t open, uint32_t close)
{
    Ctx *ctx = s->ctx;
    uint32_t from = s->dend_line[open] + 1;
    uint32_t to = close < ctx->cpp.ndirs ? s->dline[close] : UINT32_MAX;
    for (uint32_t l = from; l < to && l < ctx->cpp.nlive; l++)
        if (ctx->cpp.live_lines[l / 8] & (1u << (l % 8)))
            return true;
    return false;
}

static void add_skip(Scan *s, uint32_t open_dir, uint32_t close_dir)
{
    Ctx *ctx = s->ctx;
    if (ctx->cpp.nskips == s->capskips) {
        s->capskips = s->capskips ? s->capskips * 2 : 64;
        ctx->cpp.skips = xrealloc(ctx->cpp.skips, s->capskips * sizeof *ctx->cpp.skips);
    }
    uint32_t end = close_dir < ctx->cpp.ndirs ? ctx->cpp.dirs[close_dir].begin : ctx->len;
    ctx->cpp.skips[ctx->cpp.nskips++] = (Directive){ctx->cpp.dirs[open_dir].end, end};
}

/* Group g's condition, by the expander (expand_if): 1, 0 or -1 (it
 * cannot judge). */
static int group_true(Scan *s, const Chain *c, int g)
{
    Ctx *ctx = s->ctx;
    uint32_t d = c->dirs[g], line = s->dline[d];
    const char *p = ctx->text + ctx->cpp.dirs[d].begin, *end = ctx->text + ctx->cpp.dirs[d].end;
    const char *rest;
    size_t n = keyword(p, end, &rest);
    const char *k = rest - n;
    if (is_kw(k, n, "else"))
        return 1;
    if (is_kw(k, n, "if") || is_kw(k, n, "elif"))
        return expand_if(ctx->expander, line, rest, (size_t)(end - rest));
    bool ifdef = is_kw(k, n, "ifdef") || is_kw(k, n, "elifdef");
    if (!ifdef && !is_kw(k, n, "ifndef") && !is_kw(k, n, "elifndef"))
        return -1;
    rest += strspn(rest, " \t");
    const char *name = rest;
    while (rest < end && ident_char(*rest))
        rest++;
    if (rest == name)
        return -1;
    return expand_defined(ctx->expander, line, name, (size_t)(rest - name)) == ifdef;
}

/* No group printed a line: all are false, or the chain lies inside a
 * macro's arguments (cpp prints the expansion on the line of the macro's
 * name: `F(1,` newline `#ifdef X` ...).  The expander, when there is one,
 * judges the conditions as cpp did: the first true group, or none; -1 when
 * it cannot judge (then none is parsed, as before). */
static int judged_group(Scan *s, const Chain *c, int n)
{
    for (int g = 0; s->ctx->expander && g < n; g++) {
        int t = group_true(s, c, g);
        if (t != 0)
            return t > 0 ? g : -1;
    }
    return -1;
}

/* The chain is complete (close_dir is its #endif, or ndirs at the end of
 * the file): choose the group to parse, skip the others.  With the
 * preprocessor's information, the group that printed a line; if none did,
 * the one whose condition is true (judged_group). */
static void close_chain(Scan *s, Chain *c, uint32_t close_dir)
{
    int n = c->ngroups < 64 ? c->ngroups : 64, chosen = -1;
    for (int g = 0; s->ctx->cpp.have_live && g < n && chosen < 0; g++) {
        uint32_t next = g + 1 < n ? c->dirs[g + 1] : close_dir;
        if (group_has_live_line(s, c->dirs[g], next))
            chosen = g;
    }
    if (s->ctx->cpp.have_live && chosen < 0 && c->ngroups <= 64)
        chosen = judged_group(s, c, n);
    for (int g = 0; !s->ctx->cpp.have_live && g < n && chosen < 0; g++)
        if (!c->zero[g])
            chosen = g;
    for (int g = 0; g < n; g++)
        if (g != chosen)
            add_skip(s, c->dirs[g], g + 1 < n ? c->dirs[g + 1] : close_dir);
}

static void conditional(Scan *s, uint32_t d, const char *line, const char *end)
{
    const char *rest;
    size_t n = keyword(line, end, &rest);
    const char *k = rest - n;
    bool open = is_kw(k, n, "if") || is_kw(k, n, "ifdef") || is_kw(k, n, "ifndef");
    bool elif = is_kw(k, n, "elif") || is_kw(k, n, "elifdef") ||
                is_kw(k, n, "elifndef");    // C2x, and gcc 12 already
    bool next = elif || is_kw(k, n, "else");
    if (open) {
        if (s->nchains == s->capchains) {
            s->capchains = s->capchains ? s->capchains * 2 : 16;
            s->chains = xrealloc(s->chains, (size_t)s->capchains * sizeof *s->chains);
        }
        s->chains[s->nchains++] = (Chain){0};
    }
    if (s->nchains == 0)
        return;
    Chain *c = &s->chains[s->nchains - 1];
    if (open || next) {
        if (c->ngroups < 64) {
            c->dirs[c->ngroups] = d;
            c->zero[c->ngroups] = known_false(k, n, rest, end);
        }
        c->ngroups++;
    } else if (is_kw(k, n, "endif")) {
        close_chain(s, c, d);
        s->nchains--;
    }
}

static void add_directive(Scan *s, const char *b, const char *e, uint32_t line,
                          uint32_t end_line)
{
    Ctx *ctx = s->ctx;
    if (ctx->cpp.ndirs == s->capdirs) {
        s->capdirs = s->capdirs ? s->capdirs * 2 : 64;
        ctx->cpp.dirs = xrealloc(ctx->cpp.dirs, s->capdirs * sizeof *ctx->cpp.dirs);
        s->dline = xrealloc(s->dline, s->capdirs * sizeof *s->dline);
        s->dend_line = xrealloc(s->dend_line, s->capdirs * sizeof *s->dend_line);
    }
    s->dline[ctx->cpp.ndirs] = line;
    s->dend_line[ctx->cpp.ndirs] = end_line;
    ctx->cpp.dirs[ctx->cpp.ndirs++] = (Directive){(uint32_t)(b - ctx->text),
                                          (uint32_t)(e - ctx->text)};
}

static int by_begin(const void *a, const void *b)
{
    uint32_t x = ((const Directive *)a)->begin, y = ((const Directive *)b)->begin;
    return x < y ? -1 : x > y;
}

/* A directive of the main file: its line's start, its '#', its end (after
 * its newline), its first and last line. */
typedef void DirFn(void *arg, const char *bol, const char *hash,
                   const char *end, uint32_t line, uint32_t last);

/* Calls fn for each directive of the main file, in order: the one walk
 * over its text that finds them (comments and literals skipped). */
static void each_directive(const Ctx *ctx, DirFn *fn, void *arg)
{
    const char *t = ctx->text, *end = t + ctx->len, *p = t;
    uint32_t line = 1;
    while (p < end) {
        const char *bol = p;            // at the start of a line
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (hash_len(p, end, ctx->cpp.trigraphs)) {
            const char *e = directive_end(p, end);
            uint32_t last = line + lines_in(bol, e) - (e[-1] == '\n');
            fn(arg, bol, p, e, line, last);
            line += lines_in(bol, e);
            p = e;
            continue;
        }
        while (p < end && *p != '\n') {
            p += strcspn(p, "\n/\"'");  // the common bytes (the text ends
            if (p == end || *p == '\n')  // in a NUL, and may hold some)
                break;
            if (*p == '\0') {
                p++;
                continue;
            }
            const char *q = c_skip_lexeme(p, end);
            if (q - p > 1)
                line += lines_in(p, q);
            p = q;
        }
        if (p < end) {
            p++;
            line++;
        }
    }
}

static void scan_one(void *arg, const char *bol, const char *hash,
                     const char *end, uint32_t line, uint32_t last)
{
    Scan *s = arg;
    add_directive(s, bol, end, line, last);
    conditional(s, s->ctx->cpp.ndirs - 1, hash, end);
}

void scan_directives(Ctx *ctx)
{
    Scan s = {.ctx = ctx};
    free(ctx->cpp.dirs);                // again (lex_prelex's): anew
    free(ctx->cpp.skips);
    ctx->cpp.dirs = ctx->cpp.skips = NULL;
    ctx->cpp.ndirs = ctx->cpp.nskips = 0;
    each_directive(ctx, scan_one, &s);
    while (s.nchains > 0)
        close_chain(&s, &s.chains[--s.nchains], ctx->cpp.ndirs);
    if (ctx->cpp.nskips)
        qsort(ctx->cpp.skips, ctx->cpp.nskips, sizeof *ctx->cpp.skips, by_begin);
    free(s.dline);
    free(s.dend_line);
    free(s.chains);
}

bool cpp_trigraphs(const Options *opt)
{
    bool iso = false, forced = false;
    for (int i = 0; opt && i < opt->ncpp_args; i++) {
        const char *a = opt->cpp_args[i];
        if (!strcmp(a, "-trigraphs"))
            forced = true;
        else if (!strcmp(a, "-ansi"))
            iso = true;
        else if (!strncmp(a, "-std=", 5))
            iso = a[5] == 'c' || !strncmp(a + 5, "iso9899", 7);
    }
    return forced || iso;
}

/* ------------------------------------- the main file's presumed lines */

/* A #line directive of the main file (or its GNU form, `# 33 "f.c"`). */
typedef struct LineDirective {
    uint32_t after;             // the physical line after it
    uint32_t line;              // the presumed line it gives that line
    const char *name;           // the file name it gives, or NULL
    size_t len;
} LineDirective;

typedef struct LineDirs {
    LineDirective *v;
    uint32_t n, cap;
} LineDirs;

static void line_one(void *arg, const char *bol, const char *hash,
                     const char *end, uint32_t line, uint32_t last)
{
    LineDirs *d = arg;
    (void)bol, (void)line;
    LineDirective ld = {.after = last + 1};
    if (!read_marker(hash + hash_len(hash, end, true), end, &ld.line, &ld.name, &ld.len, NULL))
        return;
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 8;
        d->v = xrealloc(d->v, d->cap * sizeof *d->v);
    }
    d->v[d->n++] = ld;
}

void main_lines_init(MainLines *ml, const Ctx *main)
{
    LineDirs d = {0};
    *ml = (MainLines){0};
    each_directive(main, line_one, &d);
    ml->dirs = d.v;
    ml->ndirs = d.n;
}

/* The flagless marker `# N "name"` of the main file: a #line directive's,
 * or a resync after blank lines.  It is the next #line directive's when
 * it says what that one says; a directive that lies before the lines
 * read so far (up to physical line `done`) and says something else was
 * in a false group. */
static void presumed_marker(MainLines *ml, uint32_t line, const char *name,
                            size_t n, uint32_t done)
{
    while (ml->next < ml->ndirs) {
        const LineDirective *d = &ml->dirs[ml->next];
        bool same_name = d->name ? d->len == n && memcmp(d->name, name, n) == 0
                                 : n == ml->cur_len && memcmp(name, ml->cur, n) == 0;
        if (d->line == line && same_name) {
            ml->delta = (int64_t)d->after - line;
            ml->next++;
            return;
        }
        if (d->after > done + 1)
            return;                     // a resync, before the directive
        ml->next++;                     // a directive in a false group
    }
}

void main_lines_marker(MainLines *ml, uint32_t line, const char *name,
                       size_t n, int flag, uint32_t done)
{
    if (!name)
        return;
    bool first = !ml->main;
    if (first) {
        ml->main = name;
        ml->main_len = n;
    }
    ml->depth += flag == 1 ? 1 : flag == 2 && ml->depth > 0 ? -1 : 0;
    bool is_main = n == ml->main_len && memcmp(name, ml->main, n) == 0;
    if (ml->depth == 0 && is_main && !first)
        ml->begun = true;
    bool was_main = ml->in_main;
    ml->in_main = ml->depth == 0 && (is_main || (ml->begun && name[0] != '<'));
    if (ml->in_main && was_main && flag == 0 && ml->begun)
        presumed_marker(ml, line, name, n, done);
    if (ml->in_main) {
        ml->cur = name;
        ml->cur_len = n;
    }
}

void main_lines_free(MainLines *ml)
{
    free(ml->dirs);
    *ml = (MainLines){0};
}
/* ------------------------------------------ overlapping the main parse
 *
 * Past the main file's last #include, what cpp prints is the main file's
 * own code; the header pass has nothing left to learn there, and cc1
 * spends a good part of its time on it.  So the main parse runs there,
 * inside the header pass (at its line marker for the main file's next
 * line, cpp_overlap_main), on the same core, while cpp still writes: it
 * pulls the stream as it needs lines (cpp_need_line: a token's macros
 * are the definitions learnt before its line; the check's reference as
 * far as a token compares it), and its diagnostics are held until cpp's
 * exit status is known.  The serial parse would read the same: the
 * symbol table is the header pass's final one (it changes nothing after:
 * symtab_changes, and its parser gets no token), every definition in
 * effect at a line is learnt before cpp prints that line, and the
 * reference only grows while it is plain (else expand_check_stale).
 * Where that cannot be known, the main parse is serial as before: a main
 * file with an #if (its groups are chosen from the live lines of the
 * whole chain, scan_directives) or a #pragma push_macro or pop_macro
 * (read_pragmas reads them all at the first lookup), -M and friends, no
 * line markers, or the header pass not between declarations there.  And
 * when it turns out otherwise (cpp failed, the header pass declared a
 * name after, the reference was spelled by the lexer after a check),
 * translate() starts again without the overlap: the output is the serial
 * parse's in every case. */

typedef struct OverlapScan {
    bool ok;
    uint32_t last_include;
} OverlapScan;

static void overlap_one(void *arg, const char *bol, const char *hash,
                        const char *end, uint32_t line, uint32_t last)
{
    OverlapScan *o = arg;
    (void)bol, (void)line;
    const char *rest;
    size_t n = keyword(hash, end, &rest);
    const char *k = rest - n;
    if (is_kw(k, n, "include") || is_kw(k, n, "include_next") || is_kw(k, n, "import"))
        o->last_include = last;
    else if (n >= 2 && (k[0] == 'i' || k[0] == 'e') &&
             (is_kw(k, n, "if") || is_kw(k, n, "ifdef") || is_kw(k, n, "ifndef") ||
              is_kw(k, n, "elif") || is_kw(k, n, "elifdef") || is_kw(k, n, "elifndef") ||
              is_kw(k, n, "else") || is_kw(k, n, "endif")))
        o->ok = false;
    else if (is_kw(k, n, "pragma") &&
             (memmem(rest, (size_t)(end - rest), "push_macro", 10) ||
              memmem(rest, (size_t)(end - rest), "pop_macro", 9)))
        o->ok = false;
}

/* Whether the main parse may overlap cpp for this file (above); notes
 * its last #include line. */
static bool overlap_allowed(Ctx *ctx)
{
    OverlapScan o = {.ok = !ctx->opt->deps};
    if (o.ok)
        each_directive(ctx, overlap_one, &o);
    ctx->cpp.last_include = o.last_include;
    return o.ok;
}

/* After the header pass: whether the overlapped main parse may have read
 * something the serial one would not. */
static bool overlap_spoilt(Ctx *ctx, const Ctx *sub, bool ok)
{
    return !ok || ctx->cpp.overlap != OVERLAP_DONE ||
           symtab_changes(sub->syms) != ctx->cpp.changes ||
           expand_check_stale(ctx->expander);
}

void cpp_overlap_main(Ctx *sub)
{
    Ctx *ctx = sub->cpp.owner;
    Stream *s = sub->cpp.stream;
    if (!ctx || ctx->cpp.overlap != OVERLAP_MAY || !s || !s->learn || !has_markers(sub) ||
        symtab_depth(sub->syms) != 0)
        return;
    ctx->cpp.overlap = OVERLAP_NO;      // once
    FILE *real = ctx->diag, *held = open_memstream(&ctx->cpp.held, &ctx->cpp.nheld);
    if (!held)
        return;
    ctx->cpp.overlap = OVERLAP_DONE;
    scan_directives(ctx);               // no #if: the live lines not needed
    ctx->expander = s->learn;           // learning on as the stream comes
    ctx->expand_check = true;
    ctx->cpp.pull = sub;
    ctx->diag = held;
    symtab_swap(&ctx->syms, &sub->syms);
    ctx->cpp.parse_rc = parse_source(ctx);
    ctx->cpp.parsed = true;
    while (cpp_pull(ctx))               // the rest learnt: the expander is
        ;                               // ctx's from now on
    symtab_swap(&ctx->syms, &sub->syms);
    ctx->cpp.changes = symtab_changes(sub->syms);
    ctx->cpp.pull = NULL;
    fclose(held);
    ctx->diag = real;
}

bool cpp_pull(Ctx *ctx)
{
    Ctx *sub = ctx->cpp.pull;
    Stream *s = sub ? sub->cpp.stream : NULL;
    if (!s || !s->learn)
        return false;
    if (cpp_read_more(sub))
        return true;
    expand_learn_more(s->learn, s->base + s->learnt, sub->len - s->learnt, true);
    s->learnt = sub->len;
    s->learn = NULL;
    return false;
}

void cpp_need_line(Ctx *ctx, uint32_t line)
{
    while (ctx->cpp.pull && expand_learnt_line(ctx->expander) < line && cpp_pull(ctx))
        ;
}
