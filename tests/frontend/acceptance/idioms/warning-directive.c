/* #warning is a diagnostic, not an error. */
#ifndef CONFIGURED
#warning "using default configuration"
#endif
int configured;
