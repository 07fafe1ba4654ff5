/*
 * c.y - the grammar of blc: C11, the GNU extensions that gcc and clang
 * accept in real code and in glibc headers, and two keywords: `coroutine`
 * (a function specifier, like inline) and `yield E` (an
 * assignment-expression whose operand is an assignment-expression).
 *
 * Actions are one line: they call a constructor (ast.c) or a helper
 * (parse.c).  Every value carries its location, a Span of byte offsets.
 *
 * Typedef names: the lexer asks the scoped symbol table; the actions here
 * keep that table up to date (declare at the end of each declaration,
 * enumerators as they are read, parameters when a function body opens,
 * and a scope per block and for statement).  A typedef name may be
 * redeclared as anything in an inner scope, and may name a member, a label
 * or a declared object (`T T;`): declarators take a general_identifier, and
 * declaration specifiers are split (as in Jourdan and Pottier's C11 parser)
 * into lists holding one "unique" type specifier (void, a struct, a typedef
 * name...) or any number of combinable ones (unsigned, long...), so after
 * `T` or `unsigned` a typedef name can only be the declared name.
 *
 * Macros: the parser reads the main file with its macros expanded
 * (expand.c; DESIGN "What the parser reads"), so no rule guesses what a
 * macro means.  Without a preprocessor, a header's macro stays a name: a
 * call's argument may then also be a type name (va_arg(ap, int),
 * offsetof(struct s, m)), a string may be glued to such a name (PRId64
 * between literals), and an X-macro's call may stand among enumerators.
 */
%define api.pure full
%define api.location.type {Span}
%define parse.error detailed
%locations
%param {Ctx *ctx}

/*
 * The conflicts, each resolved by bison's default (shift) on purpose:
 *  1. dangling else: `if (a) if (b) x; else y;` -- else binds to the
 *     nearest if (C11 6.8.4).
 *  2. `void f(int (T))` with T a typedef name: a typedef name right after
 *     '(' in a parameter's declarator starts a parameter list (C11
 *     6.7.6.3p11), it is not the parenthesised name of the parameter.
 *  3, 4. the same for an attribute right after that '(' (in a parameter
 *     and in a type name): it begins a nested parameter's specifiers.
 */
%expect 4

/* An attribute after a function's declarator, where a K&R parameter
 * declaration could also begin (`int f(a) __attribute__((x))`), belongs to
 * the declarator: a K&R declaration list may not start with an attribute.
 * The precedences say so to bison (reduce the empty asm_attributes_opt). */
%precedence ATTRIBUTE
%precedence NO_ATTRIBUTES


%code requires {
#include "blc.h"

/* A list under construction: appending is O(1). */
typedef struct List {
    Node *head, *tail;
    unsigned flags;             // FL_VARIADIC on a parameter list
} List;

/* Spans: a rule's location runs from its first symbol's begin to its last
 * symbol's end, its provenance is theirs in order (span_prov_add); an
 * empty rule sits at the end of what precedes it, and holds no token.
 * One symbol: its Span whole, no field stored again after the copy (the
 * skeleton's next copy of it would stall on that store). */
#define YYLLOC_DEFAULT(Cur, Rhs, N) do {                                \
        if (N == 1) {                                                   \
            (Cur) = YYRHSLOC(Rhs, 1);                                   \
        } else if (N) {                                                 \
            (Cur) = YYRHSLOC(Rhs, 1);                                   \
            for (int i_ = 2; i_ <= (N); i_++)                           \
                span_prov_add(&(Cur), &YYRHSLOC(Rhs, i_));              \
            (Cur).end = YYRHSLOC(Rhs, N).end;                           \
        } else {                                                        \
            (Cur) = YYRHSLOC(Rhs, 0);                                   \
            (Cur).begin = (Cur).end;                                    \
            (Cur).r0 = (Cur).r1;                                        \
            (Cur).prov = 0;                                             \
        }                                                               \
    } while (0)

/* One declaration specifier: flag bits and/or a node (struct, typeof...). */
typedef struct SpecItem {
    unsigned flags;
    Node *node;
} SpecItem;
}

