/* Digraphs for brackets, braces and '#'. */
%:define N 3
int a<:N:> = <% 1, 2, 3 %>;
int get(int i) <% return a<:i:>; %>
