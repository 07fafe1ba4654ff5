/* A GNU cast to a union type. */
union num { int i; double d; };
union num wrap(int x) { return (union num)x; }
