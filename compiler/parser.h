/*
 * parser.h - what the parser's driver (parse.c) and the lexer's hooks
 * (lex.c) share, private to the two: the Parser, one per parse or raw
 * lexing, reached through ctx->parse_state.
 */
#ifndef BLC_PARSER_H
#define BLC_PARSER_H

#include "blc.h"
#include "c.tab.h"
#include "c.lex.h"

enum {
    TOK_SKIP = -2,              // lexed, but not for the parser (a macro)
    MAX_NEST = 256,             // open ( [ { at once (clang's default too)
    MAX_WALK = 1000,            // recursion bound of the VLA check
};

typedef struct Prelex Prelex;     // lex.c: lex_prelex's record

typedef struct Bracket {
    char ch;                    // '(' '[' or '{'
    Span at;                    // where it was opened
} Bracket;

typedef struct Parser {
    yyscan_t scanner;
    uint32_t off, line, col;    // where the lexer is
    uint32_t ntokens;           // tokens lexed: the next one's raw index
    YYLTYPE *loc;               // where the last match's location went
    Span last;                  // the last token's location
    int prev;                   // the last token returned
    Bracket *open;              // brackets not yet closed, MAX_NEST at
                                // most (parse_source's; lex_raw has none)
    int nopen;
    uint32_t skip_to;           // SKIP state: skip up to this offset
    uint32_t next_dir;          // first directive of ctx->dirs not passed
    uint32_t next_skip;         // first false group of ctx->skips not passed
    const char *cur_file;       // preprocessor output: the current file
    size_t cur_len;
    /* preprocessor output: line markers */
    MainLines ml;               // is the text the main file's (cpp.c)
    uint32_t marker_line;       // the line after a marker: in the main
                                // file its physical line, else presumed
    uint32_t marker_phys;       // physical line of that line here
    bool proto[MAX_NEST * 2];   // scope at this depth is a prototype's
    /* skipping a function-like noise macro's arguments */
    bool raw;                   // lex_raw: tokens as they are, no lexer
                                // hack, no macro classes, no bookkeeping
    bool body;                  // lex_raw of a macro body: no diagnostics
    /* the main file: its tokens through the macro expander */
    Expander *ex;               // NULL: the tokens as lexed
    bool check;                 // compare with cpp's output (expand_check)
    uint32_t prev_end;          // the last raw token's end (white space)
    YYLTYPE raw_loc;            // the last raw token's location
    PPTok *incq;                // tokens that come before the next raw
    uint32_t nq, qpos, capq;    // one: a header #included in a construct
    const char *inc_text;       // its text, as cpp printed it
    uint32_t inc_prev;          // the end of its last token queued
    /* dropping external declarations (add_external) */
    ArenaMark mark;             // the arena after the last item kept
    uint32_t coro_end;          // end of the last `coroutine` or `yield`
    uint32_t fed;               // streaming: bytes of the text given to flex
    /* cpp output: the main file's text left out (leave_out_main_text) */
    uint32_t scanned_to;        // cut into units up to here
    Directive *drops;           // units lexed but not parsed, in order
    uint32_t ndrops, capdrops, next_drop;
    /* the main file's raw tokens lexed ahead, while cpp starts (lex.c) */
    Prelex *pre;                // read from it first, then lex on
    bool prelexing;             // this Parser is lex_prelex's
} Parser;

static inline Parser *P(Ctx *ctx) { return ctx->parse_state; }

/* lex.c, for parse.c */
bool lex_expanded_source(void *arg, PPTok *t);  // expand.c's RawFn
const char *closer_of(char open);
bool lex_take_prelex(Ctx *ctx, Parser *ps);    // the record, if for this parse

#endif
