#ifndef PIPELINE_CHILD_REGISTRY_H
#define PIPELINE_CHILD_REGISTRY_H

#include <sys/types.h>

/// The process groups of programs that stages started, so that none outlives `pipeline`.
///
/// A fixed table read by the signal handler without locks (only async-signal-safe calls there:
/// kill, signal, raise); registration is serialised by a mutex. The first registration installs
/// handlers for SIGTERM, SIGINT and SIGHUP (unless the signal is inherited as ignored) that
/// SIGKILL every registered group and then let the signal take its default course, plus an
/// atexit hook that does the same.

/// Records process group `group` (a program's pid when it leads its own group); groups <= 1
/// are ignored. A group that finds no free slot is still killed by its stage.
void pipeline_children_register(pid_t group);

/// Forgets `group`.
void pipeline_children_unregister(pid_t group);

/// Sends SIGKILL to every registered group. Async-signal-safe.
void pipeline_children_kill_all(void);

/// Copies up to `capacity` registered groups into `groups`; returns how many it copied.
int pipeline_children_list(pid_t *groups, int capacity);

#endif
