/*
 * main.c - the blc command: options, then read -> learn typedef names ->
 * parse -> analyze -> emit -> write.
 *
 * The output is rendered in memory and written only on success, to a
 * temporary file in the output's directory that is then renamed over the
 * output: a failed run leaves no output and no temporary behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "blc.h"

#ifndef BLC_VERSION
#define BLC_VERSION "unknown"
#endif

enum { EXIT_USAGE = 2, MAX_INPUT = 1u << 30 };

static const char usage_text[] =
    "usage: blc [options] file.blc\n"
    "Translates a .blc file (C with `coroutine` and `yield`) into C.\n"
    "\n"
    "  -o FILE        write the output to FILE (default: the input with .c; - for stdout)\n"
    "  -I DIR, -IDIR  add DIR to the preprocessor's include path\n"
    "  -D NAME[=VAL]  define a macro for the preprocessor\n"
    "  -U NAME        undefine a macro for the preprocessor\n"
    "  --cpp CMD      preprocessor to learn typedef names (default: $CC -E or cc -E; gets -I -D -U,\n"
    "                 the CC-OPTIONS for it, -dU -x c FILE)\n"
    "  --no-cpp       do not run the preprocessor (implied by a .i input)\n"
    "  --no-line      emit no #line directives\n"
    "  -M             print a make rule naming the files the input depends on\n"
    "  -MM            like -M, without system headers\n"
    "  -MD            translate, and write the rule to the output's name with .d\n"
    "  -MMD           like -MD, without system headers\n"
    "  -MF FILE       write the rule of -M or -MD to FILE\n"
    "  -MT TARGET     name TARGET in the rule (default: the output)\n"
    "  -MQ TARGET     like -MT, quoted for make\n"
    "  -MP            add an empty rule for each header\n"
    "  CC-OPTIONS     gcc's and clang's other options: those that change what the\n"
    "                 preprocessor defines or finds go to it, as -std= -ansi -O -f\n"
    "                 and -m, -pthread, -include, -isystem...; the rest are ignored\n"
    "                 (the table is in blc(1))\n"
    "  --version      print the version and exit\n"
    "  --help         print this help and exit\n";

static int usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "blc: error: %s%s%s%s\n", what, arg ? " '" : "",
            arg ? arg : "", arg ? "'" : "");
    fputs("Try 'blc --help' for more information.\n", stderr);
    return EXIT_USAGE;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* -I -D -U, joined or separate (passed on the same way); returns the next
 * argument's index, or -1. */
static int cpp_option(Options *o, char **argv, int argc, int i)
{
    o->cpp_args[o->ncpp_args++] = argv[i];
    if (argv[i][2])
        return i + 1;
    if (i + 1 >= argc)
        return -1;
    o->cpp_args[o->ncpp_args++] = argv[i + 1];
    return i + 2;
}

/* The other options of gcc and clang, so that `blc $(CFLAGS) $(CPPFLAGS)
 * x.blc` works: those that change what the preprocessor defines or finds
 * go to it, the rest are accepted and ignored (blc(1) has the table).
 * Earlier rows win: -Wp, before -W, -fsyntax-only before -f. */
enum {
    CC_CPP = 1,         // handed to the preprocessor, in order
    CC_PREFIX = 2,      // the name is a prefix (-O2, -fPIC, -std=c99)
    CC_ARG = 4,         // alone, it takes the next argument (-include F)
};