%code provides {
/* The lexer's hooks, implemented in parse.c. */
int c_yylex(YYSTYPE *lval, YYLTYPE *lloc, Ctx *ctx);
void lex_advance(Ctx *ctx, YYLTYPE *loc, const char *text, size_t len);
int lex_token(Ctx *ctx, int token);
int lex_ident(Ctx *ctx, YYSTYPE *lval, const char *text, size_t len);
int lex_spliced_ident(Ctx *ctx, YYSTYPE *lval, const char *text, size_t len);
int lex_ext_ident(Ctx *ctx, YYSTYPE *lval, const char *text, size_t len);
int lex_floatn(Ctx *ctx, YYSTYPE *lval, const char *text, size_t len);
int lex_directive(Ctx *ctx);
int lex_skip_done(Ctx *ctx);
int lex_skip_ahead(Ctx *ctx);
void lex_error(Ctx *ctx, Span at, const char *msg);
int lex_stray(Ctx *ctx, Span at, unsigned char byte);
void c_yyerror(YYLTYPE *loc, Ctx *ctx, const char *msg);

/* The constructors and helpers the actions call, in parse.c. */
List list_empty(void);
List list_one(Node *n);
List list_add(List l, Node *n);
List list_cat(List a, List b);
List list_variadic(Ctx *ctx, List l, Span ellipsis);
List add_external(Ctx *ctx, List tu, Node *item);
void declare_declarator(Ctx *ctx, Node *specs, Node *declarator);
Node *bare_name(Ctx *ctx, Span s, Node *declarator);
int open_prototype_scope(Ctx *ctx);
Node *prototype_suffix(Ctx *ctx, Span s, int depth, List params);
Node *extend_span(Node *n, Span s);
SpecItem spec_flags(unsigned flags);
SpecItem spec_node(Node *n);
SpecItem spec_typedef_name(Ctx *ctx, Span s, const char *name);
Node *new_yield(Ctx *ctx, Span s, Node *operand);
Node *new_specs(Ctx *ctx, Span s, SpecItem item);
Node *specs_add(Ctx *ctx, Span s, Node *specs, SpecItem item);
Node *implicit_int(Ctx *ctx, Span s);
Node *finish_tu(Ctx *ctx, Span s, List items);
Node *recovered(Ctx *ctx, Span s);
Node *new_function(Ctx *ctx, Span s, Node *specs, Node *declarator,
                   Node *knr, Node *body);
void begin_function_body(Ctx *ctx, Node *declarator);
int open_scope(Ctx *ctx);
Node *finish_block(Ctx *ctx, Span s, int depth, List items);
Node *new_declaration(Ctx *ctx, Span s, Node *specs, List decls);
Node *new_member_decl(Ctx *ctx, Span s, Node *specs, List decls);
Node *new_init_declarator(Ctx *ctx, Span s, Node *declarator, Node *init,
                          Node *bits);
Node *new_typed(Ctx *ctx, Span s, NodeKind kind, Node *type, Node *lhs);
Node *new_record(Ctx *ctx, Span s, NodeKind kind, const char *tag,
                 Span tag_span, List members);
Node *new_tag(Ctx *ctx, Span s, NodeKind kind, const char *tag,
              Span tag_span);
Node *new_enum(Ctx *ctx, Span s, const char *tag, Span tag_span,
               List enumerators);
Node *new_enumerator(Ctx *ctx, Span s, const char *name, Span name_span,
                     Node *value);
Node *new_declarator(Ctx *ctx, Span s, const char *name, Span name_span);
Node *declarator_add(Ctx *ctx, Span s, Node *d, Node *derived);
Node *declarator_span(Ctx *ctx, Span s, Node *d);
Node *new_pointer(Ctx *ctx, Span s, unsigned quals);
Node *new_array(Ctx *ctx, Span s, unsigned flags, Node *size);
Node *new_func_suffix(Ctx *ctx, Span s, List params, Node *knr);
Node *new_param(Ctx *ctx, Span s, Node *specs, Node *declarator);
Node *new_type_name(Ctx *ctx, Span s, Node *specs, Node *declarator);
Node *new_init_list(Ctx *ctx, Span s, List items);
Node *new_designated(Ctx *ctx, Span s, List designators, Node *init);
Node *new_list_node(Ctx *ctx, Span s, NodeKind kind, List items);
Node *new_label(Ctx *ctx, Span s, const char *name, Span name_span,
                Node *stmt);
Node *new_case(Ctx *ctx, Span s, Node *lo, Node *hi, Node *stmt);
Node *new_if(Ctx *ctx, Span s, Node *cond, Node *then, Node *els);
Node *new_loop(Ctx *ctx, Span s, NodeKind kind, Node *cond, Node *body);
Node *new_for(Ctx *ctx, Span s, int depth, Node *init, Node *cond,
              Node *inc, Node *body);
Node *new_asm(Ctx *ctx, Span s, unsigned flags, Node *tmpl, List operands);
List asm_section(List operands, unsigned section);
Node *new_asm_operand(Ctx *ctx, Span s, const char *name, Span name_span,
                      Node *constraint, Node *expr);
Node *new_stmt_expr(Ctx *ctx, Span s, Node *block);
Node *new_generic(Ctx *ctx, Span s, Node *ctrl, List assocs);
Node *new_offsetof(Ctx *ctx, Span s, Node *type, List path);
Node *new_types_compat(Ctx *ctx, Span s, Node *a, Node *b);
Node *new_call(Ctx *ctx, Span s, Node *fn, List args);
Node *new_member(Ctx *ctx, Span s, Node *base, unsigned flags,
                 const char *name, Span name_span);
Node *new_compound_literal(Ctx *ctx, Span s, Node *type, Node *init);
Node *new_cond(Ctx *ctx, Span s, Node *cond, Node *then, Node *els);
Node *new_assign(Ctx *ctx, Span s, NodeKind op, Node *lhs, Node *rhs);
}

%code {
#define yylex c_yylex
#define yyerror c_yyerror
/* Deep nesting is refused by the lexer long before this; the limit only
 * keeps a pathological input from taking unbounded memory. */
#define YYMAXDEPTH 200000
#define YYINITDEPTH 1000
}

%initial-action {
    @$ = (Span){.line = 1, .col = 1};
}

%union {
    Node *node;
    List list;
    const char *name;
    unsigned flags;
    SpecItem item;
    int depth;
}

%token <name> IDENTIFIER "identifier"
%token <name> TYPEDEF_NAME "type name"
%token NUMBER "number" CHAR_CONST "character constant" STRING "string"
%token AUTO "auto" BREAK "break" CASE "case" CHAR "char" CONST "const"
%token CONTINUE "continue" DEFAULT "default" DO "do" DOUBLE "double"
%token ELSE "else" ENUM "enum" EXTERN "extern" FLOAT "float" FOR "for"
%token GOTO "goto" IF "if" INLINE "inline" INT "int" LONG "long"
%token REGISTER "register" RESTRICT "restrict" RETURN "return"
%token SHORT "short" SIGNED "signed" SIZEOF "sizeof" STATIC "static"
%token STRUCT "struct" SWITCH "switch" TYPEDEF "typedef" UNION "union"
%token UNSIGNED "unsigned" VOID "void" VOLATILE "volatile" WHILE "while"
%token ALIGNAS "_Alignas" ALIGNOF "_Alignof" ATOMIC "_Atomic"
%token BOOL "_Bool" COMPLEX "_Complex" GENERIC "_Generic"
%token IMAGINARY "_Imaginary" NORETURN "_Noreturn"
%token STATIC_ASSERT "_Static_assert" THREAD_LOCAL "_Thread_local"
%token ASM "asm" ATTRIBUTE "__attribute__" EXTENSION "__extension__"
%token LABEL "__label__" REAL "__real__" IMAG "__imag__"
%token TYPEOF "typeof" AUTO_TYPE "__auto_type" INT128 "__int128"
%token FLOAT_EXT "floating type"
%token VA_ARG "__builtin_va_arg" OFFSETOF "__builtin_offsetof"
%token TYPES_COMPAT "__builtin_types_compatible_p"
%token COROUTINE "coroutine" YIELD "yield"
/* Only in macro bodies (expand.c): '#' and '##' not at a line's start. */
%token PP_HASH "'#'" PP_PASTE "'##'" PP_OTHER "stray byte"
%token ELLIPSIS "..." SHR_ASSIGN ">>=" SHL_ASSIGN "<<=" ADD_ASSIGN "+="
%token SUB_ASSIGN "-=" MUL_ASSIGN "*=" DIV_ASSIGN "/=" MOD_ASSIGN "%="
%token AND_ASSIGN "&=" XOR_ASSIGN "^=" OR_ASSIGN "|=" SHR ">>" SHL "<<"
%token INC "++" DEC "--" ARROW "->" LOGAND "&&" LOGOR "||" LE "<=" GE ">="
%token EQ "==" NE "!="

%left LOGOR
%left LOGAND
%left '|'
%left '^'
%left '&'
%left EQ NE
%left '<' '>' LE GE
%left SHL SHR
%left '+' '-'
%left '*' '/' '%'

