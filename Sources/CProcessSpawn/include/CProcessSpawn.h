// The C side of starting and tracking programs: fork/exec with PR_SET_PDEATHSIG, the
// registry of child process groups that the fatal-signal handler kills, and the SIGBUS message
// for an input file truncated while it is read through a memory mapping.
#include "process_spawn.h"
#include "child_registry.h"
#include "mapped_input.h"