static const struct CcOption {
    const char *name;
    unsigned how;
} cc_options[] = {
    {"-std=", CC_CPP | CC_PREFIX},      // __STDC_VERSION__, __STRICT_ANSI__
    {"-ansi", CC_CPP},
    {"-O", CC_CPP | CC_PREFIX},         // __OPTIMIZE__, __OPTIMIZE_SIZE__
    {"-pthread", CC_CPP},               // _REENTRANT
    {"-fsyntax-only", 0},               // would silence the preprocessor
    {"-fpreprocessed", 0},              // would expand no macro
    {"-fdirectives-only", 0},           // would expand none in the text
    {"-f", CC_CPP | CC_PREFIX},         // __PIC__, __FAST_MATH__, _OPENMP...
    {"-m", CC_CPP | CC_PREFIX},         // __x86_64__ or __i386__, __AVX2__...
    {"-include", CC_CPP | CC_PREFIX | CC_ARG},
    {"-imacros", CC_CPP | CC_PREFIX | CC_ARG},
    {"-isystem", CC_CPP | CC_PREFIX | CC_ARG},
    {"-iquote", CC_CPP | CC_PREFIX | CC_ARG},
    {"-idirafter", CC_CPP | CC_PREFIX | CC_ARG},
    {"-iprefix", CC_CPP | CC_PREFIX | CC_ARG},
    {"-iwithprefixbefore", CC_CPP | CC_PREFIX | CC_ARG},
    {"-iwithprefix", CC_CPP | CC_PREFIX | CC_ARG},
    {"-isysroot", CC_CPP | CC_PREFIX | CC_ARG},
    {"-imultilib", CC_CPP | CC_PREFIX | CC_ARG},
    {"--sysroot", CC_CPP | CC_PREFIX | CC_ARG},
    {"-nostdinc", CC_CPP},
    {"-undef", CC_CPP},
    {"-trigraphs", CC_CPP},
    {"-Wp,", CC_CPP | CC_PREFIX},
    {"-Xpreprocessor", CC_CPP | CC_ARG},
    {"-Xclang", CC_CPP | CC_ARG},
    {"-target", CC_CPP | CC_ARG},
    {"--target=", CC_CPP | CC_PREFIX},
    {"-B", CC_CPP | CC_PREFIX | CC_ARG},
    {"-specs=", CC_CPP | CC_PREFIX},
    {"-W", CC_PREFIX},                  // warnings, -Wl, and -Wa, too
    {"-w", 0},
    {"-pedantic", CC_PREFIX},
    {"-g", CC_PREFIX},
    {"-c", 0}, {"-S", 0}, {"-E", 0}, {"-pipe", 0}, {"-v", 0},
    {"-C", 0}, {"-CC", 0}, {"-P", 0}, {"-H", 0},
    {"-d", CC_PREFIX},                  // -dM, -dD: would change cpp's output
    {"-save-temps", CC_PREFIX},
    {"-p", 0}, {"-pg", 0}, {"--coverage", 0},
    {"-shared", 0}, {"-static", CC_PREFIX}, {"-rdynamic", 0}, {"-s", 0},
    {"-pie", 0}, {"-no-pie", 0},
    {"-L", CC_PREFIX | CC_ARG},
    {"-l", CC_PREFIX | CC_ARG},
    {"-Xlinker", CC_ARG},
    {"-Xassembler", CC_ARG},
    {"--param", CC_PREFIX | CC_ARG},
};

static const struct CcOption *find_cc_option(const char *a)
{
    for (size_t i = 0; i < sizeof cc_options / sizeof *cc_options; i++) {
        const struct CcOption *c = &cc_options[i];
        size_t n = strlen(c->name);
        if (c->how & CC_PREFIX ? !strncmp(a, c->name, n) : !strcmp(a, c->name))
            return c;
    }
    return NULL;
}

/* A compiler's option at argv[i] (its value, if any, after it): hands it
 * to the preprocessor or skips it.  Returns the next argument's index, 0
 * if argv[i] is no such option, -1 if its value is missing. */
static int cc_option(Options *o, char **argv, int argc, int i)
{
    const struct CcOption *c = find_cc_option(argv[i]);
    if (!c)
        return 0;
    int n = (c->how & CC_ARG) && !strcmp(argv[i], c->name) ? 2 : 1;
    if (i + n > argc)
        return -1;
    for (int k = 0; k < n && (c->how & CC_CPP); k++)
        o->cpp_args[o->ncpp_args++] = argv[i + k];
    return i + n;
}

/* -x LANG, -xLANG: blc reads C (and `none`, the default, is C for it). */
static int language_option(char **argv, int argc, int i)
{
    const char *lang = argv[i][2] ? argv[i] + 2 : i + 1 < argc ? argv[i + 1] : NULL;
    if (!lang)
        return usage_error("missing argument to", argv[i]);
    if (strcmp(lang, "c") && strcmp(lang, "none"))
        return usage_error("blc translates C only, not", lang);
    return -1;
}

