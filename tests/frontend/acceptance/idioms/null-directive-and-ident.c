/* The null directive, and GNU #ident. */
#
#ident "$Id: idiom 1.0$"
# /* a null directive with a comment */
int x;
