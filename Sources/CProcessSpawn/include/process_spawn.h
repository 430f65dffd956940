#ifndef PIPELINE_PROCESS_SPAWN_H
#define PIPELINE_PROCESS_SPAWN_H

#include <sys/types.h>

/// A started program: its pid (it leads its own process group, whose id is the pid) and the
/// parent's ends of its standard streams (close-on-exec, numbered 3 or above; stdin's end is
/// non-blocking, so a write that fits the pipe never needs a thread).
typedef struct {
    pid_t pid;
    int stdin_fd;
    int stdout_fd;
    int stderr_fd;
} pipeline_child;

/// Starts `path` (absolute) with `argv` and `envp` (NULL-terminated) in `directory` (or the
/// current one when NULL), its stdin, stdout and stderr connected to pipes.
///
/// The fork (a vfork: no copy of the page tables) happens on one long-lived thread of this library, so that the child's
/// `PR_SET_PDEATHSIG` (SIGKILL when the parent dies, even of SIGKILL) is tied to a thread that
/// lives as long as the process. Between fork and exec the child calls only async-signal-safe
/// functions: sigaction (every handler back to the default), setpgid, prctl, getppid, chdir,
/// dup2, sigprocmask, execve, write, _exit.
///
/// Returns 0, or an errno value: of pipe/fork in the parent, or of chdir/execve in the child
/// (the child then exited and was reaped; nothing is left open).
int pipeline_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                   pipeline_child *child);

/// A pidfd for `pid` (readable once it exits), or -1 when the kernel has none (before 5.3).
int pipeline_pidfd_open(pid_t pid);

#endif