/* Parses argv into o; returns -1 to go on, or an exit status. */
static int parse_args(Options *o, int argc, char **argv)
{
    o->cpp_args = calloc((size_t)argc + 1, sizeof *o->cpp_args);
    if (!o->cpp_args)
        return fputs("blc: error: out of memory\n", stderr), 1;
    for (int i = 1, rc; i < argc;) {
        const char *a = argv[i];
        if (!strcmp(a, "--help"))
            return fputs(usage_text, stdout), 0;
        if (!strcmp(a, "--version"))
            return printf("blc %s\n", BLC_VERSION), 0;
        if (!strcmp(a, "--no-cpp") || !strcmp(a, "--no-line")) {
            *(a[5] == 'c' ? &o->no_cpp : &o->no_line) = true;
            i++;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--cpp")) {
            if (i + 1 >= argc)
                return usage_error("missing argument to", a);
            *(a[1] == 'o' ? &o->output : &o->cpp) = argv[i + 1];
            i += 2;
        } else if (a[0] == '-' && a[1] == 'M') {
            if ((i = deps_option(o, argv, argc, i)) <= 0)
                return usage_error(i ? "missing argument to" : "unknown option", a);
        } else if (a[0] == '-' && (a[1] == 'I' || a[1] == 'D' || a[1] == 'U')) {
            if ((i = cpp_option(o, argv, argc, i)) < 0)
                return usage_error("missing argument to", a);
        } else if (a[0] == '-' && a[1] == 'x') {
            if ((rc = language_option(argv, argc, i)) >= 0)
                return rc;
            i += a[2] ? 1 : 2;
        } else if (a[0] == '-' && a[1]) {
            if ((i = cc_option(o, argv, argc, i)) <= 0)
                return usage_error(i ? "missing argument to" : "unknown option", a);
        } else if (o->input) {
            return usage_error("more than one input file:", a);
        } else {
            o->input = a;
            i++;
        }
    }
    if (!o->input)
        return usage_error("no input file", NULL);
    if (ends_with(o->input, ".i"))
        o->no_cpp = true;
    return -1;
}

/* The input's name with its extension replaced by .c. */
static char *default_output(const char *input)
{
    const char *slash = strrchr(input, '/');
    const char *dot = strrchr(slash ? slash : input, '.');
    size_t stem = dot && dot != (slash ? slash + 1 : input) ? (size_t)(dot - input)
                                                            : strlen(input);
    char *out = malloc(stem + 3);
    if (out)
        snprintf(out, stem + 3, "%.*s.c", (int)stem, input);
    return out;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "blc: error: cannot open '%s': %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    for (size_t r; buf && (r = fread(buf + n, 1, cap - n, f)) > 0;) {
        n += r;
        if (n == cap && n < MAX_INPUT) {
            char *p = realloc(buf, cap *= 2);
            if (!p)
                free(buf);
            buf = p;
        }
    }
    bool bad = ferror(f) || !buf || n >= MAX_INPUT;
    fclose(f);
    if (bad) {
        fprintf(stderr, "blc: error: cannot read '%s'%s\n", path,
                n >= MAX_INPUT ? ": too big" : !buf ? ": out of memory" : "");
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Writes to a path that is not a regular file (/dev/null, a pipe). */
static int write_special(const char *path, const Buf *out)
{
    int fd = open(path, O_WRONLY | O_TRUNC);
    if (fd < 0)
        return -1;
    int rc = write_all(fd, out->data ? out->data : "", out->len);
    return close(fd) || rc ? -1 : 0;
}

/* Writes out to path through a temporary file and a rename (except to
 * stdout, and to what is not a regular file: never rename over a device). */
static int write_output(const char *path, const Buf *out)
{
    struct stat st;
    if (!strcmp(path, "-"))
        return write_all(1, out->data ? out->data : "", out->len);
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return write_special(path, out);
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp)
        return -1;
    snprintf(tmp, n, "%s.tmpXXXXXX", path);
    int fd = mkstemp(tmp);
    int rc = fd < 0 ? -1 : 0;
    if (fd >= 0) {
        mode_t mask = umask(0);
        umask(mask);
        rc = fchmod(fd, 0666 & ~mask);
        rc = rc || write_all(fd, out->data ? out->data : "", out->len);
        rc = close(fd) || rc;
        rc = rc || rename(tmp, path);
        if (rc)
            unlink(tmp);
    }
    int saved = errno;
    free(tmp);
    errno = saved;
    return rc ? -1 : 0;
}

/* The make rule of -M or -MD for the translation written to dest: to -MF
 * or stdout (-M), or to -MF or dest's name with .d (-MD). */
