// The C side of starting and tracking programs: fork/exec with PR_SET_PDEATHSIG, and the
// registry of child process groups that the fatal-signal handler kills.
#include "process_spawn.h"
#include "child_registry.h"