%type <node> external_declaration function_definition declaration
%type <node> static_assert_declaration declaration_specifiers ds_unique
%type <node> ds_nonunique ds_others declarator initializer_opt
%type <node> implicit_int_declarator implicit_int_direct_declarator
%type <node> direct_declarator abstract_declarator direct_abstract_declarator
%type <node> parameter_declaration type_name struct_or_union_specifier
%type <node> struct_declaration struct_declarator enum_specifier enumerator
%type <node> typeof_specifier initializer designator index_designator statement
%type <node> labeled_statement compound_statement expression_statement
%type <node> selection_statement iteration_statement jump_statement
%type <node> asm_statement block_item for_init function_body local_labels
%type <node> primary_expression postfix_expression unary_expression
%type <node> cast_expression binary_expression conditional_expression
%type <node> assignment_expression expression expression_opt
%type <node> constant_expression string_literal generic_association
%type <node> argument asm_operand knr_declaration_list_opt enum_fragment
%type <node> array_declarator_suffix function_declarator_suffix
%type <list> translation_unit init_declarator_list implicit_int_declarator_list bare_names pointer
%type <list> parameter_list struct_body struct_declaration_list struct_declarator_list
%type <list> enumerator_list enum_items enum_fragments identifier_list initializer_list
%type <list> designator_list designation block_item_list argument_list
%type <list> generic_association_list offsetof_designator asm_operands
%type <list> asm_operand_list knr_declaration_list parameter_type_list
%type <item> decl_spec_other type_spec_unique type_spec_nonunique
%type <item> storage_class type_qualifier function_specifier
%type <flags> type_qualifier_list struct_or_union assign_op unary_op
%type <flags> asm_qualifiers
%type <name> general_identifier
%type <depth> scope_open prototype_open

%start start

%%

/* ---------------------------------------------------------- top level */

start
    : translation_unit                  { finish_tu(ctx, @$, $1); }
    ;

translation_unit
    : %empty                            { $$ = list_empty(); }
    | translation_unit external_declaration { $$ = add_external(ctx, $1, $2); }
    ;

external_declaration
    : function_definition
    | declaration
    | asm_statement
    | ';'                               { $$ = new_node(ctx, ND_EMPTY, @$); }
    | EXTENSION external_declaration    { $$ = extend_span($2, @$); }
    | implicit_int_declarator knr_declaration_list_opt function_body
                                        { $$ = new_function(ctx, @$, implicit_int(ctx, @1), $1, $2, $3); }
    | bare_names ';'                    { $$ = new_declaration(ctx, @$, implicit_int(ctx, @1), $1); }
    | error ';'                         { $$ = recovered(ctx, @$); yyerrok; }
    | error '}'                         { $$ = recovered(ctx, @$); yyerrok; }
    ;

function_definition
    : declaration_specifiers declarator knr_declaration_list_opt function_body
                                        { $$ = new_function(ctx, @$, $1, $2, $3, $4); }
    | ds_others implicit_int_declarator knr_declaration_list_opt function_body
                                        { $$ = new_function(ctx, @$, $1, $2, $3, $4); }
    ;

/* Implicit int with no specifiers at all (old C; gcc takes it):
 * `main() {...}`, `f(a) int a; {...}` above, and in a declaration `a, *p,
 * v[2], g();`. */
bare_names
    : implicit_int_declarator           { $$ = list_one(bare_name(ctx, @1, $1)); }
    | bare_names ',' implicit_int_declarator
                                        { $$ = list_add($1, bare_name(ctx, @3, $3)); }
    ;

knr_declaration_list_opt
    : %empty                            { $$ = NULL; }
    | knr_declaration_list              { $$ = $1.head; }
    ;

knr_declaration_list
    : declaration                       { $$ = list_one($1); }
    | knr_declaration_list declaration  { $$ = list_add($1, $2); }
    ;

/* The function's parameters enter the body's scope before the first token
 * of the body is read (this state needs no lookahead): `$<node>-1` is the
 * declarator, two symbols before function_body in both rules above. */
function_body
    : '{' scope_open                    { begin_function_body(ctx, $<node>-1); }
      block_item_list '}'               { $$ = finish_block(ctx, @$, $2, $4); }
    ;

/* ------------------------------------------------------- declarations */

declaration
    : declaration_specifiers ';'        { $$ = new_declaration(ctx, @$, $1, list_empty()); }
    | declaration_specifiers init_declarator_list ';'
                                        { $$ = new_declaration(ctx, @$, $1, $2); }
    | ds_others implicit_int_declarator_list ';'
                                        { $$ = new_declaration(ctx, @$, $1, $2); }
    | static_assert_declaration
    ;

static_assert_declaration
    : STATIC_ASSERT '(' constant_expression ',' string_literal ')' ';'
                                        { $$ = new_binary(ctx, @$, ND_STATIC_ASSERT, $3, $5); }
    | STATIC_ASSERT '(' constant_expression ')' ';'
                                        { $$ = new_binary(ctx, @$, ND_STATIC_ASSERT, $3, NULL); }
    ;

/* Exactly one unique type specifier, or one or more combinable ones, each
 * with any other specifiers around them (see the opening comment). */
declaration_specifiers
    : ds_unique
    | ds_nonunique
    ;

ds_unique
    : type_spec_unique                  { $$ = new_specs(ctx, @$, $1); }
    | ds_others type_spec_unique        { $$ = specs_add(ctx, @$, $1, $2); }
    | ds_unique decl_spec_other         { $$ = specs_add(ctx, @$, $1, $2); }
    ;

ds_nonunique
    : type_spec_nonunique               { $$ = new_specs(ctx, @$, $1); }
    | ds_others type_spec_nonunique     { $$ = specs_add(ctx, @$, $1, $2); }
    | ds_nonunique type_spec_nonunique  { $$ = specs_add(ctx, @$, $1, $2); }
    | ds_nonunique decl_spec_other      { $$ = specs_add(ctx, @$, $1, $2); }
    ;

ds_others
    : decl_spec_other                   { $$ = new_specs(ctx, @$, $1); }
    | ds_others decl_spec_other         { $$ = specs_add(ctx, @$, $1, $2); }
    ;

decl_spec_other
    : storage_class
    | type_qualifier
    | function_specifier
    | ALIGNAS '(' type_name ')'         { $$ = spec_node(new_typed(ctx, @$, ND_ALIGNAS, $3, NULL)); }
    | ALIGNAS '(' constant_expression ')'
                                        { $$ = spec_node(new_typed(ctx, @$, ND_ALIGNAS, NULL, $3)); }
    ;

storage_class
    : TYPEDEF                           { $$ = spec_flags(FL_TYPEDEF); }
    | EXTERN                            { $$ = spec_flags(FL_EXTERN); }
    | STATIC                            { $$ = spec_flags(FL_STATIC); }
    | AUTO                              { $$ = spec_flags(FL_AUTO); }
    | REGISTER                          { $$ = spec_flags(FL_REGISTER); }
    | THREAD_LOCAL                      { $$ = spec_flags(FL_THREAD); }
    ;

function_specifier
    : INLINE                            { $$ = spec_flags(FL_INLINE); }
    | NORETURN                          { $$ = spec_flags(FL_NORETURN); }
    | COROUTINE                         { $$ = spec_flags(FL_COROUTINE); }
    ;