static void write_deps(Ctx *ctx, const char *dest)
{
    const Options *o = ctx->opt;
    char *dflt = strcmp(dest, "-") ? NULL : default_output(o->input);
    char *file = o->deps & DEPS_PRINT ? NULL : deps_file_name(o, dest);
    const char *to = o->deps & DEPS_PRINT ? (o->deps_file ? o->deps_file : "-") : file;
    Buf rule = {0};
    deps_render(ctx, dflt ? dflt : dest, &rule);
    if (!to || !strcmp(to, o->input))
        error_plain(ctx, "the dependency file would overwrite the input '%s'; use -MF", o->input);
    else if (write_output(to, &rule) < 0)
        error_plain(ctx, "cannot write '%s': %s", to, strerror(errno));
    buf_free(&rule);
    free(file);
    free(dflt);
}

/* Parses, lowers and writes the translation to dest. */
static void translate_to(Ctx *ctx, const char *dest)
{
    Buf out = {0};
    int rc = ctx->cpp.parsed ? ctx->cpp.parse_rc : parse_source(ctx);
    if (rc == 0 && ctx->has_coroutine_syntax)   // else nothing to check
        rc = analyze(ctx);
    if (rc == 0 && !ctx->has_coroutine_syntax)  // nothing to lower:
        out = (Buf){(char *)ctx->text, ctx->len, 0};   // the text, not a copy
    else if (rc == 0)
        rc = emit_tu(ctx, &out);
    if (rc == 0 && ctx->nerrors == 0) {
        if (strcmp(dest, "-") && !strcmp(dest, ctx->opt->input))
            error_plain(ctx, "the output would overwrite the input '%s'; use -o", dest);
        else if (write_output(dest, &out) < 0)
            error_plain(ctx, "cannot write '%s': %s", dest, strerror(errno));
        else if (ctx->opt->deps & DEPS_WRITE)
            write_deps(ctx, dest);
    }
    if (out.cap)                        // ours, not the text
        buf_free(&out);
}

/* Everything after the options: returns the exit status.  The Ctx keeps
 * its own copy of the text: ours is freed at once, and the parse keeps only
 * the items with coroutine syntax (ctx.drop_plain), so memory stays a small
 * multiple of the input. */
static int translate(const Options *o, char *text, size_t len)
{
    Ctx ctx;
    ctx_init(&ctx, o, o->input, text, len);
    free(text);
    int overlap = OVERLAP_MAY;
    for (bool gnu = true;;) {
        ctx.cpp.trigraphs = cpp_trigraphs(o);
        ctx.drop_plain = true;
        ctx.cpp.overlap = overlap;      // the main parse may overlap cpp
        ctx.cpp.gnu = gnu;              // gcc's own options may go to cpp
        cpp_declare_builtin_typedefs(&ctx);
        if (!o->no_cpp)
            cpp_learn_typedefs(&ctx);
        if (ctx.cpp.gnu_refused)
            gnu = false;
        else if (ctx.cpp.overlap == OVERLAP_SPOILT)
            overlap = OVERLAP_NO;
        else
            break;
        Ctx again;                      // cpp refused gcc's options, or
        ctx_init(&again, o, o->input, ctx.text, ctx.len);   // the main parse
        ctx_free(&ctx);                 // read what the serial one might
        ctx = again;                    // not: from the start
    }
    if (!ctx.cpp.parsed)
        scan_directives(&ctx);
    char *path = o->output ? NULL : default_output(o->input);
    const char *dest = o->output ? o->output : path;
    if (!dest)
        error_plain(&ctx, "out of memory");
    else if (o->deps && !o->no_cpp && !ctx.cpp.deps)    // a half list breaks builds
        error_plain(&ctx, "cannot list the dependencies of '%s': the "
                    "preprocessor failed", o->input);
    else if (o->deps & DEPS_PRINT)
        write_deps(&ctx, dest);
    else
        translate_to(&ctx, dest);
    free(path);
    int status = ctx.nerrors ? 1 : 0;
    ctx_free(&ctx);
    return status;
}

int main(int argc, char **argv)
{
    Options o = {0};
    int rc = parse_args(&o, argc, argv);
    if (rc < 0) {
        size_t len = 0;
        char *text = read_file(o.input, &len);
        rc = text ? translate(&o, text, len) : 1;
    }
    free(o.cpp_args);
    free(o.deps_targets);
    return rc;
}
