#include "mapped_input.h"
#include "child_registry.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static char mapped_name[1024];
static volatile sig_atomic_t mapped_name_length = 0;
static int open_mappings = 0;  // read by the handler with __atomic_load_n
static pthread_mutex_t guard_lock = PTHREAD_MUTEX_INITIALIZER;
static int guard_installed = 0;

static void write_all(const char *bytes, size_t count) {
    while (count > 0) {
        ssize_t written = write(2, bytes, count);
        if (written <= 0) return;
        bytes += written;
        count -= (size_t)written;
    }
}

static void on_bus_error(int signal_number) {
    if (__atomic_load_n(&open_mappings, __ATOMIC_ACQUIRE) > 0) {
        static const char head[] = "pipeline: error: input ";
        static const char tail[] = " could not be read through its memory mapping (it was truncated or replaced while the run "
                                   "read it, or its device failed); the run stopped\n";
        write_all(head, sizeof(head) - 1);
        write_all(mapped_name, (size_t)mapped_name_length);
        write_all(tail, sizeof(tail) - 1);
        pipeline_children_kill_all();
    }
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

void pipeline_mapped_input_opened(const char *name) {
    pthread_mutex_lock(&guard_lock);
    size_t length = strlen(name);
    if (length > sizeof(mapped_name) - 1) length = sizeof(mapped_name) - 1;
    mapped_name_length = 0;
    memcpy(mapped_name, name, length);
    mapped_name_length = (sig_atomic_t)length;
    if (!guard_installed) {
        guard_installed = 1;
        struct sigaction action;
        memset(&action, 0, sizeof(action));
        action.sa_handler = on_bus_error;
        sigemptyset(&action.sa_mask);
        sigaction(SIGBUS, &action, NULL);
    }
    __atomic_add_fetch(&open_mappings, 1, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&guard_lock);
}

void pipeline_mapped_input_closed(void) {
    __atomic_sub_fetch(&open_mappings, 1, __ATOMIC_RELEASE);
}