type_qualifier
    : CONST                             { $$ = spec_flags(FL_CONST); }
    | VOLATILE                          { $$ = spec_flags(FL_VOLATILE); }
    | RESTRICT                          { $$ = spec_flags(FL_RESTRICT); }
    | ATOMIC                            { $$ = spec_flags(FL_ATOMIC); }
    | attribute                         { $$ = spec_flags(0); }
    ;

type_spec_unique
    : VOID                              { $$ = spec_flags(FL_HAS_TYPE | FL_SCALAR_KEYWORD); }
    | BOOL                              { $$ = spec_flags(FL_HAS_TYPE | FL_SCALAR_KEYWORD); }
    | AUTO_TYPE                         { $$ = spec_flags(FL_HAS_TYPE); }
    | TYPEDEF_NAME                      { $$ = spec_typedef_name(ctx, @1, $1); }
    | struct_or_union_specifier         { $$ = spec_node($1); }
    | enum_specifier                    { $$ = spec_node($1); }
    | typeof_specifier                  { $$ = spec_node($1); }
    | ATOMIC '(' type_name ')'          { $$ = spec_node(new_typed(ctx, @$, ND_ATOMIC_TYPE, $3, NULL)); }
    ;

type_spec_nonunique
    : CHAR                              { $$ = spec_flags(FL_HAS_TYPE | FL_SCALAR_KEYWORD); }
    | SHORT                             { $$ = spec_flags(FL_HAS_TYPE | FL_SCALAR_KEYWORD); }
    | INT                               { $$ = spec_flags(FL_HAS_TYPE | FL_SCALAR_KEYWORD); }
    | LONG                              { $$ = spec_flags(FL_HAS_TYPE | FL_SCALAR_KEYWORD); }
    | FLOAT                             { $$ = spec_flags(FL_HAS_TYPE | FL_SCALAR_KEYWORD); }
    | DOUBLE                            { $$ = spec_flags(FL_HAS_TYPE | FL_SCALAR_KEYWORD); }
    | SIGNED                            { $$ = spec_flags(FL_HAS_TYPE | FL_SCALAR_KEYWORD); }
    | UNSIGNED                          { $$ = spec_flags(FL_HAS_TYPE | FL_SCALAR_KEYWORD); }
    | COMPLEX                           { $$ = spec_flags(FL_HAS_TYPE | FL_SCALAR_KEYWORD); }
    | IMAGINARY                         { $$ = spec_flags(FL_HAS_TYPE | FL_SCALAR_KEYWORD); }
    | INT128                            { $$ = spec_flags(FL_HAS_TYPE | FL_SCALAR_KEYWORD); }
    | FLOAT_EXT                         { $$ = spec_flags(FL_HAS_TYPE | FL_SCALAR_KEYWORD); }
    ;

typeof_specifier
    : TYPEOF '(' expression ')'         { $$ = new_typed(ctx, @$, ND_TYPEOF, NULL, $3); }
    | TYPEOF '(' type_name ')'          { $$ = new_typed(ctx, @$, ND_TYPEOF, $3, NULL); }
    ;

struct_or_union_specifier
    : struct_or_union attributes_opt '{' struct_body '}'
                                        { $$ = new_record(ctx, @$, $1, NULL, @$, $4); }
    | struct_or_union attributes_opt general_identifier '{' struct_body '}'
                                        { $$ = new_record(ctx, @$, $1, $3, @3, $5); }
    | struct_or_union attributes_opt general_identifier
                                        { $$ = new_tag(ctx, @$, $1, $3, @3); }
    ;

struct_or_union
    : STRUCT                            { $$ = ND_STRUCT; }
    | UNION                             { $$ = ND_UNION; }
    ;

/* gcc takes a last member without its ';' (`struct s { int a; int b };`,
 * with a warning). */
struct_body
    : struct_declaration_list
    | struct_declaration_list declaration_specifiers struct_declarator_list
                                        { $$ = list_add($1, new_member_decl(ctx, span_from(@2, @3), $2, $3)); }
    ;

struct_declaration_list
    : %empty                            { $$ = list_empty(); }
    | struct_declaration_list struct_declaration { $$ = list_add($1, $2); }
    ;

struct_declaration
    : declaration_specifiers struct_declarator_list ';'
                                        { $$ = new_member_decl(ctx, @$, $1, $2); }
    | declaration_specifiers ';'        { $$ = new_member_decl(ctx, @$, $1, list_empty()); }
    | static_assert_declaration
    | EXTENSION struct_declaration      { $$ = extend_span($2, @$); }
    | ';'                               { $$ = NULL; }
    ;

struct_declarator_list
    : struct_declarator                 { $$ = list_one($1); }
    | struct_declarator_list ',' struct_declarator { $$ = list_add($1, $3); }
    ;

struct_declarator
    : declarator attributes_opt         { $$ = new_init_declarator(ctx, @$, $1, NULL, NULL); }
    | declarator ':' constant_expression attributes_opt
                                        { $$ = new_init_declarator(ctx, @$, $1, NULL, $3); }
    | ':' constant_expression attributes_opt
                                        { $$ = new_init_declarator(ctx, @$, NULL, NULL, $2); }
    ;

enum_specifier
    : ENUM attributes_opt '{' enumerator_list '}'
                                        { $$ = new_enum(ctx, @$, NULL, @$, $4); }
    | ENUM attributes_opt general_identifier '{' enumerator_list '}'
                                        { $$ = new_enum(ctx, @$, $3, @3, $5); }
    | ENUM attributes_opt general_identifier
                                        { $$ = new_tag(ctx, @$, ND_ENUM, $3, @3); }
    ;

/* X-macros: a macro call among the enumerators, `COLORS(AS_ENUM)`, is a
 * fragment of the list that brings its own commas, so the next item may
 * follow it without one; a call with a value, `E(RED) = 1`, is an
 * enumerator whose name the macro makes.  enum_items ends with an
 * enumerator, enum_fragments with a fragment; the list may end in ','. */
enumerator_list
    : enum_items
    | enum_items ','
    | enum_fragments
    | enum_fragments ','
    ;

enum_items
    : enumerator                        { $$ = list_one($1); }
    | enum_items ',' enumerator         { $$ = list_add($1, $3); }
    | enum_fragments enumerator         { $$ = list_add($1, $2); }
    | enum_fragments ',' enumerator     { $$ = list_add($1, $3); }
    ;

enum_fragments
    : enum_fragment                     { $$ = list_one($1); }
    | enum_items ',' enum_fragment      { $$ = list_add($1, $3); }
    | enum_fragments enum_fragment      { $$ = list_add($1, $2); }
    | enum_fragments ',' enum_fragment  { $$ = list_add($1, $3); }
    ;

enum_fragment
    : IDENTIFIER '(' ')'                { $$ = new_call(ctx, @$, new_named(ctx, @1, ND_IDENT, $1, @1), list_empty()); }
    | IDENTIFIER '(' argument_list ')'  { $$ = new_call(ctx, @$, new_named(ctx, @1, ND_IDENT, $1, @1), $3); }
    ;

