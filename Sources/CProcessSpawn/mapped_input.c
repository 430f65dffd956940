#include "mapped_input.h"
#include "child_registry.h"

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

/// A registered mapping. `start` (0: the slot is free for the handler) is stored last when a
/// slot is filled and first when it is emptied, so the handler never reads a half-written entry.
struct mapped_slot {
    uintptr_t start;
    size_t length;
    size_t name_length;
    char name[1024];
};

static struct mapped_slot slots[PIPELINE_MAPPED_INPUT_SLOTS];
/// Which slots are taken (under `registry_lock`; the handler reads `start` only).
static int taken[PIPELINE_MAPPED_INPUT_SLOTS];
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
/// What SIGBUS did before this handler took it (the default, or a handler of the program that
/// embeds the runner): every SIGBUS that is not a window's goes on there.
static struct sigaction previous_action;

static void write_all(const char *bytes, size_t count) {
    while (count > 0) {
        ssize_t written = write(2, bytes, count);
        if (written <= 0) return;
        bytes += written;
        count -= (size_t)written;
    }
}

/// Hands the signal on to what SIGBUS did before: the previous handler, called with the same
/// arguments; or the default course (also for a fault when SIGBUS was ignored, which the kernel
/// would not let pass); a sent SIGBUS that was ignored stays ignored.
static void take_previous_course(int signal_number, siginfo_t *info, void *context, int fault) {
    void (*plain)(int) = previous_action.sa_handler;
    if (plain == SIG_DFL || (plain == SIG_IGN && fault)) {
        signal(signal_number, SIG_DFL);
        raise(signal_number);
        return;
    }
    if (plain == SIG_IGN) return;
    if (previous_action.sa_flags & SA_SIGINFO) previous_action.sa_sigaction(signal_number, info, context);
    else plain(signal_number);
}

static void on_bus_error(int signal_number, siginfo_t *info, void *context) {
    // A positive code is the kernel's (BUS_ADRERR and the like, with the faulting address); a
    // SIGBUS that another program sent (SI_USER, SI_TKILL...) names no address.
    int fault = info != NULL && info->si_code > 0;
    if (fault) {
        uintptr_t address = (uintptr_t)info->si_addr;
        for (int i = 0; i < PIPELINE_MAPPED_INPUT_SLOTS; i++) {
            uintptr_t start = __atomic_load_n(&slots[i].start, __ATOMIC_ACQUIRE);
            if (start == 0 || address < start || address - start >= slots[i].length) continue;
            static const char head[] = "pipeline: error: input ";
            static const char tail[] = " could not be read through its memory mapping (it was truncated or replaced while the run "
                                       "read it, or its device failed); the run stopped\n";
            write_all(head, sizeof(head) - 1);
            write_all(slots[i].name, slots[i].name_length);
            write_all(tail, sizeof(tail) - 1);
            pipeline_children_kill_all();
            // The run cannot go on: the default course, whatever was there before (a previous
            // handler that returned would fault again on the same page, message after message).
            signal(signal_number, SIG_DFL);
            raise(signal_number);
            return;
        }
    }
    take_previous_course(signal_number, info, context, fault);
}

/// Makes `on_bus_error` SIGBUS's handler unless it is already, keeping what was there as the
/// previous course (checked at every registration: a program that embeds the runner may have set
/// its own handler since). Called under `registry_lock`.
static void install_handler(void) {
    struct sigaction current;
    if (sigaction(SIGBUS, NULL, &current) != 0) return;
    if ((current.sa_flags & SA_SIGINFO) && current.sa_sigaction == on_bus_error) return;
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_sigaction = on_bus_error;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    previous_action = current;
    sigaction(SIGBUS, &action, NULL);
}

int pipeline_mapped_input_opened(const char *name, const void *start, size_t length) {
    pthread_mutex_lock(&registry_lock);
    int slot = -1;
    for (int i = 0; i < PIPELINE_MAPPED_INPUT_SLOTS; i++) {
        if (!taken[i]) { slot = i; break; }
    }
    if (slot >= 0) {
        taken[slot] = 1;
        size_t name_length = strlen(name);
        if (name_length > sizeof(slots[slot].name) - 1) name_length = sizeof(slots[slot].name) - 1;
        memcpy(slots[slot].name, name, name_length);
        slots[slot].name_length = name_length;
        slots[slot].length = length;
        __atomic_store_n(&slots[slot].start, (uintptr_t)start, __ATOMIC_RELEASE);
        install_handler();
    }
    pthread_mutex_unlock(&registry_lock);
    return slot;
}

void pipeline_mapped_input_closed(int slot) {
    if (slot < 0 || slot >= PIPELINE_MAPPED_INPUT_SLOTS) return;
    __atomic_store_n(&slots[slot].start, 0, __ATOMIC_RELEASE);
    pthread_mutex_lock(&registry_lock);
    taken[slot] = 0;
    pthread_mutex_unlock(&registry_lock);
}
