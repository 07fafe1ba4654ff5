/* An include guard in the main file, and a #pragma once header. */
#ifndef MAIN_GUARD
#define MAIN_GUARD
#include "once.h"
#include "once.h"
int twice(void) { return once_value * 2; }
#endif