enumerator
    : general_identifier attributes_opt { $$ = new_enumerator(ctx, @$, $1, @1, NULL); }
    | general_identifier attributes_opt '=' constant_expression
                                        { $$ = new_enumerator(ctx, @$, $1, @1, $4); }
    | enum_fragment '=' constant_expression
                                        { $$ = new_enumerator(ctx, @$, NULL, @1, new_binary(ctx, @$, ND_COMMA, $1, $3)); }
    ;

comma_opt
    : %empty
    | ','
    ;

/* A declared name's scope begins after its declarator (C11 6.2.1p7), so
 * before its initialiser: `T *T = (void *)sizeof(*T);` (T a typedef name)
 * reads the new object in its own initialiser.  A mid-rule action declares
 * it, with the declaration's specifiers `$<node>0`, just before the list.
 * An attribute may stand before a later declarator (GNU):
 * `int a = 1, __attribute__((unused)) b = 2;`. */
init_declarator_list
    : declarator asm_attributes_opt     { declare_declarator(ctx, $<node>0, $1); }
      initializer_opt                   { $$ = list_one(new_init_declarator(ctx, @$, $1, $4, NULL)); }
    | init_declarator_list ',' attributes_opt declarator asm_attributes_opt
                                        { declare_declarator(ctx, $<node>0, $4); }
      initializer_opt                   { $$ = list_add($1, new_init_declarator(ctx, span_from(@4, @7), $4, $7, NULL)); }
    ;

/* Implicit int (C89; gcc takes it in every mode): specifiers without a
 * type specifier, `static x = 0;`, `register i;`, `const *p;`, `static
 * f() {...}`.  The first declarator begins with an identifier or '*':
 * after `static`, a typedef name is the type, and `_Atomic (`, a
 * declaration macro's call or a '(' begin the specifiers' rest. */
implicit_int_declarator_list
    : implicit_int_declarator asm_attributes_opt
                                        { declare_declarator(ctx, $<node>0, $1); }
      initializer_opt                   { $$ = list_one(new_init_declarator(ctx, @$, $1, $4, NULL)); }
    | implicit_int_declarator_list ',' attributes_opt declarator asm_attributes_opt
                                        { declare_declarator(ctx, $<node>0, $4); }
      initializer_opt                   { $$ = list_add($1, new_init_declarator(ctx, span_from(@4, @7), $4, $7, NULL)); }
    ;

implicit_int_declarator
    : implicit_int_direct_declarator
    | pointer direct_declarator         { $$ = declarator_add(ctx, @$, $2, $1.head); }
    ;

implicit_int_direct_declarator
    : IDENTIFIER                        { $$ = new_declarator(ctx, @$, $1, @1); }
    | implicit_int_direct_declarator array_declarator_suffix
                                        { $$ = declarator_add(ctx, @$, $1, $2); }
    | implicit_int_direct_declarator function_declarator_suffix
                                        { $$ = declarator_add(ctx, @$, $1, $2); }
    ;

initializer_opt
    : %empty                            { $$ = NULL; }
    | '=' initializer                   { $$ = $2; }
    ;

/* asm labels and attributes after a declarator: `f(void) __asm__("g")` */
asm_attributes_opt
    : %empty %prec NO_ATTRIBUTES
    | asm_attributes_opt ASM '(' string_literal ')'
    | asm_attributes_opt attribute
    ;

attributes_opt
    : %empty
    | attributes_opt attribute
    ;

attribute
    : ATTRIBUTE '(' '(' attribute_list ')' ')'
    ;

attribute_list
    : attribute_item
    | attribute_list ',' attribute_item
    ;

attribute_item
    : %empty
    | attribute_name
    | attribute_name '(' ')'
    | attribute_name '(' argument_list ')'
    ;

attribute_name
    : IDENTIFIER
    | TYPEDEF_NAME
    | CONST
    ;

/* ---------------------------------------------------------- declarators */

general_identifier
    : IDENTIFIER
    | TYPEDEF_NAME
    ;

declarator
    : direct_declarator
    | pointer direct_declarator         { $$ = declarator_add(ctx, @$, $2, $1.head); }
    ;

direct_declarator
    : general_identifier                { $$ = new_declarator(ctx, @$, $1, @1); }
    | '(' attributes_opt declarator ')' { $$ = declarator_span(ctx, @$, $3); }
    | direct_declarator array_declarator_suffix
                                        { $$ = declarator_add(ctx, @$, $1, $2); }
    | direct_declarator function_declarator_suffix
                                        { $$ = declarator_add(ctx, @$, $1, $2); }
    ;

array_declarator_suffix
    : '[' ']'                           { $$ = new_array(ctx, @$, 0, NULL); }
    | '[' assignment_expression ']'     { $$ = new_array(ctx, @$, 0, $2); }
    | '[' type_qualifier_list ']'       { $$ = new_array(ctx, @$, $2, NULL); }
    | '[' type_qualifier_list assignment_expression ']'
                                        { $$ = new_array(ctx, @$, $2, $3); }
    | '[' STATIC assignment_expression ']'
                                        { $$ = new_array(ctx, @$, FL_STATIC, $3); }
    | '[' STATIC type_qualifier_list assignment_expression ']'
                                        { $$ = new_array(ctx, @$, $3 | FL_STATIC, $4); }
    | '[' type_qualifier_list STATIC assignment_expression ']'
                                        { $$ = new_array(ctx, @$, $2 | FL_STATIC, $4); }
    | '[' '*' ']'                       { $$ = new_array(ctx, @$, FL_STAR, NULL); }
    | '[' type_qualifier_list '*' ']'   { $$ = new_array(ctx, @$, $2 | FL_STAR, NULL); }
    ;

/* Parameters have a scope of their own, the prototype's (closed by
 * prototype_suffix; a function body declares them again). */
function_declarator_suffix
    : '(' prototype_open parameter_type_list ')'
                                        { $$ = prototype_suffix(ctx, @$, $2, $3); }
    | '(' ')'                           { $$ = new_func_suffix(ctx, @$, list_empty(), NULL); }
    | '(' ELLIPSIS ')'                  { $$ = new_func_suffix(ctx, @$, list_variadic(ctx, list_empty(), @2), NULL); }
    | '(' identifier_list ')'           { $$ = new_func_suffix(ctx, @$, list_empty(), $2.head); }
    | IDENTIFIER '(' function_declarator_suffix ')'
                                        { $$ = extend_span($3, @$); }
    ;

pointer
    : '*'                               { $$ = list_one(new_pointer(ctx, @$, 0)); }
    | '*' type_qualifier_list           { $$ = list_one(new_pointer(ctx, @$, $2)); }
    | '*' pointer                       { $$ = list_add($2, new_pointer(ctx, @1, 0)); }
    | '*' type_qualifier_list pointer   { $$ = list_add($3, new_pointer(ctx, span_from(@1, @2), $2)); }
    ;

