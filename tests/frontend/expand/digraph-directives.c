/* '%:' is '#' (C11 6.4.6p3): directives spelled with it, and '%:' and
 * '%:%:' as the operators of a macro's body. */
%:define CAT(a, b) a %:%: b
%:define STR(x) %:x
  %: define N 3
int CAT(x, y) = N;
const char *s = STR(a <: b :>);
%:if N == 3
int three;
%:else
int other;
%:endif
