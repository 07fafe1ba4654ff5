#pragma once
static const int once_value = 21;