type_qualifier_list
    : type_qualifier                    { $$ = $1.flags; }
    | type_qualifier_list type_qualifier { $$ = $1 | $2.flags; }
    ;

parameter_type_list
    : parameter_list
    | parameter_list ',' ELLIPSIS       { $$ = list_variadic(ctx, $1, @3); }
    ;

parameter_list
    : parameter_declaration             { $$ = list_one($1); }
    | parameter_list ',' parameter_declaration { $$ = list_add($1, $3); }
    ;

parameter_declaration
    : declaration_specifiers declarator { $$ = new_param(ctx, @$, $1, $2); }
    | ds_others implicit_int_declarator { $$ = new_param(ctx, @$, $1, $2); }
    | declaration_specifiers declarator attribute attributes_opt
                                        { $$ = new_param(ctx, @$, $1, $2); }
    | declaration_specifiers            { $$ = new_param(ctx, @$, $1, NULL); }
    | declaration_specifiers abstract_declarator
                                        { $$ = new_param(ctx, @$, $1, $2); }
    ;

identifier_list
    : IDENTIFIER                        { $$ = list_one(new_named(ctx, @$, ND_NAME, $1, @1)); }
    | identifier_list ',' IDENTIFIER    { $$ = list_add($1, new_named(ctx, @3, ND_NAME, $3, @3)); }
    ;

/* Implicit int in a type name begins with '*' after the specifiers:
 * `(const *)p` (an old glibc string macro). */
type_name
    : declaration_specifiers            { $$ = new_type_name(ctx, @$, $1, NULL); }
    | declaration_specifiers abstract_declarator
                                        { $$ = new_type_name(ctx, @$, $1, $2); }
    | ds_others pointer                 { $$ = new_type_name(ctx, @$, $1, declarator_add(ctx, @2, new_declarator(ctx, @2, NULL, @2), $2.head)); }
    | ds_others pointer direct_abstract_declarator
                                        { $$ = new_type_name(ctx, @$, $1, declarator_add(ctx, span_from(@2, @3), $3, $2.head)); }
    ;

abstract_declarator
    : pointer                           { $$ = declarator_add(ctx, @$, new_declarator(ctx, @$, NULL, @$), $1.head); }
    | direct_abstract_declarator
    | pointer direct_abstract_declarator
                                        { $$ = declarator_add(ctx, @$, $2, $1.head); }
    ;

direct_abstract_declarator
    : '(' attributes_opt abstract_declarator ')'
                                        { $$ = declarator_span(ctx, @$, $3); }
    | array_declarator_suffix           { $$ = declarator_add(ctx, @$, new_declarator(ctx, @$, NULL, @$), $1); }
    | '(' parameter_type_list ')'       { $$ = declarator_add(ctx, @$, new_declarator(ctx, @$, NULL, @$), new_func_suffix(ctx, @$, $2, NULL)); }
    | '(' ')'                           { $$ = declarator_add(ctx, @$, new_declarator(ctx, @$, NULL, @$), new_func_suffix(ctx, @$, list_empty(), NULL)); }
    | direct_abstract_declarator array_declarator_suffix
                                        { $$ = declarator_add(ctx, @$, $1, $2); }
    | direct_abstract_declarator '(' parameter_type_list ')'
                                        { $$ = declarator_add(ctx, @$, $1, new_func_suffix(ctx, @2, $3, NULL)); }
    | direct_abstract_declarator '(' ')'
                                        { $$ = declarator_add(ctx, @$, $1, new_func_suffix(ctx, @2, list_empty(), NULL)); }
    ;

/* -------------------------------------------------------- initializers */

initializer
    : assignment_expression
    | '{' '}'                           { $$ = new_init_list(ctx, @$, list_empty()); }
    | '{' initializer_list comma_opt '}' { $$ = new_init_list(ctx, @$, $2); }
    ;

initializer_list
    : initializer                       { $$ = list_one($1); }
    | designation initializer           { $$ = list_one(new_designated(ctx, @$, $1, $2)); }
    | initializer_list ',' initializer  { $$ = list_add($1, $3); }
    | initializer_list ',' designation initializer
                                        { $$ = list_add($1, new_designated(ctx, span_from(@3, @4), $3, $4)); }
    ;

/* `[2].x =`, and GNU's old forms without '=': `x: 1` and `[3] 7` (a
 * single index or range; gcc still accepts them). */
designation
    : designator_list '='
    | general_identifier ':'            { $$ = list_one(new_named(ctx, @1, ND_DESIG_FIELD, $1, @1)); }
    | index_designator                  { $$ = list_one($1); }
    ;

designator_list
    : designator                        { $$ = list_one($1); }
    | designator_list designator        { $$ = list_add($1, $2); }
    ;

designator
    : index_designator
    | '.' general_identifier            { $$ = new_named(ctx, @$, ND_DESIG_FIELD, $2, @2); }
    ;

index_designator
    : '[' constant_expression ']'       { $$ = new_binary(ctx, @$, ND_DESIG_INDEX, $2, NULL); }
    | '[' constant_expression ELLIPSIS constant_expression ']'
                                        { $$ = new_binary(ctx, @$, ND_DESIG_INDEX, $2, $4); }
    ;


/* ---------------------------------------------------------- statements */

statement
    : labeled_statement
    | compound_statement
    | expression_statement
    | selection_statement
    | iteration_statement
    | jump_statement
    | asm_statement
    | error ';'                         { $$ = recovered(ctx, @$); yyerrok; }
    ;

labeled_statement
    : general_identifier ':' statement
                                        { $$ = new_label(ctx, @$, $1, @1, $3); }
    | CASE constant_expression ':' statement
                                        { $$ = new_case(ctx, @$, $2, NULL, $4); }
    | CASE constant_expression ELLIPSIS constant_expression ':' statement
                                        { $$ = new_case(ctx, @$, $2, $4, $6); }
    | DEFAULT ':' statement             { $$ = new_case(ctx, @$, NULL, NULL, $3); }
    ;

/* A block is a scope: scope_open's value is the depth to return to, so a
 * scope abandoned by error recovery is closed by the enclosing block. */
compound_statement
    : '{' scope_open block_item_list '}' { $$ = finish_block(ctx, @$, $2, $3); }
    ;

scope_open
    : %empty                            { $$ = open_scope(ctx); }
    ;

prototype_open
    : %empty                            { $$ = open_prototype_scope(ctx); }
    ;

block_item_list
    : %empty                            { $$ = list_empty(); }
    | block_item_list block_item        { $$ = list_add($1, $2); }
    ;

block_item
    : declaration
    | statement
    | function_definition
    | local_labels
    | EXTENSION declaration             { $$ = extend_span($2, @$); }
    | error '}'                         { $$ = recovered(ctx, @$); yyerrok; }
    ;

