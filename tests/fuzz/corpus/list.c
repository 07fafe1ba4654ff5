typedef struct node { struct node *next; } node;
node *rev(node *n) { node *r = 0; while (n) { node *t = n->next; n->next = r; r = n; n = t; } return r; }
