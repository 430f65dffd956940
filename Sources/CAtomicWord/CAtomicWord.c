// Everything is inline in include/CAtomicWord.h; a C target needs one source file.
#include "CAtomicWord.h"