local_labels
    : LABEL identifier_list ';'         { $$ = new_list_node(ctx, @$, ND_LOCAL_LABEL, $2); }
    ;

expression_statement
    : ';'                               { $$ = new_node(ctx, ND_EMPTY, @$); }
    | expression ';'                    { $$ = new_unary(ctx, @$, ND_EXPR_STMT, $1); }
    | attribute ';'                     { $$ = new_node(ctx, ND_EMPTY, @$); }
    ;

selection_statement
    : IF '(' expression ')' statement   { $$ = new_if(ctx, @$, $3, $5, NULL); }
    | IF '(' expression ')' statement ELSE statement
                                        { $$ = new_if(ctx, @$, $3, $5, $7); }
    | SWITCH '(' expression ')' statement
                                        { $$ = new_loop(ctx, @$, ND_SWITCH, $3, $5); }
    ;

iteration_statement
    : WHILE '(' expression ')' statement
                                        { $$ = new_loop(ctx, @$, ND_WHILE, $3, $5); }
    | DO statement WHILE '(' expression ')' ';'
                                        { $$ = new_loop(ctx, @$, ND_DO, $5, $2); }
    | FOR '(' scope_open for_init expression_opt ';' expression_opt ')' statement
                                        { $$ = new_for(ctx, @$, $3, $4, $5, $7, $9); }
    ;


for_init
    : expression_opt ';'                { $$ = $1; }
    | declaration
    ;

jump_statement
    : GOTO general_identifier ';'       { $$ = new_named(ctx, @$, ND_GOTO, $2, @2); }
    | GOTO '*' expression ';'           { $$ = new_unary(ctx, @$, ND_GOTO_PTR, $3); }
    | CONTINUE ';'                      { $$ = new_node(ctx, ND_CONTINUE, @$); }
    | BREAK ';'                         { $$ = new_node(ctx, ND_BREAK, @$); }
    | RETURN expression_opt ';'         { $$ = new_unary(ctx, @$, ND_RETURN, $2); }
    ;

asm_statement
    : ASM asm_qualifiers '(' string_literal asm_operands ')' ';'
                                        { $$ = new_asm(ctx, @$, $2, $4, $5); }
    ;

asm_qualifiers
    : %empty                            { $$ = 0; }
    | asm_qualifiers VOLATILE           { $$ = $1 | FL_ASM_VOLATILE; }
    | asm_qualifiers GOTO               { $$ = $1 | FL_ASM_GOTO; }
    | asm_qualifiers INLINE             { $$ = $1; }
    ;

/* outputs : inputs : clobbers : goto labels, each part optional */
asm_operands
    : %empty                            { $$ = list_empty(); }
    | ':' asm_operand_list              { $$ = asm_section($2, 1); }
    | ':' asm_operand_list ':' asm_operand_list
                                        { $$ = list_cat(asm_section($2, 1), asm_section($4, 2)); }
    | ':' asm_operand_list ':' asm_operand_list ':' asm_clobbers
                                        { $$ = list_cat(asm_section($2, 1), asm_section($4, 2)); }
    | ':' asm_operand_list ':' asm_operand_list ':' asm_clobbers ':' asm_labels
                                        { $$ = list_cat(asm_section($2, 1), asm_section($4, 2)); }
    ;

asm_operand_list
    : %empty                            { $$ = list_empty(); }
    | asm_operand                       { $$ = list_one($1); }
    | asm_operand_list ',' asm_operand  { $$ = list_add($1, $3); }
    ;

asm_operand
    : string_literal '(' expression ')' { $$ = new_asm_operand(ctx, @$, NULL, @$, $1, $3); }
    | '[' general_identifier ']' string_literal '(' expression ')'
                                        { $$ = new_asm_operand(ctx, @$, $2, @2, $4, $6); }
    ;

asm_clobbers
    : %empty
    | string_literal
    | asm_clobbers ',' string_literal
    ;

asm_labels
    : general_identifier
    | asm_labels ',' general_identifier
    ;

/* --------------------------------------------------------- expressions */

primary_expression
    : IDENTIFIER                        { $$ = new_named(ctx, @$, ND_IDENT, $1, @1); }
    | NUMBER                            { $$ = new_node(ctx, ND_NUM, @$); }
    | CHAR_CONST                        { $$ = new_node(ctx, ND_CHAR, @$); }
    | string_literal
    | '(' expression ')'                { $$ = new_unary(ctx, @$, ND_PAREN, $2); }
    | '(' compound_statement ')'        { $$ = new_stmt_expr(ctx, @$, $2); }
    | GENERIC '(' assignment_expression ',' generic_association_list ')'
                                        { $$ = new_generic(ctx, @$, $3, $5); }
    | VA_ARG '(' assignment_expression ',' type_name ')'
                                        { $$ = new_typed(ctx, @$, ND_VA_ARG, $5, $3); }
    | OFFSETOF '(' type_name ',' offsetof_designator ')'
                                        { $$ = new_offsetof(ctx, @$, $3, $5); }
    | TYPES_COMPAT '(' type_name ',' type_name ')'
                                        { $$ = new_types_compat(ctx, @$, $3, $5); }
    ;

/* Adjacent literals are one string; a macro between or before them
 * (`"%" PRId64 "\n"`) is part of it, as it will be after expansion. */
string_literal
    : STRING                            { $$ = new_node(ctx, ND_STRING, @$); }
    | IDENTIFIER STRING                 { $$ = new_node(ctx, ND_STRING, @$); }
    | string_literal STRING             { $$ = extend_span($1, @$); }
    | string_literal IDENTIFIER STRING  { $$ = extend_span($1, @$); }
    ;

generic_association_list
    : generic_association               { $$ = list_one($1); }
    | generic_association_list ',' generic_association { $$ = list_add($1, $3); }
    ;

generic_association
    : type_name ':' assignment_expression
                                        { $$ = new_typed(ctx, @$, ND_GENERIC_ASSOC, $1, $3); }
    | DEFAULT ':' assignment_expression { $$ = new_typed(ctx, @$, ND_GENERIC_ASSOC, NULL, $3); }
    ;

offsetof_designator
    : general_identifier                { $$ = list_one(new_named(ctx, @$, ND_DESIG_FIELD, $1, @1)); }
    | offsetof_designator '.' general_identifier
                                        { $$ = list_add($1, new_named(ctx, span_from(@2, @3), ND_DESIG_FIELD, $3, @3)); }
    | offsetof_designator '[' expression ']'
                                        { $$ = list_add($1, new_binary(ctx, span_from(@2, @4), ND_DESIG_INDEX, $3, NULL)); }
    ;

