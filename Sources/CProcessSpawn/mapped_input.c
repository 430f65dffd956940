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
static int handler_installed = 0;

static void write_all(const char *bytes, size_t count) {
    while (count > 0) {
        ssize_t written = write(2, bytes, count);
        if (written <= 0) return;
        bytes += written;
        count -= (size_t)written;
    }
}

static void on_bus_error(int signal_number, siginfo_t *info, void *context) {
    (void)context;
    // A positive code is the kernel's (BUS_ADRERR and the like, with the faulting address); a
    // SIGBUS that another program sent (SI_USER, SI_TKILL...) names no address.
    if (info != NULL && info->si_code > 0) {
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
            break;
        }
    }
    signal(signal_number, SIG_DFL);
    raise(signal_number);
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
        if (!handler_installed) {
            handler_installed = 1;
            struct sigaction action;
            memset(&action, 0, sizeof(action));
            action.sa_sigaction = on_bus_error;
            action.sa_flags = SA_SIGINFO;
            sigemptyset(&action.sa_mask);
            sigaction(SIGBUS, &action, NULL);
        }
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
