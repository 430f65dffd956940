#define _GNU_SOURCE
#include "process_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

/// One spawn request, handed from a caller to the spawner thread.
typedef struct {
    const char *path;
    char *const *argv;
    char *const *envp;
    const char *directory;
    pipeline_child *child;
    int result;
    int done;
} spawn_request;

static pthread_mutex_t spawn_lock = PTHREAD_MUTEX_INITIALIZER;   // one request at a time
static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;    // guards `pending`
static pthread_cond_t slot_filled = PTHREAD_COND_INITIALIZER;
static pthread_cond_t slot_done = PTHREAD_COND_INITIALIZER;
static spawn_request *pending = NULL;
static pthread_once_t spawner_once = PTHREAD_ONCE_INIT;
static int spawner_error = 0;

/// Moves `fd` to a number of 3 or above (so that dup2 onto 0-2 in the child never meets it)
/// and keeps it close-on-exec. Returns the new descriptor or -1.
static int above_standard(int fd) {
    if (fd > 2) return fd;
    int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    int saved = errno;
    close(fd);
    errno = saved;
    return moved;
}

/// A close-on-exec pipe whose ends are both 3 or above.
static int make_pipe(int ends[2]) {
    if (pipe2(ends, O_CLOEXEC) != 0) return -1;
    ends[0] = above_standard(ends[0]);
    ends[1] = above_standard(ends[1]);
    if (ends[0] < 0 || ends[1] < 0) {
        if (ends[0] >= 0) close(ends[0]);
        if (ends[1] >= 0) close(ends[1]);
        return -1;
    }
    return 0;
}

static void close_all(int *fds, int count) {
    for (int i = 0; i < count; i++) {
        if (fds[i] >= 0) close(fds[i]);
    }
}

/// In the child, after a failure: report errno to the parent and exit.
static void child_fail(int report_fd) {
    int error = errno;
    ssize_t ignored = write(report_fd, &error, sizeof(error));
    (void)ignored;
    _exit(127);
}

/// Runs on the spawner thread (all signals blocked there).
static int fork_exec(const spawn_request *request) {
    int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1}, report[2] = {-1, -1};
    if (make_pipe(in) != 0 || make_pipe(out) != 0 || make_pipe(err) != 0 || make_pipe(report) != 0) {
        int error = errno;
        int all[8] = {in[0], in[1], out[0], out[1], err[0], err[1], report[0], report[1]};
        close_all(all, 8);
        return error;
    }
    pid_t parent = getpid();
    // vfork: the child shares our memory until execve, so starting a program does not copy the
    // page tables of a large process (as glibc's posix_spawn does). This thread is suspended
    // meanwhile and has every signal blocked, so no handler of ours runs in the child; the
    // child only makes system calls and never returns from this function.
    pid_t pid = vfork();
    if (pid < 0) {
        int error = errno;
        int all[8] = {in[0], in[1], out[0], out[1], err[0], err[1], report[0], report[1]};
        close_all(all, 8);
        return error;
    }
    if (pid == 0) {
        // Child: only async-signal-safe calls from here to execve.
        struct sigaction default_action;
        memset(&default_action, 0, sizeof(default_action));
        default_action.sa_handler = SIG_DFL;
        sigemptyset(&default_action.sa_mask);
        for (int signal_number = 1; signal_number < NSIG; signal_number++) {
            if (signal_number == SIGKILL || signal_number == SIGSTOP) continue;
            (void)sigaction(signal_number, &default_action, NULL);   // EINVAL for reserved ones
        }
        (void)setpgid(0, 0);
#if defined(__linux__)
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) child_fail(report[1]);
        // The parent may have died between fork and prctl: then no signal will come.
        if (getppid() != parent) _exit(127);
#endif
        if (request->directory != NULL && chdir(request->directory) != 0) child_fail(report[1]);
        if (dup2(in[0], STDIN_FILENO) < 0 || dup2(out[1], STDOUT_FILENO) < 0 || dup2(err[1], STDERR_FILENO) < 0) {
            child_fail(report[1]);
        }
        sigset_t none;
        sigemptyset(&none);
        (void)sigprocmask(SIG_SETMASK, &none, NULL);
        execve(request->path, request->argv, request->envp);
        child_fail(report[1]);
    }
    // Parent. Set the group here too, so that kill(-pid) works as soon as we return.
    (void)setpgid(pid, pid);
    close(in[0]);
    close(out[1]);
    close(err[1]);
    close(report[1]);
    int child_error = 0;
    ssize_t got;
    do {
        got = read(report[0], &child_error, sizeof(child_error));
    } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got == (ssize_t)sizeof(child_error)) {
        // exec failed: reap the child and give nothing back.
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        close(in[1]);
        close(out[0]);
        close(err[0]);
        return child_error != 0 ? child_error : ENOEXEC;
    }
    int flags = fcntl(in[1], F_GETFL);
    if (flags >= 0) (void)fcntl(in[1], F_SETFL, flags | O_NONBLOCK);
    request->child->pid = pid;
    request->child->stdin_fd = in[1];
    request->child->stdout_fd = out[0];
    request->child->stderr_fd = err[0];
    return 0;
}

static void *spawner_main(void *unused) {
    (void)unused;
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    for (;;) {
        pthread_mutex_lock(&slot_lock);
        while (pending == NULL || pending->done) pthread_cond_wait(&slot_filled, &slot_lock);
        spawn_request *request = pending;
        pthread_mutex_unlock(&slot_lock);

        int result = fork_exec(request);

        pthread_mutex_lock(&slot_lock);
        request->result = result;
        request->done = 1;
        pthread_cond_broadcast(&slot_done);
        pthread_mutex_unlock(&slot_lock);
    }
    return NULL;
}

static void start_spawner(void) {
    pthread_t thread;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    // Created with every signal blocked, so no handler ever runs on it.
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &previous);
    spawner_error = pthread_create(&thread, &attributes, spawner_main, NULL);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    pthread_attr_destroy(&attributes);
}

int pipeline_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                   pipeline_child *child) {
    pthread_once(&spawner_once, start_spawner);
    if (spawner_error != 0) return spawner_error;
    spawn_request request = {path, argv, envp, directory, child, 0, 0};
    pthread_mutex_lock(&spawn_lock);
    pthread_mutex_lock(&slot_lock);
    pending = &request;
    pthread_cond_signal(&slot_filled);
    while (!request.done) pthread_cond_wait(&slot_done, &slot_lock);
    pending = NULL;
    pthread_mutex_unlock(&slot_lock);
    pthread_mutex_unlock(&spawn_lock);
    return request.result;
}

int pipeline_pidfd_open(pid_t pid) {
#if defined(__linux__) && defined(SYS_pidfd_open)
    int fd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (fd >= 0) (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
    return fd;
#else
    (void)pid;
    return -1;
#endif
}