postfix_expression
    : primary_expression
    | postfix_expression '[' expression ']'
                                        { $$ = new_binary(ctx, @$, ND_INDEX, $1, $3); }
    | postfix_expression '(' ')'        { $$ = new_call(ctx, @$, $1, list_empty()); }
    | postfix_expression '(' argument_list ')'
                                        { $$ = new_call(ctx, @$, $1, $3); }
    | postfix_expression '.' general_identifier
                                        { $$ = new_member(ctx, @$, $1, 0, $3, @3); }
    | postfix_expression ARROW general_identifier
                                        { $$ = new_member(ctx, @$, $1, FL_ARROW, $3, @3); }
    | postfix_expression INC            { $$ = new_unary(ctx, @$, ND_POST_INC, $1); }
    | postfix_expression DEC            { $$ = new_unary(ctx, @$, ND_POST_DEC, $1); }
    | '(' type_name ')' '{' '}'         { $$ = new_compound_literal(ctx, @$, $2, new_init_list(ctx, span_from(@4, @5), list_empty())); }
    | '(' type_name ')' '{' initializer_list comma_opt '}'
                                        { $$ = new_compound_literal(ctx, @$, $2, new_init_list(ctx, span_from(@4, @7), $5)); }
    ;

/* A macro's argument may be a type: va_arg(ap, int). */
argument_list
    : argument                          { $$ = list_one($1); }
    | argument_list ',' argument        { $$ = list_add($1, $3); }
    ;

argument
    : assignment_expression
    | type_name
    | declaration_specifiers declarator { $$ = new_param(ctx, @$, $1, $2); }
    ;

unary_expression
    : postfix_expression
    | INC unary_expression              { $$ = new_unary(ctx, @$, ND_PRE_INC, $2); }
    | DEC unary_expression              { $$ = new_unary(ctx, @$, ND_PRE_DEC, $2); }
    | unary_op cast_expression          { $$ = new_unary(ctx, @$, $1, $2); }
    | SIZEOF unary_expression           { $$ = new_unary(ctx, @$, ND_SIZEOF_EXPR, $2); }
    | SIZEOF '(' type_name ')'          { $$ = new_typed(ctx, @$, ND_SIZEOF_TYPE, $3, NULL); }
    | ALIGNOF unary_expression          { $$ = new_unary(ctx, @$, ND_ALIGNOF_EXPR, $2); }
    | ALIGNOF '(' type_name ')'         { $$ = new_typed(ctx, @$, ND_ALIGNOF_TYPE, $3, NULL); }
    | LOGAND general_identifier         { $$ = new_named(ctx, @$, ND_LABEL_ADDR, $2, @2); }
    ;

unary_op
    : '&'                               { $$ = ND_ADDR; }
    | '*'                               { $$ = ND_DEREF; }
    | '+'                               { $$ = ND_PLUS; }
    | '-'                               { $$ = ND_NEG; }
    | '~'                               { $$ = ND_BITNOT; }
    | '!'                               { $$ = ND_NOT; }
    | REAL                              { $$ = ND_REAL; }
    | IMAG                              { $$ = ND_IMAG; }
    | EXTENSION                         { $$ = ND_EXTENSION; }
    ;

cast_expression
    : unary_expression
    | '(' type_name ')' cast_expression { $$ = new_typed(ctx, @$, ND_CAST, $2, $4); }
    ;

binary_expression
    : cast_expression
    | binary_expression '*' binary_expression   { $$ = new_binary(ctx, @$, ND_MUL, $1, $3); }
    | binary_expression '/' binary_expression   { $$ = new_binary(ctx, @$, ND_DIV, $1, $3); }
    | binary_expression '%' binary_expression   { $$ = new_binary(ctx, @$, ND_MOD, $1, $3); }
    | binary_expression '+' binary_expression   { $$ = new_binary(ctx, @$, ND_ADD, $1, $3); }
    | binary_expression '-' binary_expression   { $$ = new_binary(ctx, @$, ND_SUB, $1, $3); }
    | binary_expression SHL binary_expression   { $$ = new_binary(ctx, @$, ND_SHL, $1, $3); }
    | binary_expression SHR binary_expression   { $$ = new_binary(ctx, @$, ND_SHR, $1, $3); }
    | binary_expression '<' binary_expression   { $$ = new_binary(ctx, @$, ND_LT, $1, $3); }
    | binary_expression '>' binary_expression   { $$ = new_binary(ctx, @$, ND_GT, $1, $3); }
    | binary_expression LE binary_expression    { $$ = new_binary(ctx, @$, ND_LE, $1, $3); }
    | binary_expression GE binary_expression    { $$ = new_binary(ctx, @$, ND_GE, $1, $3); }
    | binary_expression EQ binary_expression    { $$ = new_binary(ctx, @$, ND_EQ, $1, $3); }
    | binary_expression NE binary_expression    { $$ = new_binary(ctx, @$, ND_NE, $1, $3); }
    | binary_expression '&' binary_expression   { $$ = new_binary(ctx, @$, ND_BITAND, $1, $3); }
    | binary_expression '^' binary_expression   { $$ = new_binary(ctx, @$, ND_BITXOR, $1, $3); }
    | binary_expression '|' binary_expression   { $$ = new_binary(ctx, @$, ND_BITOR, $1, $3); }
    | binary_expression LOGAND binary_expression { $$ = new_binary(ctx, @$, ND_LOGAND, $1, $3); }
    | binary_expression LOGOR binary_expression { $$ = new_binary(ctx, @$, ND_LOGOR, $1, $3); }
    ;

conditional_expression
    : binary_expression
    | binary_expression '?' expression ':' conditional_expression
                                        { $$ = new_cond(ctx, @$, $1, $3, $5); }
    | binary_expression '?' ':' conditional_expression
                                        { $$ = new_cond(ctx, @$, $1, NULL, $4); }
    ;

assignment_expression
    : conditional_expression
    | unary_expression assign_op assignment_expression
                                        { $$ = new_assign(ctx, @$, $2, $1, $3); }
    | YIELD assignment_expression       { $$ = new_yield(ctx, @$, $2); }
    ;

assign_op
    : '='                               { $$ = ND_ASSIGN; }
    | MUL_ASSIGN                        { $$ = ND_MUL; }
    | DIV_ASSIGN                        { $$ = ND_DIV; }
    | MOD_ASSIGN                        { $$ = ND_MOD; }
    | ADD_ASSIGN                        { $$ = ND_ADD; }
    | SUB_ASSIGN                        { $$ = ND_SUB; }
    | SHL_ASSIGN                        { $$ = ND_SHL; }
    | SHR_ASSIGN                        { $$ = ND_SHR; }
    | AND_ASSIGN                        { $$ = ND_BITAND; }
    | XOR_ASSIGN                        { $$ = ND_BITXOR; }
    | OR_ASSIGN                         { $$ = ND_BITOR; }
    ;

expression
    : assignment_expression
    | expression ',' assignment_expression
                                        { $$ = new_binary(ctx, @$, ND_COMMA, $1, $3); }
    ;

expression_opt
    : %empty                            { $$ = NULL; }
    | expression
    ;

constant_expression
    : conditional_expression
    ;

%%
